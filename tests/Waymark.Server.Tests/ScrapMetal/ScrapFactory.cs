using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Server.Data;
using Waymark.Server.Features.Alerts;
using Waymark.Server.Features.Auth;
using Waymark.Server.Features.Partners;
using Waymark.Server.Tests.Infrastructure;

namespace Waymark.Server.Tests.ScrapMetal;

/// <summary>
/// The test partnership plus the metal trade: two councils with a licensing officer each, and licences issued through
/// the API to the test dealer — a site licence with a yard in Doncaster (Test Constabulary) and a depot in Retford whose
/// site names Other Constabulary, and an expired licence.
/// </summary>
public class ScrapFactory : WaymarkFactory
{
    public const string CouncilUser = "licensing@council.test";
    public const string OtherCouncilUser = "licensing@othercouncil.test";
    public const string LicenceNumber = "DMBC/SMD/0001";
    public const string ExpiredLicenceNumber = "DMBC/SMD/0002";

    /// <summary>The Doncaster yard: about 2 km south-east of the station.</summary>
    public const double YardLat = 53.5100, YardLon = -1.1150;

    public Organisation Council { get; private set; } = null!;
    public Organisation OtherCouncil { get; private set; } = null!;
    public JsonNode Licence { get; private set; } = null!;
    public string YardSiteId { get; private set; } = null!;
    public string DepotSiteId { get; private set; } = null!;

    protected override async Task SeedAsync()
    {
        await using (var scope = Scope())
        {
            var directory = scope.ServiceProvider.GetRequiredService<PartnerDirectory>();
            var system = Caller.System("test");
            Council = await directory.CreateOrganisationAsync(system, "Doncaster Council", OrganisationKind.LocalAuthority, null, CancellationToken.None);
            OtherCouncil = await directory.CreateOrganisationAsync(system, "Other Council", OrganisationKind.LocalAuthority, null, CancellationToken.None);
            await directory.CreateUserAsync(system, Council, CouncilUser, "Licensing officer", Roles.PartnerAnalyst, Password, CancellationToken.None);
            await directory.CreateUserAsync(system, OtherCouncil, OtherCouncilUser, "Other licensing officer", Roles.PartnerAnalyst, Password, CancellationToken.None);
        }

        var council = await LoginAsync(CouncilUser);
        Licence = await council.PostJsonAsync("/api/scrap/licences", new
        {
            licenceNumber = LicenceNumber,
            type = "Site",
            holderName = "Test Metals Ltd",
            dealerOrganisationId = Dealer.Id,
            policeForceOrganisationId = Police.Id,
            issuedOn = Today().AddYears(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            sites = new object[]
            {
                new { name = "Main yard", address = "Wheatley Hall Road, Doncaster", postcode = "DN2 4LP", siteManager = "Sam Yardley", latitude = YardLat, longitude = YardLon },
                new { name = "Retford depot", address = "Randall Way, Retford", postcode = "DN22 7GR", siteManager = "Pat Depot", latitude = 53.3150, longitude = -0.9480, policeForceOrganisationId = OtherPolice.Id },
            },
        }, HttpStatusCode.Created);
        var sites = Licence["details"]!["sites"]!.AsArray();
        YardSiteId = (string)sites.First(s => (string)s!["name"]! == "Main yard")!["id"]!;
        DepotSiteId = (string)sites.First(s => (string)s!["name"]! == "Retford depot")!["id"]!;

        await council.PostJsonAsync("/api/scrap/licences", new
        {
            licenceNumber = ExpiredLicenceNumber,
            type = "Site",
            holderName = "Test Metals Ltd",
            dealerOrganisationId = Dealer.Id,
            policeForceOrganisationId = Police.Id,
            issuedOn = Today().AddYears(-3).AddDays(-30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            sites = new[] { new { name = "Old yard", address = "Bentley Road, Doncaster", siteManager = "Sam Yardley", latitude = 53.5350, longitude = -1.1500 } },
        }, HttpStatusCode.Created);
    }

    public static DateOnly Today() => DateOnly.FromDateTime(DateTime.UtcNow);

    /// <summary>A lawful, clean receipt at the Doncaster yard an hour ago: aluminium, photocard licence, bank transfer.</summary>
    public static Dictionary<string, object?> Receipt(string? reference = null) => new()
    {
        ["reference"] = reference ?? "T-" + Guid.NewGuid().ToString("N")[..10],
        ["licenceNumber"] = LicenceNumber,
        ["siteName"] = "Main yard",
        ["receivedAt"] = DateTimeOffset.UtcNow.AddHours(-1),
        ["items"] = new[] { new { metalType = "aluminium", form = "window frames", condition = "used", weightKg = 62.5 } },
        ["vehicleRegistration"] = "YK19 ABC",
        ["sellerName"] = "Alan Honest",
        ["sellerAddress"] = "3 Thorne Road, Doncaster DN1 2HJ",
        ["idDocument"] = "PhotocardDrivingLicence",
        ["idCopyReference"] = "scan-0001.pdf",
        ["paidBy"] = "K. Patel",
        ["payment"] = "ElectronicTransfer",
        ["paymentReference"] = "BACS 0001",
        ["amountPounds"] = 81.25,
    };

    /// <summary>The outbox events that mention <paramref name="text"/> (a receipt id).</summary>
    public async Task<List<OutboxEvent>> OutboxAsync(string text)
    {
        await using var scope = Scope();
        var db = scope.ServiceProvider.GetRequiredService<WaymarkDb>();
        return await db.Set<OutboxEvent>().AsNoTracking().Where(o => o.Payload.Contains(text)).ToListAsync();
    }
}
