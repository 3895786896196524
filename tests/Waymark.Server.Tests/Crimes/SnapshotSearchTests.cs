using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Server.Data;
using Waymark.Server.Features.Analytics;
using Waymark.Server.Features.Auth;
using Waymark.Server.Features.Crimes;
using Waymark.Server.Tests.Infrastructure;

namespace Waymark.Server.Tests.Crimes;

/// <summary>
/// A partnership's crimes for comparing the two ways a search is answered: 574 located (and 54 unlocated) police.uk
/// crimes of City of London, all occurring at the same instant (the month's start) so the order rests on ids, imported
/// after the snapshot has loaded; and 60 crimes recorded by four organisations with each visibility, sharing six
/// start times, some exactly on a search box's edge.
/// </summary>
public sealed class SnapshotSearchFactory : WaymarkFactory
{
    public const int CityOfLondonLocated = 574;
    public const int Recorded = 60;

    private static readonly string[] Visibilities = ["Organisation", "Partnership", "LawEnforcement"];
    private static readonly string[] Categories = ["metal-theft-rail-signalling-cable", "metal-theft-power-cable", "burglary-business", "drugs", "other-theft"];

    public static readonly string[] Recorders = [RailAnalyst, PowerAnalyst, PoliceAnalyst, OtherPoliceAnalyst];

    /// <summary>The k-th recorded crime's visibility: cycles independently of its recorder (k % 4) so every pairing occurs.</summary>
    public static string VisibilityOf(int k) => Visibilities[k / 4 % 3];

    protected override async Task SeedAsync()
    {
        await Services.GetRequiredService<CrimeSnapshot>().GetAsync(CancellationToken.None);

        var police = await LoginAsync(PoliceAnalyst);
        var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(await File.ReadAllBytesAsync(TestData("policeuk", "2021-08-city-of-london-street.csv")));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Add(file, "file", "2021-08-city-of-london-street.csv");
        (await police.PostAsync("/api/imports/policeuk", content)).EnsureSuccessStatusCode();

        var clients = new Dictionary<string, HttpClient>();
        foreach (var user in Recorders)
        {
            clients[user] = await LoginAsync(user);
        }

        for (var k = 0; k < Recorded; k++)
        {
            // Half in the City (a box edge at latitude 51.52 exactly, and a hair beyond it), half around Doncaster.
            var (lat, lon) = k % 2 == 0
                ? (k % 10 == 0 ? 51.52 : k % 10 == 2 ? 51.520000000001 : 51.505 + (k * 0.0003), -0.095 + (k * 0.0004))
                : (53.50 + (k * 0.001), -1.16 + (k * 0.001));
            var from = new DateTimeOffset(2026, 3, 2, 20, 0, 0, TimeSpan.Zero).AddHours(k % 6);
            await clients[Recorders[k % 4]].PostJsonAsync("/api/crimes", new
            {
                category = Categories[k % 5],
                occurredFrom = from,
                occurredTo = from.AddHours(k % 3),
                latitude = lat,
                longitude = lon,
                visibility = VisibilityOf(k),
            }, HttpStatusCode.Created);
        }
    }
}

/// <summary>
/// GET /api/crimes answers the total and picks the page from the in-memory snapshot when it can do so exactly; these
/// tests hold its answers to the SQL search's, crime by crime and in order, for every role.
/// </summary>
public sealed class SnapshotSearchTests(SnapshotSearchFactory factory) : IClassFixture<SnapshotSearchFactory>
{
    private const string GreatBritain = "-8.7,49.8,1.9,60.9";

