using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Server.Data;
using Waymark.Server.Features.ScrapMetal;
using Waymark.Server.Tests.Infrastructure;

namespace Waymark.Server.Tests.ScrapMetal;

public sealed class LicenceTests(ScrapFactory factory) : IClassFixture<ScrapFactory>
{
    [Fact]
    public async Task PublicRegister_ShowsEveryPartnerTheLicence_ButNotTheSiteManagers()
    {
        var rail = await factory.LoginAsync(WaymarkFactory.RailAnalyst);
        var register = (await rail.GetJsonAsync("/api/scrap/licences?q=smd/0001")).AsArray();
        var entry = Assert.Single(register)!;
        Assert.Equal("Test Metals Ltd", (string)entry["holderName"]!);
        Assert.Equal("Site", (string)entry["type"]!);
        Assert.Equal("Doncaster Council", (string)entry["issuingCouncil"]!);
        Assert.Equal("active", (string)entry["status"]!);
        // Three years from issue (s.8): issued a year ago today, it expires two years less a day from now.
        Assert.Equal(ScrapFactory.Today().AddYears(-1).AddYears(3).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), (string)entry["expiresOn"]!);
        Assert.Equal(2, entry["sites"]!.AsArray().Count);
        Assert.Null(entry["details"]);
        Assert.DoesNotContain("Sam Yardley", entry.ToJsonString(), StringComparison.Ordinal);

        var expired = Assert.Single((await rail.GetJsonAsync("/api/scrap/licences?status=expired")).AsArray())!;
        Assert.Equal(ScrapFactory.ExpiredLicenceNumber, (string)expired["licenceNumber"]!);

        var police = await factory.LoginAsync(WaymarkFactory.PoliceAnalyst);
        var full = (await police.GetJsonAsync($"/api/scrap/licences/{(string)entry["id"]!}"))["details"]!;
        Assert.Contains("Sam Yardley", full.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("Other Constabulary", (string)full["sites"]!.AsArray().Single(s => (string)s!["name"]! == "Retford depot")!["policeForce"]!);
    }

