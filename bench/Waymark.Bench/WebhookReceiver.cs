using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Waymark.Bench;

/// <summary>
/// A webhook receiver on a loopback port, as a partner's control room would run one: it notes the moment each alert
/// arrived (Stopwatch timestamp) under a key the benchmark derives from the alert, keeping the first arrival per key.
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookReceiver(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    public ConcurrentDictionary<string, long> Arrivals { get; } = new(StringComparer.Ordinal);

    /// <param name="keyOf">The key of a delivered alert (the <c>alert</c> object of the body), or null to ignore it.</param>
    public static async Task<WebhookReceiver> StartAsync(Func<JsonNode, string?> keyOf)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        WebhookReceiver? receiver = null;
        app.MapPost("/hook", async (HttpContext http) =>
        {
            var at = Stopwatch.GetTimestamp();
            var body = await JsonNode.ParseAsync(http.Request.Body);
            if (body?["alert"] is { } alert && keyOf(alert) is { } key)
            {
                receiver!.Arrivals.TryAdd(key, at);
            }

            return Results.Ok();
        });
        await app.StartAsync();
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/hook";
        receiver = new WebhookReceiver(app, url);
        return receiver;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
