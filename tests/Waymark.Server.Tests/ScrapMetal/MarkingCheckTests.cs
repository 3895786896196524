using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Core.Marking;
using Waymark.Server.Data;
using Waymark.Server.Features.Alerts;
using Waymark.Server.Features.ScrapMetal;
using Waymark.Server.Tests.Infrastructure;

namespace Waymark.Server.Tests.ScrapMetal;

/// <summary>The forensic-marking check on receipts: codes read off the metal looked up in the marking registry.</summary>
public sealed class MarkingCheckTests(ScrapFactory factory) : IClassFixture<ScrapFactory>
{
    private const string Asset = "ECML 156m 40ch cable run";

    /// <summary>An infrastructure programme of the rail partner with a fresh prefix and ten codes; the first registered to its cable.</summary>
    private async Task<(MarkingCode Registered, string Prefix, string RegistrationId)> RailCableAsync()
    {
        var rail = await factory.LoginAsync(WaymarkFactory.RailAnalyst);
        var prefix = "R" + Guid.NewGuid().ToString("N")[..3].ToUpperInvariant();
        var programme = (string)(await rail.PostJsonAsync("/api/marking/programmes", new { name = "Cable marking " + prefix, prefix, kind = "infrastructure" }, HttpStatusCode.Created))["id"]!;
        await rail.PostJsonAsync($"/api/marking/programmes/{programme}/batches", new { count = 10 }, HttpStatusCode.Created);
        var code = MarkingCode.Issue(prefix, 0);
        var registration = await rail.PostJsonAsync($"/api/marking/programmes/{programme}/registrations", new
        {
            code = code.Value, holderName = "Britannia Rail signalling", assetReference = Asset,
        }, HttpStatusCode.Created);
        return (code, prefix, (string)registration["id"]!);
    }

    private static Dictionary<string, object?> CopperCable(string? markingCode)
    {
        var body = ScrapFactory.Receipt();
        body["items"] = new[] { new { metalType = "copper", form = "cable", condition = "burnt", weightKg = 120.0, markingCode } };
        return body;
    }

    private static List<DirectedAlert> Alerts(IEnumerable<OutboxEvent> events) =>
        events.Select(e => JsonSerializer.Deserialize<DirectedAlert>(e.Payload, Waymark.Server.Json.Options)!).ToList();

