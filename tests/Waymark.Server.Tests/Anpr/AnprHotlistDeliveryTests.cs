using System.Net;
using System.Text.Json.Nodes;
using Waymark.Server.Tests.Alerts;
using Waymark.Server.Tests.Infrastructure;
using static Waymark.Server.Tests.Anpr.AnprFactory;

namespace Waymark.Server.Tests.Anpr;

/// <summary>A hotlist hit goes all the way: from the read's batch to the control room's browser stream and its webhook.</summary>
public sealed class AnprHotlistDeliveryTests(AnprFactory factory) : IClassFixture<AnprFactory>
{
    [Fact]
    public async Task HotlistHit_ReachesTheOwnersBrowserStream_AndItsSignedWebhook()
    {
        await using var controlRoom = await WebhookReceiver.StartAsync();
        var analyst = await factory.LoginAsync(WaymarkFactory.PoliceAnalyst);
        var (_, secret) = await AlertTestData.WebhookAsync(analyst, controlRoom);
        await analyst.PostJsonAsync("/api/anpr/hotlist",
            new { plate = "CT19 VAN", reason = "intelligence", action = "Do not stop; inform Op Copper OIC", source = "Op Copper" }, HttpStatusCode.Created);

        // The control room's browser is listening.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/alerts/stream");
        using var stream = await analyst.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync());
        Assert.Equal("event: ready", await reader.ReadLineAsync());

        var read = await SendAsync(factory.Machine(factory.PoliceKey), Read("CAM-2", Now.AddSeconds(-30), "ct19van"));
        Assert.Equal(1, (int)read["hotlistHits"]!);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        JsonNode? live = null;
        while (live is null)
        {
            if (await reader.ReadLineAsync(timeout.Token) == "event: alert")
            {
                var data = (await reader.ReadLineAsync(timeout.Token))!;
                live = JsonNode.Parse(data["data: ".Length..]);
            }
        }

        Assert.Equal("anpr-hotlist-hit", live!["kind"]!.GetValue<string>());
        Assert.Equal("CT19VAN", live["evidence"]!["plate"]!.GetValue<string>());
        Assert.Equal("CAM-2", live["evidence"]!["camera"]!.GetValue<string>());
        Assert.Equal(Positions["CAM-2"].Lat, live["latitude"]!.GetValue<double>(), 4);

        var hook = Assert.Single(await controlRoom.WaitForAsync(1, TimeSpan.FromSeconds(15)));
        Assert.True(WebhookReceiver.Verifies(hook, secret));
        Assert.Equal("anpr-hotlist-hit", hook.Event);
        Assert.Equal(live["id"]!.GetValue<string>(), AlertTestData.AlertOf(hook)["id"]!.GetValue<string>());
    }
}
