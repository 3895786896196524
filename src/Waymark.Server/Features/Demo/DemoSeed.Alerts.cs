using Waymark.Server.Data;
using Waymark.Server.Features.Alerts;
using Waymark.Server.Features.Auth;

namespace Waymark.Server.Features.Demo;

public sealed partial class DemoSeed
{
    /// <summary>
    /// What the partners protect and what they want to hear about: the rail operator's East Coast Main Line cable route
    /// through Tuxford (where the demo's developing pattern of cable thefts is), the power network's substations and the
    /// diocese's churches, each with rules; the start-up cluster scan then raises the Tuxford alert to the rail operator.
    /// </summary>
    private async Task SeedAlertingAsync(Dictionary<string, Organisation> orgs, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var rail = orgs["Britannia Rail Infrastructure"].Id;
        var power = orgs["Midlands & Northern Power Networks"].Id;
        var diocese = orgs["Diocese of Lincoln"].Id;
        var btp = orgs["British Transport Police"].Id;

        // Retford – Tuxford – Newark North Gate, the ECML's signalling cable route, with a 20 m lineside corridor.
        Add(rail, "ECML signalling cable: Retford to Newark", "cable route", "ECML-RET-NNG", 20, shared: true,
            """{"type":"LineString","coordinates":[[-0.9480,53.3150],[-0.9180,53.2700],[-0.8930,53.2290],[-0.8600,53.1700],[-0.8090,53.0800]]}""");
        Add(rail, "Tuxford signal box", "signal box", "SB-TUX", 0, shared: true, """{"type":"Point","coordinates":[-0.8925,53.2301]}""");
        Add(rail, "Doncaster depot", "depot", "DEP-DON", 0, shared: false,
            """{"type":"Polygon","coordinates":[[[-1.1440,53.5190],[-1.1360,53.5190],[-1.1360,53.5240],[-1.1440,53.5240],[-1.1440,53.5190]]]}""");
        foreach (var p in PowerPlaces)
        {
            Add(power, $"{p.Name} primary substation", "substation", $"SUB-{p.Name.ToUpperInvariant().Replace(' ', '-')}", 0, shared: true,
                $$"""{"type":"Point","coordinates":[{{p.Lon.ToString(System.Globalization.CultureInfo.InvariantCulture)}},{{p.Lat.ToString(System.Globalization.CultureInfo.InvariantCulture)}}]}""");
        }

        foreach (var p in ChurchPlaces)
        {
            Add(diocese, $"{p.Name} parish church", "church", $"CH-{p.Name.ToUpperInvariant().Replace(' ', '-')}", 0, shared: true,
                $$"""{"type":"Point","coordinates":[{{p.Lon.ToString(System.Globalization.CultureInfo.InvariantCulture)}},{{p.Lat.ToString(System.Globalization.CultureInfo.InvariantCulture)}}]}""");
        }

        Rule(rail, "Crime within 1 km of our lineside assets", AlertKinds.CrimeNearAsset, 1000);
        Rule(rail, "Emerging clusters near the railway (14 days)", AlertKinds.EmergingCluster, 2000, windowDays: 14);
        Rule(power, "Near-repeat risk at substations", AlertKinds.NearRepeatRisk, 400, riskThreshold: 2);
        Rule(power, "Crime within 500 m of a substation", AlertKinds.CrimeNearAsset, 500, quiet: (new TimeOnly(22, 0), new TimeOnly(6, 0)));
        Rule(diocese, "Lead theft within 5 km of our churches", AlertKinds.CrimeNearAsset, 5000, categories: ["metal-theft-heritage-lead-roof"]);
        Rule(btp, "Cable-theft series growing", AlertKinds.SeriesGrows, 0, categories: ["metal-theft-rail-signalling-cable"]);
        audit.Record(Caller.System("demo-seed"), "alerting.seed-demo", detail: "demo assets and alert rules");
        await audit.SaveChangesAsync(ct);

        void Add(Guid org, string name, string kind, string reference, double buffer, bool shared, string geometry)
        {
            var shape = AssetGeometry.Parse(geometry).Shape ?? throw new InvalidOperationException($"demo asset {name} is not a valid geometry");
            db.Set<Asset>().Add(new Asset
            {
                Id = Guid.CreateVersion7(),
                OrganisationId = org,
                Name = name,
                Kind = kind,
                Reference = reference,
                GeometryType = shape.Wgs84.GeometryType,
                GeoJson = AssetGeometry.ToGeoJson(shape.Wgs84),
                BufferMetres = buffer,
                SharedWithPolice = shared,
                CreatedAt = now,
                UpdatedAt = now,
            });
        }

        void Rule(Guid org, string name, string kind, double distance, int? windowDays = null, double? riskThreshold = null,
            List<string>? categories = null, (TimeOnly From, TimeOnly To)? quiet = null) =>
            db.Set<AlertRule>().Add(new AlertRule
            {
                Id = Guid.CreateVersion7(),
                OrganisationId = org,
                Name = name,
                Kind = kind,
                DistanceMetres = distance,
                WindowDays = windowDays,
                RiskThreshold = riskThreshold,
                Categories = categories ?? [],
                QuietFrom = quiet?.From,
                QuietTo = quiet?.To,
                CreatedAt = now,
            });
    }
}