    public static TheoryData<string, string> Searches()
    {
        string[] users = [WaymarkFactory.PoliceAnalyst, WaymarkFactory.OtherPoliceAnalyst, WaymarkFactory.RailAnalyst, WaymarkFactory.PowerAnalyst, WaymarkFactory.DealerUser];
        string[] queries =
        [
            $"bbox={GreatBritain}&pageSize=50",
            $"bbox={GreatBritain}&pageSize=7&page=3",
            $"bbox={GreatBritain}&pageSize=5000",
            $"bbox={GreatBritain}&pageSize=50&page=400",
            "bbox=-0.2,51.4,0.0,51.52&pageSize=25&page=2",
            "lat=51.515&lon=-0.09&radius=800&pageSize=100",
            $"bbox={GreatBritain}&category=drugs,other-theft&pageSize=20&page=2",
            $"bbox={GreatBritain}&sector=rail,power&pageSize=100",
            $"bbox={GreatBritain}&owner=mine&pageSize=100",
            $"bbox={GreatBritain}&from=2021-08-01T00:00:00Z&to=2021-08-31T23:59:59Z&pageSize=30&page=4",
            $"bbox={GreatBritain}&from=2026-03-02T23:00:00Z&to=2026-03-03T00:00:00Z&pageSize=100",
            "bbox=-1.2,53.4,-1.0,53.6&lat=53.53&lon=-1.13&radius=3000&category=metal-theft-rail-signalling-cable,metal-theft-power-cable,drugs&pageSize=10",
        ];
        var data = new TheoryData<string, string>();
        foreach (var user in users)
        {
            foreach (var query in queries)
            {
                data.Add(user, query);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Searches))]
    public async Task Search_FromSnapshot_IsTheDatabaseAnswer(string user, string query)
    {
        var client = await factory.LoginAsync(user);
        var response = await client.GetAsync($"/api/crimes?{query}");
        var page = await response.JsonAsync();
        Assert.True(response.IsSuccessStatusCode, page.ToJsonString());
        Assert.Equal("snapshot", response.Headers.GetValues(CrimeEndpoints.AnsweredFromHeader).Single());

        var (total, ids) = await DatabaseAnswerAsync(user, Parse(query));
        Assert.Equal(total, (int)page["total"]!);
        Assert.Equal(ids, page["items"]!.AsArray().Select(i => Guid.Parse((string)i!["id"]!)));
    }

    [Theory]
    [InlineData(WaymarkFactory.RailAnalyst)]
    [InlineData(WaymarkFactory.DealerUser)]
    [InlineData(WaymarkFactory.PoliceAnalyst)]
    public async Task SearchByPolygon_FromSnapshot_IsTheDatabaseAnswer(string user)
    {
        // The City of London's square mile, roughly, as a concave outline.
        var polygon = new { type = "Polygon", coordinates = new[] { new[] { new[] { -0.115, 51.505 }, new[] { -0.075, 51.505 }, new[] { -0.075, 51.522 }, new[] { -0.095, 51.512 }, new[] { -0.115, 51.522 }, new[] { -0.115, 51.505 } } } };
        var client = await factory.LoginAsync(user);
        var response = await client.PostAsJsonAsync("/api/crimes/search", new { polygon, pageSize = 40, page = 2 });
        var page = await response.JsonAsync();
        Assert.True(response.IsSuccessStatusCode, page.ToJsonString());
        Assert.Equal("snapshot", response.Headers.GetValues(CrimeEndpoints.AnsweredFromHeader).Single());

        var (total, ids) = await DatabaseAnswerAsync(user, new CrimeSearch { Polygon = System.Text.Json.JsonSerializer.Serialize(polygon), Page = 2, PageSize = 40 });
        Assert.True(total > 100, $"the polygon holds {total} crimes");
        Assert.Equal(total, (int)page["total"]!);
        Assert.Equal(ids, page["items"]!.AsArray().Select(i => Guid.Parse((string)i!["id"]!)));
    }

    [Fact]
    public async Task PartnerAnalyst_FromSnapshot_SeesPartnershipCrimesAndItsOwn_NeverAnotherOrganisationsOrLawEnforcement()
    {
        var client = await factory.LoginAsync(WaymarkFactory.PowerAnalyst);
        var response = await client.GetAsync($"/api/crimes?bbox={GreatBritain}&pageSize=5000");
        var page = await response.JsonAsync();
        Assert.Equal("snapshot", response.Headers.GetValues(CrimeEndpoints.AnsweredFromHeader).Single());

        // Of the 60 recorded: the 20 Partnership ones, and power's own 15 minus its 5 already counted as Partnership.
        var recorded = Enumerable.Range(0, SnapshotSearchFactory.Recorded)
            .Count(k => SnapshotSearchFactory.VisibilityOf(k) == "Partnership" || SnapshotSearchFactory.Recorders[k % 4] == WaymarkFactory.PowerAnalyst);
        Assert.Equal(30, recorded);
        Assert.Equal(SnapshotSearchFactory.CityOfLondonLocated + recorded, (int)page["total"]!);
        var items = page["items"]!.AsArray();
        Assert.Equal((int)page["total"]!, items.Count);
        Assert.All(items, i => Assert.True(
            (string)i!["visibility"]! == "Partnership" || Guid.Parse((string)i["ownerOrganisationId"]!) == factory.Power.Id,
            $"power sees {i["visibility"]} crime {i["id"]} of {i["ownerOrganisationId"]}"));
        Assert.DoesNotContain(items, i => (string)i!["visibility"]! == "LawEnforcement" && Guid.Parse((string)i["ownerOrganisationId"]!) != factory.Power.Id);
    }

