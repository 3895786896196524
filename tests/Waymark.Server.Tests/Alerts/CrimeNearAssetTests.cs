using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Server.Data;
using Waymark.Server.Features.Alerts;
using Waymark.Server.Tests.Infrastructure;
using static Waymark.Server.Tests.Alerts.AlertTestData;

namespace Waymark.Server.Tests.Alerts;

public sealed class CrimeNearAssetTests(WaymarkFactory factory) : IClassFixture<WaymarkFactory>
{
    private static readonly string[] Burglary = ["burglary"];

    [Fact]
    public async Task CrimeRecorded300mFromRoute_ReachesOwnersSignedWebhook_AndNobodyElse()
    {
        await using var railHook = await WebhookReceiver.StartAsync();
        await using var powerHook = await WebhookReceiver.StartAsync();
        var rail = await factory.LoginAsync(WaymarkFactory.RailAnalyst);
        var power = await factory.LoginAsync(WaymarkFactory.PowerAnalyst);
        var police = await factory.LoginAsync(WaymarkFactory.PoliceOfficer);

        var route = await rail.PostJsonAsync("/api/assets", CableRoute(), HttpStatusCode.Created);
        Assert.Equal("LineString", route["geometryType"]!.GetValue<string>());
        await rail.PostJsonAsync("/api/alert-rules", NearAssetRule(500), HttpStatusCode.Created);
        var (_, railSecret) = await WebhookAsync(rail, railHook);

        // Power has a substation 20 km away, the same rule and a webhook: it must hear nothing.
        var (sLat, sLon) = Wgs84(RouteEasting + 20_000, 369_000);
        await power.PostJsonAsync("/api/assets", new { name = "Substation", kind = "substation", latitude = sLat, longitude = sLon }, HttpStatusCode.Created);
        await power.PostJsonAsync("/api/alert-rules", NearAssetRule(500), HttpStatusCode.Created);
        await WebhookAsync(power, powerHook);

        // 310 m east of the cable's centre line = 300 m from the edge of its 10 m corridor.
        var crime = await police.PostJsonAsync("/api/crimes", CrimeAt(RouteEasting + 310, 369_000), HttpStatusCode.Created);

        var received = await railHook.WaitForAsync(1, TimeSpan.FromSeconds(15));
        var hook = Assert.Single(received);
        Assert.True(WebhookReceiver.Verifies(hook, railSecret), "the signature verifies with the endpoint's secret");
        Assert.False(WebhookReceiver.Verifies(hook, "whsec_wrong"), "and not with another");
        Assert.Equal("crime-near-asset", hook.Event);
        var alert = AlertOf(hook);
        Assert.Equal("crime-near-asset", alert["kind"]!.GetValue<string>());
        Assert.Equal(crime["id"]!.GetValue<string>(), alert["evidence"]!["crime"]!["id"]!.GetValue<string>());
        var asset = alert["evidence"]!["assets"]!.AsArray().Single(a => a!["id"]!.GetValue<string>() == route["id"]!.GetValue<string>())!;
        Assert.Equal(300, asset["distanceMetres"]!.GetValue<double>(), 0.5);
        Assert.Equal("Medium", alert["severity"]!.GetValue<string>()); // 300 m of 500: beyond a quarter of the rule's distance
        Assert.Null(alert["evidence"]!["crime"]!["victimName"]);

        // The partner's inbox has it, unread; Power's is empty and its receiver got nothing.
        var inbox = await rail.GetJsonAsync("/api/alerts?pageSize=500");
        var mine = inbox["items"]!.AsArray().Single(a => a!["id"]!.GetValue<string>() == alert["id"]!.GetValue<string>())!;
        Assert.True(mine["unread"]!.GetValue<bool>());
        var unread = (await rail.GetJsonAsync("/api/alerts/unread-count"))["unread"]!.GetValue<int>();
        await rail.GetJsonAsync($"/api/alerts/{alert["id"]}"); // opening it reads it
        Assert.Equal(unread - 1, (await rail.GetJsonAsync("/api/alerts/unread-count"))["unread"]!.GetValue<int>());
        await Task.Delay(500);
        Assert.Empty(powerHook.All);
        Assert.Equal(0, (await power.GetJsonAsync("/api/alerts"))["total"]!.GetValue<int>());

        // The delivery log says sent, with the receiver's status.
        var log = await rail.GetJsonAsync($"/api/alerts/{alert["id"]}/deliveries");
        Assert.Equal("Sent", log[0]!["status"]!.GetValue<string>());
        Assert.Equal(200, log[0]!["lastStatusCode"]!.GetValue<int>());
    }