    [Fact]
    public async Task Issue_RefusesWhatTheActDoesNotAllow_NamingEachField()
    {
        var council = await factory.LoginAsync(ScrapFactory.CouncilUser);
        var response = await council.PostAsJsonAsync("/api/scrap/licences", new
        {
            licenceNumber = ScrapFactory.LicenceNumber,
            type = "Site",
            holderName = "Another Ltd",
            dealerOrganisationId = factory.Rail.Id,
            policeForceOrganisationId = factory.Power.Id,
            issuedOn = "2026-01-01",
            expiresOn = "2029-06-01",
            sites = new[] { new { name = "Yard", address = "Calais", siteManager = "X", latitude = 50.95, longitude = 1.85 } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.JsonAsync())["errors"]!.AsObject();
        Assert.Contains("not a dealer", (string)errors["dealerOrganisationId"]![0]!, StringComparison.Ordinal);
        Assert.Contains("not a police force", (string)errors["policeForceOrganisationId"]![0]!, StringComparison.Ordinal);
        Assert.Contains("three years", (string)errors["expiresOn"]![0]!, StringComparison.Ordinal);
        Assert.Contains("outside Great Britain", (string)errors["sites[0].latitude"]![0]!, StringComparison.Ordinal);

        // Collector's licence: no sites.
        var collector = await council.PostAsJsonAsync("/api/scrap/licences", new
        {
            licenceNumber = "DMBC/COL/9", type = "Collector", holderName = "A Collector", policeForceOrganisationId = factory.Police.Id, issuedOn = "2026-01-01",
            sites = new[] { new { name = "Yard", address = "Doncaster", siteManager = "X", latitude = 53.5, longitude = -1.1 } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, collector.StatusCode);

        // Only the issuing council (or an admin) issues: not the dealer, not a partner, not another council for this one.
        var dealer = await factory.LoginAsync(WaymarkFactory.DealerUser);
        Assert.Equal(HttpStatusCode.Forbidden, (await dealer.PostAsJsonAsync("/api/scrap/licences", new { licenceNumber = "X" })).StatusCode);
        var other = await factory.LoginAsync(ScrapFactory.OtherCouncilUser);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.PostAsJsonAsync("/api/scrap/licences", new { licenceNumber = "X", councilOrganisationId = factory.Council.Id })).StatusCode);
    }

    [Fact]
    public async Task CouncilCsvImport_ImportsWholeLicences_AndReportsEachRejectedRow()
    {
        var council = await factory.LoginAsync(ScrapFactory.CouncilUser);
        var csv = string.Join('\n',
            string.Join(',', LicenceCsv.Columns),
            "DMBC/SMD/0100,site,Bawtry Salvage Ltd,,,Test Constabulary,2025-04-01,,active,North yard,\"Station Rd, Bawtry\",DN10 6QD,Lee North,53.4290,-1.0190",
            "DMBC/SMD/0100,site,Bawtry Salvage Ltd,,,Test Constabulary,2025-04-01,,active,South yard,\"Tickhill Rd, Bawtry\",DN10 6PX,Lee South,53.4250,-1.0230",
            "DMBC/COL/0101,collector,Jim Collector,,,Test Constabulary,2024-02-10,,active,,,,,,",
            "DMBC/SMD/0102,site,Broken Ltd,,,Test Constabulary,2025-04-01,,active,Yard one,\"Somewhere\",,Ann One,53.50,-1.10",
            "DMBC/SMD/0102,site,Broken Ltd,,,Test Constabulary,2025-04-01,,active,Yard two,\"Elsewhere\",,,53.51,-1.11",
            "DMBC/SMD/0103,site,Wrong Force Ltd,,,Test Power,2025-04-01,,active,Yard,\"Here\",,Bo,53.50,-1.10",
            "DMBC/SMD/0104,site,Other Council Ltd,,Other Council,Test Constabulary,2025-04-01,,active,Yard,\"There\",,Cy,53.50,-1.10",
            $"{ScrapFactory.LicenceNumber},site,Test Metals Ltd,,,Test Constabulary,2025-04-01,,active,Main yard,\"x\",,Sam,53.5,-1.1") + "\n";
        using var content = new StringContent(csv, System.Text.Encoding.UTF8, "text/csv");
        var response = await council.PostAsync("/api/scrap/licences/import", content);
        var report = await response.JsonAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(8, (int)report["rows"]!);
        Assert.Equal(2, (int)report["imported"]!);
        Assert.Equal(1, (int)report["duplicates"]!);
        var rejected = report["rejectedRows"]!.AsArray();
        // Both rows of the broken licence (its second site has no manager), the wrong force, the other council's licence.
        Assert.Equal([5, 6, 7, 8], rejected.Select(r => (int)r!["line"]!).ToArray());
        Assert.Contains("site_manager (site 2) is required", (string)rejected[1]!["reason"]!, StringComparison.Ordinal);
        Assert.Contains("police_force 'Test Power' is not a police force", (string)rejected[2]!["reason"]!, StringComparison.Ordinal);
        Assert.Contains("not your council", (string)rejected[3]!["reason"]!, StringComparison.Ordinal);

        var rail = await factory.LoginAsync(WaymarkFactory.RailAnalyst);
        var bawtry = Assert.Single((await rail.GetJsonAsync("/api/scrap/licences?q=bawtry")).AsArray())!;
        Assert.Equal(2, bawtry["sites"]!.AsArray().Count);
        Assert.Equal("2028-03-31", (string)bawtry["expiresOn"]!);
        Assert.Empty((await rail.GetJsonAsync("/api/scrap/licences?q=broken")).AsArray());
    }

    [Fact]
    public async Task RevokedLicence_MakesTheNextReceiptABreach()
    {
        var council = await factory.LoginAsync(ScrapFactory.CouncilUser);
        var created = await council.PostJsonAsync("/api/scrap/licences", new
        {
            licenceNumber = "DMBC/SMD/0200", type = "Site", holderName = "Test Metals Ltd", dealerOrganisationId = factory.Dealer.Id,
            policeForceOrganisationId = factory.Police.Id, issuedOn = ScrapFactory.Today().AddMonths(-2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            sites = new[] { new { name = "Annexe", address = "Doncaster", siteManager = "Sam", latitude = 53.52, longitude = -1.12 } },
        }, HttpStatusCode.Created);
        var response = await council.PutAsJsonAsync($"/api/scrap/licences/{(string)created["id"]!}/status", new { status = "Revoked" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var dealer = await factory.LoginAsync(WaymarkFactory.DealerUser);
        var body = ScrapFactory.Receipt();
        body["licenceNumber"] = "DMBC/SMD/0200";
        body["siteName"] = null;
        var receipt = await dealer.PostJsonAsync("/api/scrap/receipts", body, HttpStatusCode.Created);
        Assert.Equal("licence-not-in-force", (string)receipt["checks"]!.AsArray().Single(c => (string)c!["check"]! == "licence")!["code"]!);
    }

    [Fact]
    public async Task Disposal_SiteLicenceNeedsDescriptionAndPrice_CollectorOnlyBuyer()
    {
        var dealer = await factory.LoginAsync(WaymarkFactory.DealerUser);
        var at = DateTimeOffset.UtcNow.AddHours(-2);
        var missing = await dealer.PostAsJsonAsync("/api/scrap/disposals", new { licenceNumber = ScrapFactory.LicenceNumber, siteId = factory.YardSiteId, disposedAt = at, buyerName = "Sheffield Smelting plc", buyerAddress = "Attercliffe, Sheffield" });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        var errors = (await missing.JsonAsync())["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("items"));
        Assert.True(errors.ContainsKey("pricePounds"));

        var ok = await dealer.PostJsonAsync("/api/scrap/disposals", new
        {
            licenceNumber = ScrapFactory.LicenceNumber, siteId = factory.YardSiteId, disposedAt = at, buyerName = "Sheffield Smelting plc", buyerAddress = "Attercliffe, Sheffield",
            pricePounds = 5210.00, items = new[] { new { metalType = "copper", form = "granulate", weightKg = 800.0 }, new { metalType = "brass", form = "swarf", weightKg = 200.0 } },
        }, HttpStatusCode.Created);
        Assert.Equal(1000.0, (double)ok["totalWeightKg"]!);
        Assert.Equal("Sheffield Smelting plc", (string)ok["buyerName"]!);

        var police = await factory.LoginAsync(WaymarkFactory.PoliceAnalyst);
        var listed = (await police.GetJsonAsync("/api/scrap/disposals")).AsArray().Single(d => (string)d!["id"]! == (string)ok["id"]!)!;
        Assert.Null(listed["buyerName"]);
        var rail = await factory.LoginAsync(WaymarkFactory.RailAnalyst);
        Assert.Equal(HttpStatusCode.Forbidden, (await rail.GetAsync("/api/scrap/disposals")).StatusCode);
    }
}

/// <summary>A partnership of its own, so that the compliance figures are exactly the receipts recorded here.</summary>
public sealed class ComplianceFactory : ScrapFactory;

public sealed class ComplianceTests(ComplianceFactory factory) : IClassFixture<ComplianceFactory>
{
    [Fact]
    public async Task Compliance_CountsReceiptsIdBreachesAndFlags_ForPoliceAndTheIssuingCouncilOnly()
    {
        var dealer = await factory.LoginAsync(WaymarkFactory.DealerUser);
        // Four receipts: two clean, one cash, one with an old proof of address and cash (two breaches on one receipt).
        await dealer.PostJsonAsync("/api/scrap/receipts", ScrapFactory.Receipt(), HttpStatusCode.Created);
        await dealer.PostJsonAsync("/api/scrap/receipts", ScrapFactory.Receipt(), HttpStatusCode.Created);
        var cash = ScrapFactory.Receipt();
        cash["payment"] = "Cash";
        await dealer.PostJsonAsync("/api/scrap/receipts", cash, HttpStatusCode.Created);
        var both = ScrapFactory.Receipt();
        both["payment"] = "Cash";
        both["idDocument"] = "Passport";
        both["proofOfAddress"] = "CouncilTax";
        both["proofOfAddressDate"] = ScrapFactory.Today().AddMonths(-5).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await dealer.PostJsonAsync("/api/scrap/receipts", both, HttpStatusCode.Created);

        foreach (var user in new[] { WaymarkFactory.PoliceAnalyst, ScrapFactory.CouncilUser })
        {
            var client = await factory.LoginAsync(user);
            var report = await client.GetJsonAsync("/api/scrap/compliance");
            var row = Assert.Single(report["dealers"]!.AsArray())!;
            Assert.Equal("Test Metals Ltd", (string)row["dealer"]!);
            Assert.Equal(4, (int)row["receipts"]!);
            Assert.Equal(3, (int)row["idVerified"]!);
            Assert.Equal(0.75, (double)row["idVerifiedShare"]!);
            Assert.Equal(2, (int)row["receiptsWithBreaches"]!);
            Assert.Equal(2, (int)row["breaches"]!["cash-payment"]!);
            Assert.Equal(1, (int)row["breaches"]!["proof-of-address-too-old"]!);
            Assert.Equal(2, (int)row["flagged"]!);
            Assert.Equal(4 * 62.5, (double)row["totalWeightKg"]!);
            Assert.Equal(3, row["sites"]!.AsArray().Count); // the two sites of the licence and the expired licence's yard

            var geo = await client.GetAsync("/api/scrap/compliance?format=geojson");
            var features = (await geo.JsonAsync())["features"]!.AsArray();
            Assert.Equal(3, features.Count);
            Assert.Equal(ScrapFactory.YardLon, (double)features.Single(f => (string)f!["properties"]!["site"]! == "Main yard")!["geometry"]!["coordinates"]![0]!, 6);
        }

        var otherCouncil = await factory.LoginAsync(ScrapFactory.OtherCouncilUser);
        Assert.Empty((await otherCouncil.GetJsonAsync("/api/scrap/compliance"))["dealers"]!.AsArray());
        Assert.Equal(0, (int)(await otherCouncil.GetJsonAsync("/api/scrap/receipts"))["total"]!);
        var rail = await factory.LoginAsync(WaymarkFactory.RailAnalyst);
        Assert.Equal(HttpStatusCode.Forbidden, (await rail.GetAsync("/api/scrap/compliance")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await dealer.GetAsync("/api/scrap/compliance")).StatusCode);

        // The council reads its licensee's receipts; with a purpose it sees the seller, audited.
        var council = await factory.LoginAsync(ScrapFactory.CouncilUser);
        var page = await council.GetJsonAsync("/api/scrap/receipts?purpose=licence%20review");
        Assert.Equal(4, (int)page["total"]!);
        Assert.Equal("Alan Honest", (string)page["items"]![0]!["personal"]!["sellerName"]!);
    }
}
