using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Server.Data;
using Waymark.Server.Features.Alerts;
using Waymark.Server.Features.Audit;
using Waymark.Server.Features.ScrapMetal;
using Waymark.Server.Tests.Infrastructure;

namespace Waymark.Server.Tests.ScrapMetal;

public sealed class ReceiptTests(ScrapFactory factory) : IClassFixture<ScrapFactory>
{
    [Fact]
    public async Task CleanReceipt_PassesEveryCheck_AndRaisesNoAlert()
    {
        var dealer = await factory.LoginAsync(WaymarkFactory.DealerUser);
        var receipt = await dealer.PostJsonAsync("/api/scrap/receipts", ScrapFactory.Receipt(), HttpStatusCode.Created);

        Assert.False((bool)receipt["flagged"]!);
        Assert.True((bool)receipt["idVerified"]!);
        Assert.Equal(0, (int)receipt["breachCount"]!);
        Assert.Equal(62.5, (double)receipt["totalWeightKg"]!);
        Assert.All(receipt["checks"]!.AsArray(), c => Assert.True((bool)c!["passed"]!, c!.ToJsonString()));
        // The dealer's own record comes back with its personal data (they just wrote it), plate normalised.
        Assert.Equal("YK19ABC", (string)receipt["personal"]!["vehicleRegistration"]!);
        Assert.Empty(await factory.OutboxAsync((string)receipt["id"]!));
    }