    [Fact]
    public async Task CrimeBeyondTheRulesDistance_OrOfAnotherCategory_RaisesNothing()
    {
        var rail = await factory.LoginAsync(WaymarkFactory.RailAnalyst);
        var police = await factory.LoginAsync(WaymarkFactory.PoliceOfficer);
        await rail.PostJsonAsync("/api/assets", CableRoute("ECML-CABLE-FAR"), HttpStatusCode.Created);
        await rail.PostJsonAsync("/api/alert-rules", new { name = "Burglary only", kind = "crime-near-asset", distanceMetres = 200, categories = Burglary }, HttpStatusCode.Created);
        var before = (await factory.AlertsAsync(factory.Rail.Id)).Count;

        await police.PostJsonAsync("/api/crimes", CrimeAt(RouteEasting + 5_000, 369_500), HttpStatusCode.Created); // 5 km off: beyond the 500 m rule of the other test
        await police.PostJsonAsync("/api/crimes", CrimeAt(RouteEasting + 100, 369_500, category: "burglary"), HttpStatusCode.Created); // burglary 90 m off: matches

        await factory.DispatchAsync();
        var alerts = await factory.Scope().ServiceProvider.GetRequiredService<WaymarkDb>().Set<Alert>()
            .Where(a => a.OrganisationId == factory.Rail.Id).OrderBy(a => a.CreatedAt).ToListAsync();
        Assert.Equal(before + 1, alerts.Count);
        Assert.Contains("Burglary", alerts[^1].Title, StringComparison.Ordinal);
        Assert.Equal(AlertSeverity.High, alerts[^1].Severity); // 90 m from the corridor is within a quarter of 200 m
    }

    [Fact]
    public async Task LawEnforcementOnlyCrime_IsNeverAlertedToAPartner()
    {
        var rail = await factory.LoginAsync(WaymarkFactory.RailAnalyst);
        var police = await factory.LoginAsync(WaymarkFactory.PoliceOfficer);
        await rail.PostJsonAsync("/api/assets", CableRoute("ECML-CABLE-LE"), HttpStatusCode.Created);
        await rail.PostJsonAsync("/api/alert-rules", NearAssetRule(1000), HttpStatusCode.Created);
        await factory.DispatchAsync();
        var before = (await factory.AlertsAsync(factory.Rail.Id)).Count;

        var crime = await police.PostJsonAsync("/api/crimes", CrimeAt(RouteEasting + 50, 369_800, visibility: "LawEnforcement"), HttpStatusCode.Created);
        await factory.DispatchAsync();

        Assert.Equal(before, (await factory.AlertsAsync(factory.Rail.Id)).Count);
        var inbox = await rail.GetStringAsync("/api/alerts?pageSize=500");
        Assert.DoesNotContain(crime["id"]!.GetValue<string>(), inbox, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AlertWorkflow_AcknowledgeAssignClose_IsKeptInHistoryAndAudited()
    {
        var rail = await factory.LoginAsync(WaymarkFactory.RailAnalyst);
        var police = await factory.LoginAsync(WaymarkFactory.PoliceOfficer);
        await rail.PostJsonAsync("/api/assets", CableRoute("ECML-CABLE-WF"), HttpStatusCode.Created);
        await rail.PostJsonAsync("/api/alert-rules", NearAssetRule(800), HttpStatusCode.Created);
        await police.PostJsonAsync("/api/crimes", CrimeAt(RouteEasting - 200, 368_500), HttpStatusCode.Created);
        await factory.DispatchAsync();
        var inbox = await rail.GetJsonAsync("/api/alerts?status=open");
        var id = inbox["items"]![0]!["id"]!.GetValue<string>();

        var me = await rail.GetJsonAsync("/api/auth/me");
        await rail.PostJsonAsync($"/api/alerts/{id}/acknowledge", new { note = "looking" }, HttpStatusCode.OK);
        // The picker offers the people of the caller's own organisation, and only them.
        var colleagues = (await rail.GetJsonAsync("/api/alerts/colleagues")).AsArray();
        Assert.Contains(colleagues, c => c!["email"]!.GetValue<string>() == WaymarkFactory.RailAnalyst);
        Assert.DoesNotContain(colleagues, c => c!["email"]!.GetValue<string>() == WaymarkFactory.PoliceOfficer);
        var officerId = (await police.GetJsonAsync("/api/auth/me"))["userId"]!.GetValue<string>();
        await rail.PostJsonAsync($"/api/alerts/{id}/assign", new { userId = officerId, note = "not ours" }, HttpStatusCode.BadRequest);
        await rail.PostJsonAsync($"/api/alerts/{id}/assign", new { userId = me["userId"]!.GetValue<string>(), note = "patrol" }, HttpStatusCode.OK);
        var refused = await rail.PostJsonAsync($"/api/alerts/{id}/close", new { note = "" }, HttpStatusCode.BadRequest);
        Assert.NotNull(refused["errors"]!["note"]);
        var closed = await rail.PostJsonAsync($"/api/alerts/{id}/close", new { note = "Patrol found cable intact" }, HttpStatusCode.OK);
        Assert.Equal("Closed", closed["status"]!.GetValue<string>());
        Assert.Equal("Patrol found cable intact", closed["closingNote"]!.GetValue<string>());

        var history = (await rail.GetJsonAsync($"/api/alerts/{id}/history")).AsArray().Select(h => h!["action"]!.GetValue<string>()).ToList();
        Assert.Equal(["raised", "acknowledged", "assigned", "closed"], history);

        // Another organisation cannot open it.
        var power = await factory.LoginAsync(WaymarkFactory.PowerAnalyst);
        Assert.Equal(HttpStatusCode.NotFound, (await power.GetAsync($"/api/alerts/{id}")).StatusCode);

        await using var scope = factory.Scope();
        var audit = await scope.ServiceProvider.GetRequiredService<WaymarkDb>().AuditEntries.Where(a => a.RecordId == id).Select(a => a.Action).ToListAsync();
        Assert.Equal(["alert.acknowledged", "alert.assigned", "alert.closed"], audit);
    }

}
