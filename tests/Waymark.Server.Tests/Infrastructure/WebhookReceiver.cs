using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Waymark.Server.Tests.Infrastructure;

/// <summary>
/// A partner's webhook receiver: a real HTTP server on a loopback port that records every request it gets, and can be
/// told to fail (answer 500) to exercise retries.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Received> _received = new();
    private readonly SemaphoreSlim _arrived = new(0);

    public sealed record Received(string Body, string? Signature, string? Timestamp, string? Delivery, string? Event, DateTime At);

    /// <summary>Answer with this status instead of 200 (e.g. 500 to make Waymark retry).</summary>
    public HttpStatusCode Status { get; set; } = HttpStatusCode.OK;

    private WebhookReceiver(WebApplication app)
    {
        _app = app;
    }

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync();
            receiver._received.Enqueue(new Received(body, http.Request.Headers["X-Waymark-Signature"], http.Request.Headers["X-Waymark-Timestamp"],
                http.Request.Headers["X-Waymark-Delivery"], http.Request.Headers["X-Waymark-Event"], DateTime.UtcNow));
            receiver._arrived.Release();
            return Results.StatusCode((int)receiver.Status);
        });
        await app.StartAsync();
        return receiver;
    }

    public string Url => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/hook";

    public IReadOnlyList<Received> All => [.. _received];

    /// <summary>Waits until at least <paramref name="count"/> requests have arrived (or the timeout passes).</summary>
    public async Task<IReadOnlyList<Received>> WaitForAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (_received.Count < count && DateTime.UtcNow < deadline)
        {
            await _arrived.WaitAsync(TimeSpan.FromMilliseconds(100));
        }

        return All;
    }

    /// <summary>What a receiver does: recompute HMAC-SHA256 of "{timestamp}.{body}" with the secret and compare in constant time.</summary>
    public static bool Verifies(Received r, string secret)
    {
        if (r.Signature is null || r.Timestamp is null || !r.Signature.StartsWith("sha256=", StringComparison.Ordinal))
        {
            return false;
        }

        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{r.Timestamp}.{r.Body}"));
        return CryptographicOperations.FixedTimeEquals(expected, Convert.FromHexString(r.Signature["sha256=".Length..]));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _arrived.Dispose();
    }
}