    [Fact]
    public async Task Search_WithoutSpatialFilter_IsAnsweredByTheDatabase_IncludingUnlocatedCrimes()
    {
        var client = await factory.LoginAsync(WaymarkFactory.PoliceAnalyst);
        var response = await client.GetAsync("/api/crimes?category=drugs&pageSize=1");
        var page = await response.JsonAsync();

        Assert.Equal("database", response.Headers.GetValues(CrimeEndpoints.AnsweredFromHeader).Single());
        var (total, _) = await DatabaseAnswerAsync(WaymarkFactory.PoliceAnalyst, new CrimeSearch { Category = ["drugs"], PageSize = 1 });
        Assert.Equal(total, (int)page["total"]!);
    }

    private async Task<(int Total, List<Guid> Ids)> DatabaseAnswerAsync(string user, CrimeSearch search)
    {
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<WaymarkDb>();
        var caller = await CallerAsync(factory, user);
        var (compiled, errors) = search.Compile(db.Crimes.AsNoTracking(), caller);
        Assert.True(compiled is not null, string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(' ', e.Value)}")));
        var (total, items) = await CrimeSearch.PageAsync(compiled, search.Page ?? 1, search.PageSize ?? 100, CancellationToken.None);
        return (total, items.Select(c => c.Id).ToList());
    }

    internal static Task<Caller> CallerAsync(WaymarkFactory factory, string email)
    {
        var (org, role) = email switch
        {
            WaymarkFactory.PoliceAnalyst => (factory.Police, Roles.PoliceAnalyst),
            WaymarkFactory.OtherPoliceAnalyst => (factory.OtherPolice, Roles.PoliceAnalyst),
            WaymarkFactory.RailAnalyst => (factory.Rail, Roles.PartnerAnalyst),
            WaymarkFactory.PowerAnalyst => (factory.Power, Roles.PartnerAnalyst),
            WaymarkFactory.DealerUser => (factory.Dealer, Roles.Dealer),
            _ => throw new ArgumentException($"no test caller for {email}", nameof(email)),
        };
        return Task.FromResult(new Caller(null, email, org.Id, org.Kind, role));
    }

    internal static CrimeSearch Parse(string query)
    {
        var search = new CrimeSearch();
        foreach (var pair in query.Split('&'))
        {
            var (key, value) = (pair[..pair.IndexOf('=', StringComparison.Ordinal)], Uri.UnescapeDataString(pair[(pair.IndexOf('=', StringComparison.Ordinal) + 1)..]));
            switch (key)
            {
                case "bbox": search.Bbox = value; break;
                case "lat": search.Lat = double.Parse(value, CultureInfo.InvariantCulture); break;
                case "lon": search.Lon = double.Parse(value, CultureInfo.InvariantCulture); break;
                case "radius": search.Radius = double.Parse(value, CultureInfo.InvariantCulture); break;
                case "from": search.From = DateTimeOffset.Parse(value, CultureInfo.InvariantCulture); break;
                case "to": search.To = DateTimeOffset.Parse(value, CultureInfo.InvariantCulture); break;
                case "category": search.Category = [value]; break;
                case "sector": search.Sector = [value]; break;
                case "owner": search.Owner = [value]; break;
                case "page": search.Page = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "pageSize": search.PageSize = int.Parse(value, CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"no test parse for {key}", nameof(query));
            }
        }

        return search;
    }
}