    [Fact]
    public async Task CashPayment_IsRecordedAsABreach_AndTheForceIsAlerted()
    {
        var dealer = await factory.LoginAsync(WaymarkFactory.DealerUser);
        var body = ScrapFactory.Receipt();
        body["payment"] = "Cash";
        var receipt = await dealer.PostJsonAsync("/api/scrap/receipts", body, HttpStatusCode.Created);

        Assert.True((bool)receipt["flagged"]!);
        Assert.Equal(1, (int)receipt["breachCount"]!);
        var payment = receipt["checks"]!.AsArray().Single(c => (string)c!["check"]! == "payment")!;
        Assert.False((bool)payment["passed"]!);
        Assert.Equal("cash-payment", (string)payment["code"]!);
        Assert.Contains("non-transferable cheque or electronic transfer", (string)payment["message"]!, StringComparison.Ordinal);

        var events = await factory.OutboxAsync((string)receipt["id"]!);
        var alert = JsonSerializer.Deserialize<DirectedAlert>(Assert.Single(events).Payload, Waymark.Server.Json.Options)!;
        Assert.Equal(OutboxEventKinds.Directed, events[0].Kind);
        Assert.Equal(AlertKinds.ScrapReceiptFlagged, alert.Kind);
        Assert.Equal([factory.Police.Id], alert.Recipients);
        Assert.Equal(AlertSeverity.Medium, alert.Severity);
        Assert.Equal(ScrapFactory.YardLat, alert.Latitude!.Value, 6);
        Assert.Equal("payment", (string)alert.Evidence!["failedChecks"]![0]!["check"]!);
        // No personal data in an alert: the seller and the plate are read on the receipt, with a purpose.
        Assert.DoesNotContain("Alan Honest", events[0].Payload, StringComparison.Ordinal);
        Assert.DoesNotContain("YK19ABC", events[0].Payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReceiptAtASiteInAnotherForce_AlertsTheForceCoveringThatSite()
    {
        var dealer = await factory.LoginAsync(WaymarkFactory.DealerUser);
        var body = ScrapFactory.Receipt();
        body["siteName"] = null;
        body["siteId"] = factory.DepotSiteId;
        body["payment"] = "InKind";
        var receipt = await dealer.PostJsonAsync("/api/scrap/receipts", body, HttpStatusCode.Created);

        var alert = JsonSerializer.Deserialize<DirectedAlert>(Assert.Single(await factory.OutboxAsync((string)receipt["id"]!)).Payload, Waymark.Server.Json.Options)!;
        Assert.Equal([factory.OtherPolice.Id], alert.Recipients);
    }

    [Fact]
    public async Task CopperMatchingATheftNearby_IsFlagged_PoliceSeeTheCrime_TheDealerDoesNot()
    {
        // Britannia-style rail operator reports 220 kg of copper signalling cable stolen at Doncaster station two nights ago,
        // about 2 km from the yard.
        var rail = await factory.LoginAsync(WaymarkFactory.RailAnalyst);
        var stolenAt = DateTimeOffset.UtcNow.AddDays(-2);
        var crime = await rail.PostJsonAsync("/api/crimes", new
        {
            category = "metal-theft-rail-signalling-cable",
            occurredFrom = stolenAt,
            occurredTo = stolenAt.AddHours(5),
            latitude = 53.5228,
            longitude = -1.1397,
            visibility = "Partnership",
            propertyStolen = new[] { new { type = "copper signalling cable", quantity = 1, weightKg = 220.0 } },
        }, HttpStatusCode.Created);
        var crimeId = (string)crime["id"]!;

        // 120 kg of burnt copper cable: a share of the haul, stripped of its insulation.
        var dealer = await factory.LoginAsync(WaymarkFactory.DealerUser);
        var body = ScrapFactory.Receipt();
        body["items"] = new[] { new { metalType = "copper", form = "cable", condition = "burnt", weightKg = 120.0 } };
        var receipt = await dealer.PostJsonAsync("/api/scrap/receipts", body, HttpStatusCode.Created);
        var id = (string)receipt["id"]!;

        Assert.True((bool)receipt["flagged"]!);
        Assert.Equal(0, (int)receipt["breachCount"]!);
        var text = receipt.ToJsonString();
        Assert.DoesNotContain(crimeId, text, StringComparison.Ordinal);
        Assert.DoesNotContain("stolen-metal", text, StringComparison.Ordinal);
        Assert.DoesNotContain("signalling", text, StringComparison.Ordinal);
        var intelligence = receipt["checks"]!.AsArray().Single(c => (string)c!["check"]! == ReceiptView.PartnershipIntelligence)!;
        Assert.False((bool)intelligence["passed"]!);
        Assert.Contains("Keep this metal separate", (string)receipt["advice"]!, StringComparison.Ordinal);

        var police = await factory.LoginAsync(WaymarkFactory.PoliceAnalyst);
        var seen = await police.GetJsonAsync($"/api/scrap/receipts/{id}");
        var check = seen["checks"]!.AsArray().Single(c => (string)c!["check"]! == "stolen-metal-nearby")!;
        Assert.False((bool)check["passed"]!);
        Assert.Equal(crimeId, (string)check["relatedIds"]![0]!);
        Assert.Contains("2.", (string)check["detail"]!, StringComparison.Ordinal); // "2.x km away"

        var alert = JsonSerializer.Deserialize<DirectedAlert>(Assert.Single(await factory.OutboxAsync(id)).Payload, Waymark.Server.Json.Options)!;
        Assert.Equal(AlertSeverity.High, alert.Severity);
        Assert.Equal([factory.Police.Id], alert.Recipients);
        Assert.Equal(crimeId, (string)alert.Evidence!["failedChecks"]![0]!["relatedIds"]![0]!);
    }

    [Fact]
    public async Task CopperTooHeavyForTheTheft_OrAnotherMetal_IsNotMatched()
    {
        var rail = await factory.LoginAsync(WaymarkFactory.RailAnalyst);
        var stolenAt = DateTimeOffset.UtcNow.AddDays(-3);
        await rail.PostJsonAsync("/api/crimes", new
        {
            category = "metal-theft-heritage-lead-roof",
            occurredFrom = stolenAt,
            occurredTo = stolenAt.AddHours(8),
            latitude = 53.5150,
            longitude = -1.1250,
            visibility = "Partnership",
            propertyStolen = new[] { new { type = "lead roof sheet", weightKg = 40.0 } },
        }, HttpStatusCode.Created);

        var dealer = await factory.LoginAsync(WaymarkFactory.DealerUser);
        // 51 kg of lead against 40 kg stolen: more than 1.25 x the theft.
        var body = ScrapFactory.Receipt();
        body["items"] = new[] { new { metalType = "lead", form = "sheet", condition = "rolled", weightKg = 51.0 } };
        var heavy = await dealer.PostJsonAsync("/api/scrap/receipts", body, HttpStatusCode.Created);
        Assert.False((bool)heavy["flagged"]!);

        body = ScrapFactory.Receipt();
        body["items"] = new[] { new { metalType = "lead", form = "sheet", condition = "rolled", weightKg = 38.0 } };
        var matching = await dealer.PostJsonAsync("/api/scrap/receipts", body, HttpStatusCode.Created);
        Assert.True((bool)matching["flagged"]!);
    }

    [Fact]
    public async Task SellerOnTheWatchlist_DealerSeesOnlyThatPoliceFollowUpIsNeeded()
    {
        const string Reason = "Suspected of stripping lineside cable at Bentley; intel ref 55/1234";
        var police = await factory.LoginAsync(WaymarkFactory.PoliceAnalyst);
        await police.PostJsonAsync("/api/scrap/watchlist", new { subject = "Person", name = "Darren Kettle", reason = Reason, grading = "2BP", contact = "DC Walsh" }, HttpStatusCode.Created);
        await police.PostJsonAsync("/api/scrap/watchlist", new { registration = "FX58 KTL", reason = "Van used in cable thefts" }, HttpStatusCode.Created);

        var dealer = await factory.LoginAsync(WaymarkFactory.DealerUser);
        var body = ScrapFactory.Receipt();
        body["sellerName"] = "Mr DARREN  kettle";
        var receipt = await dealer.PostJsonAsync("/api/scrap/receipts", body, HttpStatusCode.Created);
        var id = (string)receipt["id"]!;
        Assert.True((bool)receipt["flagged"]!);

        // The dealer's views (the answer to the POST, the receipt and the list) never mention the watchlist or its reason.
        var views = new[] { receipt.ToJsonString(), (await dealer.GetJsonAsync($"/api/scrap/receipts/{id}")).ToJsonString(), (await dealer.GetJsonAsync("/api/scrap/receipts?flagged=true")).ToJsonString() };
        foreach (var view in views)
        {
            Assert.DoesNotContain("watchlist", view, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("intel ref", view, StringComparison.Ordinal);
            Assert.DoesNotContain("DC Walsh", view, StringComparison.Ordinal);
        }

        Assert.Contains("police follow-up", (string)receipt["advice"]!, StringComparison.Ordinal);
        Assert.Equal(403, (int)(await dealer.GetAsync("/api/scrap/watchlist?purpose=curious")).StatusCode);

        // Police see the entry behind it, and the alert carries no intelligence text.
        var seen = await police.GetJsonAsync($"/api/scrap/receipts/{id}");
        var check = seen["checks"]!.AsArray().Single(c => (string)c!["check"]! == "watchlist")!;
        Assert.False((bool)check["passed"]!);
        Assert.Contains(Reason, (string)check["detail"]!, StringComparison.Ordinal);
        var payload = Assert.Single(await factory.OutboxAsync(id)).Payload;
        Assert.DoesNotContain("intel ref", payload, StringComparison.Ordinal);
        Assert.DoesNotContain("Kettle", payload, StringComparison.OrdinalIgnoreCase);

        // The vehicle entry matches by plate, however it is written.
        body = ScrapFactory.Receipt();
        body["vehicleRegistration"] = "fx58ktl";
        var byVan = await dealer.PostJsonAsync("/api/scrap/receipts", body, HttpStatusCode.Created);
        Assert.True((bool)byVan["flagged"]!);
        var vanCheck = (await police.GetJsonAsync($"/api/scrap/receipts/{(string)byVan["id"]!}"))["checks"]!.AsArray().Single(c => (string)c!["check"]! == "watchlist")!;
        Assert.Contains("vehicle FX58KTL", (string)vanCheck["detail"]!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Passport", "UtilityBill", -20, true, null)]
    [InlineData("Passport", "UtilityBill", -120, false, "proof-of-address-too-old")]
    [InlineData("Passport", "MobilePhoneBill", -10, false, "proof-of-address-not-accepted")]
    [InlineData("Passport", null, null, false, "proof-of-address-missing")]
    [InlineData("None", null, null, false, "no-valid-id")]
    public async Task SellerIdentity_FollowsSection11(string document, string? proof, int? proofDaysAgo, bool verified, string? code)
    {
        var dealer = await factory.LoginAsync(WaymarkFactory.DealerUser);
        var body = ScrapFactory.Receipt();
        body["idDocument"] = document;
        body["proofOfAddress"] = proof;
        body["proofOfAddressDate"] = proofDaysAgo is { } d ? ScrapFactory.Today().AddDays(d).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : null;
        var receipt = await dealer.PostJsonAsync("/api/scrap/receipts", body, HttpStatusCode.Created);

        Assert.Equal(verified, (bool)receipt["idVerified"]!);
        var check = receipt["checks"]!.AsArray().Single(c => (string)c!["check"]! == "seller-identity")!;
        Assert.Equal(code, (string?)check["code"]);
        Assert.Equal(!verified, (bool)receipt["flagged"]!);
    }

    [Fact]
    public async Task ExpiredLicence_IsABreach()
    {
        var dealer = await factory.LoginAsync(WaymarkFactory.DealerUser);
        var body = ScrapFactory.Receipt();
        body["licenceNumber"] = ScrapFactory.ExpiredLicenceNumber;
        body["siteName"] = null;
        var receipt = await dealer.PostJsonAsync("/api/scrap/receipts", body, HttpStatusCode.Created);
        var check = receipt["checks"]!.AsArray().Single(c => (string)c!["check"]! == "licence")!;
        Assert.False((bool)check["passed"]!);
        Assert.Equal("expired-licence", (string)check["code"]!);
        Assert.Contains("renew", (string)check["message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadInput_IsRefusedNamingEachField_AndNothingIsSaved()
    {
        var dealer = await factory.LoginAsync(WaymarkFactory.DealerUser);
        var tag = "BAD-" + Guid.NewGuid().ToString("N")[..8];
        async Task<JsonObject> Refused(Action<Dictionary<string, object?>> change)
        {
            var body = ScrapFactory.Receipt(tag);
            change(body);
            var response = await dealer.PostAsJsonAsync("/api/scrap/receipts", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            return (await response.JsonAsync())["errors"]!.AsObject();
        }

        var errors = await Refused(b => b["items"] = new[] { new { metalType = "copper", weightKg = -5.0 }, new { metalType = "kryptonite", weightKg = 120_000.0 } });
        Assert.Contains("more than 0 kg", (string)errors["items[0].weightKg"]![0]!, StringComparison.Ordinal);
        Assert.Contains("check the units", (string)errors["items[1].weightKg"]![0]!, StringComparison.Ordinal);
        Assert.True(errors.ContainsKey("items[1].metalType"));
        Assert.Contains("in the future", (string)(await Refused(b => b["receivedAt"] = DateTimeOffset.UtcNow.AddDays(1)))["receivedAt"]![0]!, StringComparison.Ordinal);
        Assert.Contains("not a licence on the register", (string)(await Refused(b => b["licenceNumber"] = "NOPE/1"))["licenceNumber"]![0]!, StringComparison.Ordinal);
        Assert.Contains("not a plausible UK registration", (string)(await Refused(b => b["vehicleRegistration"] = "QQ99 QQQ"))["vehicleRegistration"]![0]!, StringComparison.Ordinal);
        Assert.Contains("never been issued", (string)(await Refused(b => b["vehicleRegistration"] = "AB50 CDE"))["vehicleRegistration"]![0]!, StringComparison.Ordinal);
        Assert.Contains("not a site on licence", (string)(await Refused(b => { b["siteName"] = null; b["siteId"] = Guid.NewGuid(); }))["siteId"]![0]!, StringComparison.Ordinal);
        Assert.Contains("names 2 sites", (string)(await Refused(b => b["siteName"] = null))["siteId"]![0]!, StringComparison.Ordinal);
        Assert.True((await Refused(b => { b["sellerName"] = " "; b["payment"] = null; })).ContainsKey("sellerName"));

        // A foreign plate flagged as such is accepted.
        var foreign = ScrapFactory.Receipt();
        foreign["vehicleRegistration"] = "WX 12345";
        foreign["vehicleForeign"] = true;
        await dealer.PostJsonAsync("/api/scrap/receipts", foreign, HttpStatusCode.Created);

        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<WaymarkDb>();
        Assert.False(await db.Set<ScrapReceipt>().AnyAsync(r => r.Reference == tag));
        Assert.False(await db.AuditEntries.AnyAsync(a => a.Detail != null && a.Detail.Contains(tag)));
    }

    [Fact]
    public async Task AnotherDealersLicence_IsRefused_AndPartnersCannotReadReceipts()
    {
        var rail = await factory.LoginAsync(WaymarkFactory.RailAnalyst);
        Assert.Equal(HttpStatusCode.Forbidden, (await rail.PostAsJsonAsync("/api/scrap/receipts", ScrapFactory.Receipt())).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await rail.GetAsync("/api/scrap/receipts")).StatusCode);

        var dealer = await factory.LoginAsync(WaymarkFactory.DealerUser);
        var receipt = await dealer.PostJsonAsync("/api/scrap/receipts", ScrapFactory.Receipt(), HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.NotFound, (await rail.GetAsync($"/api/scrap/receipts/{(string)receipt["id"]!}")).StatusCode);
    }

    [Fact]
    public async Task PoliceReadOfPersonalData_NeedsAPurpose_AndIsAudited()
    {
        var dealer = await factory.LoginAsync(WaymarkFactory.DealerUser);
        var receipt = await dealer.PostJsonAsync("/api/scrap/receipts", ScrapFactory.Receipt(), HttpStatusCode.Created);
        var id = (string)receipt["id"]!;

        var police = await factory.LoginAsync(WaymarkFactory.PoliceOfficer);
        var without = await police.GetJsonAsync($"/api/scrap/receipts/{id}");
        Assert.Null(without["personal"]);
        Assert.Contains("state a purpose", (string)without["personalDataNote"]!, StringComparison.Ordinal);

        var with = await police.GetJsonAsync($"/api/scrap/receipts/{id}?purpose=Op%20Copperhead%20enquiry");
        Assert.Equal("Alan Honest", (string)with["personal"]!["sellerName"]!);

        var admin = await factory.LoginAsync(WaymarkFactory.Admin);
        var adminView = await admin.GetJsonAsync($"/api/scrap/receipts/{id}?purpose=curious");
        Assert.Null(adminView["personal"]);

        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<WaymarkDb>();
        var reads = await db.AuditEntries.AsNoTracking().Where(a => a.Action == "scrap.receipt.read-personal" && a.RecordId == id).ToListAsync();
        var read = Assert.Single(reads);
        Assert.Equal("Op Copperhead enquiry", read.Purpose);
        Assert.Equal(WaymarkFactory.PoliceOfficer, read.Actor);
    }

    [Fact]
    public async Task CsvUpload_RecordsGoodReceipts_AndReportsEachRejectedRow()
    {
        var dealer = await factory.LoginAsync(WaymarkFactory.DealerUser);
        var tag = Guid.NewGuid().ToString("N")[..6];
        var when = DateTime.UtcNow.AddHours(-3).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        var csv = string.Join('\n',
            string.Join(',', ReceiptCsv.Columns),
            // A mixed load on two lines, one receipt.
            $"C{tag}-1,{ScrapFactory.LicenceNumber},Main yard,{when},brass,fittings,used,12.5,,,YK19 ABC,,Jo Bloggs,\"1 High St, Doncaster\",PhotocardDrivingLicence,scan-1.pdf,,,,K. Patel,electronic-transfer,BACS 1,40,,",
            $"C{tag}-1,{ScrapFactory.LicenceNumber},Main yard,{when},aluminium,cans,crushed,30,,,YK19 ABC,,Jo Bloggs,\"1 High St, Doncaster\",PhotocardDrivingLicence,scan-1.pdf,,,,K. Patel,electronic-transfer,BACS 1,40,,",
            $"C{tag}-2,{ScrapFactory.LicenceNumber},Main yard,{when},steel,girders,rusty,400,,,,,Jo Bloggs,\"1 High St, Doncaster\",PhotocardDrivingLicence,scan-2.pdf,,,,K. Patel,Cash,,20,,",
            $"C{tag}-3,{ScrapFactory.LicenceNumber},Main yard,{when},copper,pipe,used,-4,,,,,Jo Bloggs,\"1 High St, Doncaster\",PhotocardDrivingLicence,scan-3.pdf,,,,K. Patel,ElectronicTransfer,,10,,",
            $"C{tag}-4,{ScrapFactory.LicenceNumber},Nowhere,{when},copper,pipe,used,4,,,,,Jo Bloggs,\"1 High St, Doncaster\",PhotocardDrivingLicence,scan-4.pdf,,,,K. Patel,cheque,,10,,") + "\n";
        using var content = new StringContent(csv, System.Text.Encoding.UTF8, "text/csv");
        var response = await dealer.PostAsync("/api/scrap/receipts/upload?fileName=weighbridge.csv", content);
        var report = await response.JsonAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(5, (int)report["rows"]!);
        Assert.Equal(4, (int)report["receipts"]!);
        Assert.Equal(2, (int)report["recorded"]!);
        Assert.Equal(1, (int)report["flagged"]!); // the cash one
        var rejected = report["rejectedRows"]!.AsArray();
        Assert.Equal(2, rejected.Count);
        Assert.Equal(5, (int)rejected[0]!["line"]!);
        Assert.Contains("weight_kg must be more than 0 kg", (string)rejected[0]!["reason"]!, StringComparison.Ordinal);
        Assert.Equal(6, (int)rejected[1]!["line"]!);
        Assert.Contains("cheque", (string)rejected[1]!["reason"]!, StringComparison.Ordinal); // 'cheque' is not a payment method name

        var mixed = (await dealer.GetJsonAsync("/api/scrap/receipts?pageSize=500"))["items"]!.AsArray().Single(r => (string)r!["reference"]! == $"C{tag}-1")!;
        Assert.Equal(2, mixed["items"]!.AsArray().Count);
        Assert.Equal(42.5, (double)mixed["totalWeightKg"]!);
        Assert.Equal("csv", (string)mixed["source"]!);

        // Uploading the same file again records nothing twice.
        using var again = new StringContent(csv, System.Text.Encoding.UTF8, "text/csv");
        var second = await (await dealer.PostAsync("/api/scrap/receipts/upload", again)).JsonAsync();
        Assert.Equal(0, (int)second["recorded"]!);
        Assert.Contains("already recorded", (string)second["rejectedRows"]![0]!["reason"]!, StringComparison.Ordinal);
    }
}
