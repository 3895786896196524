using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Server.Data;
using Waymark.Server.Features.Alerts;
using System.Text.Json.Nodes;
using Waymark.Core.Geo;
using Waymark.Server.Tests.Infrastructure;

namespace Waymark.Server.Tests.Alerts;

/// <summary>Places on the East Coast Main Line near Tuxford, worked out on the British National Grid so distances are exact.</summary>
public static class AlertTestData
{
    // A straight north–south cable route 2 km long at easting 475,000, with a 10 m corridor.
    public const double RouteEasting = 475_000, RouteSouth = 368_000, RouteNorth = 370_000, RouteBuffer = 10;

    public static (double Lat, double Lon) Wgs84(double easting, double northing)
    {
        Assert.True(Ostn15.TryToWgs84(easting, northing, out var lat, out var lon));
        return (lat, lon);
    }

    public static object CableRoute(string reference = "ECML-CABLE-1")
    {
        var (lat1, lon1) = Wgs84(RouteEasting, RouteSouth);
        var (lat2, lon2) = Wgs84(RouteEasting, RouteNorth);
        return new
        {
            name = "ECML signalling cable, Tuxford",
            kind = "cable route",
            reference,
            bufferMetres = RouteBuffer,
            geometry = new { type = "LineString", coordinates = new[] { new[] { lon1, lat1 }, new[] { lon2, lat2 } } },
        };
    }

    public static Task<(string Id, string Secret)> WebhookAsync(HttpClient client, WebhookReceiver receiver) => WebhookAsync(client, receiver.Url);

    public static async Task<(string Id, string Secret)> WebhookAsync(HttpClient client, string url)
    {
        var hook = await client.PostJsonAsync("/api/webhooks", new { url, description = "control room" }, HttpStatusCode.Created);
        return (hook["id"]!.GetValue<string>(), hook["secret"]!.GetValue<string>());
    }

    public static object NearAssetRule(double distance = 500) =>
        new { name = "Cable theft near our routes", kind = "crime-near-asset", distanceMetres = distance };

    /// <summary>A crime at a grid position, recorded now-ish (occurred <paramref name="daysAgo"/> days ago).</summary>
    public static object CrimeAt(double easting, double northing, double daysAgo = 0.1, string category = "metal-theft-rail-signalling-cable", string visibility = "Partnership", string[]? mo = null)
    {
        var (lat, lon) = Wgs84(easting, northing);
        var from = DateTime.UtcNow.AddDays(-daysAgo);
        return new
        {
            category,
            occurredFrom = from.ToString("O"),
            occurredTo = from.AddHours(1).ToString("O"),
            latitude = lat,
            longitude = lon,
            locationDescription = "Lineside",
            visibility,
            moTags = mo,
        };
    }

    public static JsonNode AlertOf(WebhookReceiver.Received r) => JsonNode.Parse(r.Body)!["alert"]!;

    /// <summary>Runs the dispatcher until the outbox is empty, as its background loop would (tests call it to avoid waiting).</summary>
    public static async Task DispatchAsync(this WaymarkFactory factory)
    {
        var dispatcher = factory.Services.GetRequiredService<AlertDispatcher>();
        while (await dispatcher.DispatchPendingAsync(CancellationToken.None) > 0)
        {
        }
    }

    public static async Task<List<Alert>> AlertsAsync(this WaymarkFactory factory, Guid organisation, string? kind = null)
    {
        await using var scope = factory.Scope();
        return await scope.ServiceProvider.GetRequiredService<WaymarkDb>().Set<Alert>().AsNoTracking()
            .Where(a => a.OrganisationId == organisation && (kind == null || a.Kind == kind)).OrderBy(a => a.CreatedAt).ToListAsync();
    }
}
