using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Server.Data;
using Waymark.Server.Features.Alerts;
using Waymark.Server.Tests.Infrastructure;
using static Waymark.Server.Tests.Alerts.AlertTestData;

namespace Waymark.Server.Tests.Alerts;

/// <summary>Retries, failures, e-mail through an SMTP server on loopback, and the live stream.</summary>
public sealed class AlertDeliveryTests(AlertDeliveryTests.Factory factory) : IClassFixture<AlertDeliveryTests.Factory>, IAsyncLifetime
{
    public sealed class Factory : WaymarkFactory
    {
        public SmtpSink Smtp { get; } = SmtpSink.Start();

        protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
        {
            ["Waymark:Alerts:FirstRetryDelay"] = "00:00:00.2",
            ["Waymark:Alerts:MaxAttempts"] = "3",
            ["Waymark:Alerts:WebhookTimeout"] = "00:00:02",
            ["Waymark:Alerts:Smtp:Host"] = "127.0.0.1",
            ["Waymark:Alerts:Smtp:Port"] = Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Waymark:Alerts:Smtp:From"] = "alerts@waymark.test",
        };

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            Smtp.Dispose();
        }
    }

    private static readonly string[] ControlRoom = ["control@rail.test"];
    private WebhookReceiver _good = null!;
    private WebhookReceiver _failing = null!;

    public async Task InitializeAsync()
    {
        _good = await WebhookReceiver.StartAsync();
        _failing = await WebhookReceiver.StartAsync();
        _failing.Status = HttpStatusCode.InternalServerError;
    }

    public async Task DisposeAsync()
    {
        await _good.DisposeAsync();
        await _failing.DisposeAsync();
    }

    [Fact]
    public async Task FailingAndUnreachableWebhooks_AreRetriedThenMarkedFailed_WithoutHoldingUpTheGoodOne_AndEmailIsSent()
    {
        var rail = await factory.LoginAsync(WaymarkFactory.RailAnalyst);
        var police = await factory.LoginAsync(WaymarkFactory.PoliceOfficer);
        await rail.PostJsonAsync("/api/assets", CableRoute(), HttpStatusCode.Created);
        await rail.PostJsonAsync("/api/alert-rules", new { name = "Near the line", kind = "crime-near-asset", distanceMetres = 500, emailTo = ControlRoom }, HttpStatusCode.Created);
        var (unreachableId, _) = await WebhookAsync(rail, UnreachableUrl());
        var (failingId, _) = await WebhookAsync(rail, _failing);
        await WebhookAsync(rail, _good);

        var started = DateTime.UtcNow;
        await police.PostJsonAsync("/api/crimes", CrimeAt(RouteEasting + 50, 369_000), HttpStatusCode.Created);

        var good = await _good.WaitForAsync(1, TimeSpan.FromSeconds(10));
        Assert.Single(good);
        Assert.True(good[0].At - started < TimeSpan.FromSeconds(5), "the good receiver is not held up by the unreachable one");

        // The failing receiver is tried three times (0.2 s, then 0.4 s apart) and then given up on.
        var failing = await _failing.WaitForAsync(3, TimeSpan.FromSeconds(15));
        Assert.Equal(3, failing.Count);
        Assert.Single(failing.Select(f => f.Delivery).Distinct()); // the same delivery, retried
        var failedLog = await WaitForStatusAsync(rail, failingId, "Failed");
        Assert.Equal(3, failedLog["attempts"]!.GetValue<int>());
        Assert.Equal(500, failedLog["lastStatusCode"]!.GetValue<int>());
        var unreachableLog = await WaitForStatusAsync(rail, unreachableId, "Failed");
        Assert.NotNull(unreachableLog["lastError"]);

        // The e-mail went through the SMTP server.
        var mail = await factory.Smtp.WaitForAsync(1, TimeSpan.FromSeconds(10));
        await using (var scope = factory.Scope())
        {
            var email = await scope.ServiceProvider.GetRequiredService<WaymarkDb>().Set<AlertDelivery>().SingleAsync(d => d.Channel == DeliveryChannel.Email);
            Assert.True(email.Status == DeliveryStatus.Sent, $"e-mail delivery {email.Status}: {email.LastError}");
        }

        var message = Assert.Single(mail);
        Assert.Contains("control@rail.test", message.Recipients);
        Assert.Contains("Subject: [Waymark High]", message.Data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stream_DeliversTheAlertToTheOrganisationsBrowser()
    {
        var rail = await factory.LoginAsync(WaymarkFactory.RailAnalyst);
        var police = await factory.LoginAsync(WaymarkFactory.PoliceOfficer);
        await rail.PostJsonAsync("/api/assets", CableRoute("STREAM"), HttpStatusCode.Created);
        await rail.PostJsonAsync("/api/alert-rules", NearAssetRule(600), HttpStatusCode.Created);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/alerts/stream");
        using var response = await rail.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.Equal("event: ready", await reader.ReadLineAsync());

        var crime = await police.PostJsonAsync("/api/crimes", CrimeAt(RouteEasting - 300, 368_200), HttpStatusCode.Created);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        string? data = null;
        while (data is null)
        {
            var line = await reader.ReadLineAsync(timeout.Token);
            if (line == "event: alert")
            {
                data = (await reader.ReadLineAsync(timeout.Token))!;
            }
        }

        Assert.StartsWith("data: ", data, StringComparison.Ordinal);
        var alert = System.Text.Json.Nodes.JsonNode.Parse(data["data: ".Length..])!;
        Assert.Equal(crime["id"]!.GetValue<string>(), alert["evidence"]!["crime"]!["id"]!.GetValue<string>());
    }

    private static async Task<System.Text.Json.Nodes.JsonNode> WaitForStatusAsync(HttpClient client, string webhook, string status)
    {
        for (var i = 0; i < 150; i++)
        {
            var log = await client.GetJsonAsync($"/api/webhooks/{webhook}/deliveries");
            if (log.AsArray().FirstOrDefault() is { } d && d["status"]!.GetValue<string>() == status)
            {
                return d;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"delivery never reached {status}");
    }

    /// <summary>A loopback port nothing listens on: bind one, note it, close it.</summary>
    private static string UnreachableUrl()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}/hook";
    }
}
