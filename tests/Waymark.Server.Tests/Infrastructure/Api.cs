using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Waymark.Server.Tests.Infrastructure;

/// <summary>Small helpers for reading the API's JSON in tests.</summary>
public static class Api
{
    public static async Task<JsonNode> JsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(text) ?? throw new InvalidOperationException("empty body");
    }

    public static async Task<JsonNode> PostJsonAsync(this HttpClient client, string url, object body, System.Net.HttpStatusCode expected)
    {
        var response = await client.PostAsJsonAsync(url, body);
        var text = await response.Content.ReadAsStringAsync();
        Xunit.Assert.True(response.StatusCode == expected, $"expected {expected}, got {response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    public static async Task<JsonNode> GetJsonAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        Xunit.Assert.True(response.IsSuccessStatusCode, $"GET {url}: {response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    /// <summary>A crime of the given owner's choosing, at a place in Great Britain (Doncaster station by default).</summary>
    public static object Crime(string visibility = "Partnership", string category = "metal-theft-rail-signalling-cable",
        double latitude = 53.5228, double longitude = -1.1397, object? personal = null, string? reference = null) => new
    {
        reference,
        category,
        occurredFrom = "2026-03-02T23:00:00Z",
        occurredTo = "2026-03-03T05:30:00Z",
        latitude,
        longitude,
        locationDescription = "Lineside near Doncaster",
        visibility,
        propertyStolen = new[] { new { type = "copper signalling cable", quantity = 1, weightKg = 220.0, valuePounds = 3400.0 } },
        personal,
    };

    public static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
}