    [Fact]
    public async Task CopperCableWithARailOperatorsRegisteredCode_IsFlagged_AndTheForceAndTheOperatorAreAlerted()
    {
        var (code, _, registrationId) = await RailCableAsync();
        var dealer = await factory.LoginAsync(WaymarkFactory.DealerUser);
        // As a scanner or a person types it: lower case, with hyphens.
        var receipt = await dealer.PostJsonAsync("/api/scrap/receipts", CopperCable(code.Display.ToLowerInvariant()), HttpStatusCode.Created);
        var id = (string)receipt["id"]!;
        var reference = (string)receipt["reference"]!;

        // The dealer: flagged, with what to do, and nothing of the holder or the match.
        Assert.True((bool)receipt["flagged"]!);
        Assert.Equal(0, (int)receipt["breachCount"]!);
        Assert.Contains("Keep this metal separate", (string)receipt["advice"]!, StringComparison.Ordinal);
        var intelligence = receipt["checks"]!.AsArray().Single(c => (string)c!["check"]! == ReceiptView.PartnershipIntelligence)!;
        Assert.False((bool)intelligence["passed"]!);
        Assert.Equal(ReceiptView.IntelligenceAdvice, (string)intelligence["message"]!);
        foreach (var view in new[] { receipt.ToJsonString(), (await dealer.GetJsonAsync($"/api/scrap/receipts/{id}")).ToJsonString() })
        {
            Assert.DoesNotContain("Britannia", view, StringComparison.Ordinal);
            Assert.DoesNotContain("Test Rail", view, StringComparison.Ordinal);
            Assert.DoesNotContain(Asset, view, StringComparison.Ordinal);
            Assert.DoesNotContain(registrationId, view, StringComparison.Ordinal);
            Assert.DoesNotContain("forensic-marking", view, StringComparison.Ordinal);
            Assert.DoesNotContain("registered", view, StringComparison.OrdinalIgnoreCase);
        }

        // Police: the check, the registration and whose it is.
        var police = await factory.LoginAsync(WaymarkFactory.PoliceAnalyst);
        var check = (await police.GetJsonAsync($"/api/scrap/receipts/{id}"))["checks"]!.AsArray().Single(c => (string)c!["check"]! == "forensic-marking")!;
        Assert.False((bool)check["passed"]!);
        Assert.Equal("marking-code-registered", (string)check["code"]!);
        Assert.Equal([registrationId], check["relatedIds"]!.AsArray().Select(x => (string)x!));
        Assert.Contains("Test Rail", (string)check["detail"]!, StringComparison.Ordinal);
        Assert.Contains(Asset, (string)check["detail"]!, StringComparison.Ordinal);

        // Two alerts: the covering force's, and the operator's own.
        var events = await factory.OutboxAsync(reference);
        var alerts = Alerts(events);
        Assert.Equal(2, alerts.Count);
        var toForce = alerts.Single(a => a.Recipients.SequenceEqual([factory.Police.Id]));
        var toRail = alerts.Single(a => a.Recipients.SequenceEqual([factory.Rail.Id]));
        Assert.Equal(AlertSeverity.High, toForce.Severity);
        Assert.Equal(AlertKinds.ScrapReceiptFlagged, toRail.Kind);
        Assert.Equal("forensic-marking", (string)toForce.Evidence!["failedChecks"]![0]!["check"]!);
        Assert.Equal(registrationId, (string)toForce.Evidence!["failedChecks"]![0]!["relatedIds"]![0]!);
        Assert.Contains(code.Display, toRail.Summary, StringComparison.Ordinal);
        Assert.Contains(Asset, toRail.Summary, StringComparison.Ordinal);
        Assert.Contains("Test Metals Ltd", toRail.Summary, StringComparison.Ordinal);
        Assert.Contains("Main yard", toRail.Summary, StringComparison.Ordinal);
        Assert.Equal(code.Display, (string)toRail.Evidence!["codes"]!);
        foreach (var e in events)
        {
            // The seller, their address and the plate are never in an alert.
            Assert.DoesNotContain("Alan Honest", e.Payload, StringComparison.Ordinal);
            Assert.DoesNotContain("Thorne Road", e.Payload, StringComparison.Ordinal);
            Assert.DoesNotContain("YK19", e.Payload, StringComparison.Ordinal);
        }

        // The operator's alert holds no police intelligence: not the registration id the force has, nor the other checks.
        var railPayload = events.Single(e => e.Payload.Contains(factory.Rail.Id.ToString(), StringComparison.Ordinal)).Payload;
        Assert.DoesNotContain("failedChecks", railPayload, StringComparison.Ordinal);
        Assert.DoesNotContain("Britannia", railPayload, StringComparison.Ordinal);

        // The look-up is audited with the receipt as its purpose, in its transaction.
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<WaymarkDb>();
        var entry = Assert.Single(await db.AuditEntries.Where(a => a.Action == "marking.lookup" && a.RecordId == code.Value).ToListAsync());
        Assert.Equal("marking-code", entry.RecordType);
        Assert.Contains(reference, entry.Purpose, StringComparison.Ordinal);
        Assert.StartsWith("registered;", entry.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CodeRecordedStolen_WithoutARegistration_IsFlagged_AndPoliceSeeTheCrime()
    {
        var (_, prefix, _) = await RailCableAsync();
        var unregistered = MarkingCode.Issue(prefix, 3);
        // Stolen far from the yard (London), so only the code links it to the receipt.
        var rail = await factory.LoginAsync(WaymarkFactory.RailAnalyst);
        var stolenAt = DateTimeOffset.UtcNow.AddDays(-5);
        var crime = await rail.PostJsonAsync("/api/crimes", new
        {
            category = "metal-theft-rail-signalling-cable",
            occurredFrom = stolenAt,
            occurredTo = stolenAt.AddHours(4),
            latitude = 51.5300,
            longitude = -0.1240,
            visibility = "Partnership",
            propertyStolen = new[] { new { type = "copper signalling cable", weightKg = 300.0, markingCode = unregistered.Display } },
        }, HttpStatusCode.Created);
        var crimeId = (string)crime["id"]!;

        var dealer = await factory.LoginAsync(WaymarkFactory.DealerUser);
        var receipt = await dealer.PostJsonAsync("/api/scrap/receipts", CopperCable(unregistered.Value), HttpStatusCode.Created);
        Assert.True((bool)receipt["flagged"]!);
        Assert.DoesNotContain(crimeId, receipt.ToJsonString(), StringComparison.Ordinal);

        var police = await factory.LoginAsync(WaymarkFactory.PoliceAnalyst);
        var checks = (await police.GetJsonAsync($"/api/scrap/receipts/{(string)receipt["id"]!}"))["checks"]!.AsArray();
        Assert.True((bool)checks.Single(c => (string)c!["check"]! == "stolen-metal-nearby")!["passed"]!);
        var check = checks.Single(c => (string)c!["check"]! == "forensic-marking")!;
        Assert.Equal("marking-code-stolen", (string)check["code"]!);
        Assert.Equal([crimeId], check["relatedIds"]!.AsArray().Select(x => (string)x!));

        // No holder to tell: the force alone.
        var alert = Assert.Single(Alerts(await factory.OutboxAsync((string)receipt["reference"]!)));
        Assert.Equal([factory.Police.Id], alert.Recipients);
    }

    [Fact]
    public async Task MistypedCode_IsNotIntelligence_ButTellsTheDealerToReReadIt()
    {
        var (code, _, _) = await RailCableAsync();
        var chars = code.Value.ToCharArray();
        chars[^1] = chars[^1] == 'A' ? 'B' : 'A'; // the right code with the wrong check character
        var typo = new string(chars);

        var dealer = await factory.LoginAsync(WaymarkFactory.DealerUser);
        var receipt = await dealer.PostJsonAsync("/api/scrap/receipts", CopperCable(typo), HttpStatusCode.Created);

        Assert.False((bool)receipt["flagged"]!);
        Assert.Null(receipt["advice"]);
        var intelligence = receipt["checks"]!.AsArray().Single(c => (string)c!["check"]! == ReceiptView.PartnershipIntelligence)!;
        Assert.True((bool)intelligence["passed"]!);
        var message = (string)intelligence["message"]!;
        Assert.Contains(typo, message, StringComparison.Ordinal);
        Assert.Contains("check character", message, StringComparison.Ordinal);
        Assert.Contains("Re-read the code", message, StringComparison.Ordinal);
        Assert.DoesNotContain("police follow-up", message, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(await factory.OutboxAsync((string)receipt["reference"]!));

        var police = await factory.LoginAsync(WaymarkFactory.PoliceAnalyst);
        var check = (await police.GetJsonAsync($"/api/scrap/receipts/{(string)receipt["id"]!}"))["checks"]!.AsArray().Single(c => (string)c!["check"]! == "forensic-marking")!;
        Assert.True((bool)check["passed"]!);
        Assert.Equal("marking-code-invalid", (string)check["code"]!);
    }

    [Fact]
    public async Task CodelessReceipt_StillPasses_WithNoAlertAndNoLookUp()
    {
        var dealer = await factory.LoginAsync(WaymarkFactory.DealerUser);
        var receipt = await dealer.PostJsonAsync("/api/scrap/receipts", CopperCable(null), HttpStatusCode.Created);

        Assert.False((bool)receipt["flagged"]!);
        Assert.All(receipt["checks"]!.AsArray(), c => Assert.Null(c!["message"]));
        Assert.Empty(await factory.OutboxAsync((string)receipt["reference"]!));
        var police = await factory.LoginAsync(WaymarkFactory.PoliceAnalyst);
        var check = (await police.GetJsonAsync($"/api/scrap/receipts/{(string)receipt["id"]!}"))["checks"]!.AsArray().Single(c => (string)c!["check"]! == "forensic-marking")!;
        Assert.True((bool)check["passed"]!);

        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<WaymarkDb>();
        var lookups = await db.AuditEntries.Where(a => a.Action == "marking.lookup").Select(a => a.Purpose).ToListAsync();
        Assert.DoesNotContain(lookups, p => p!.Contains((string)receipt["reference"]!, StringComparison.Ordinal));
    }

    [Fact]
    public async Task HouseholdCodeInTheCoveringForcesOwnProgramme_TellsTheForceOnce()
    {
        var police = await factory.LoginAsync(WaymarkFactory.PoliceAnalyst);
        var prefix = "H" + Guid.NewGuid().ToString("N")[..3].ToUpperInvariant();
        var programme = (string)(await police.PostJsonAsync("/api/marking/programmes", new { name = "Household marking " + prefix, prefix, kind = "household" }, HttpStatusCode.Created))["id"]!;
        await police.PostJsonAsync($"/api/marking/programmes/{programme}/batches", new { count = 5 }, HttpStatusCode.Created);
        var code = MarkingCode.Issue(prefix, 2);
        await police.PostJsonAsync($"/api/marking/programmes/{programme}/registrations", new
        {
            code = code.Value, holderKind = "household", holderName = "Mrs A. Patel", address = "12 Mill Lane, Lincoln", postcode = "LN1 3BT",
        }, HttpStatusCode.Created);

        var dealer = await factory.LoginAsync(WaymarkFactory.DealerUser);
        var body = ScrapFactory.Receipt();
        body["items"] = new[] { new { metalType = "brass", form = "ornaments", condition = "used", weightKg = 4.0, markingCode = code.Display } };
        var receipt = await dealer.PostJsonAsync("/api/scrap/receipts", body, HttpStatusCode.Created);

        Assert.True((bool)receipt["flagged"]!);
        var events = await factory.OutboxAsync((string)receipt["reference"]!);
        var alert = Assert.Single(Alerts(events));
        Assert.Equal([factory.Police.Id], alert.Recipients);
        Assert.DoesNotContain("Patel", events[0].Payload, StringComparison.Ordinal);
    }
}
