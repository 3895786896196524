using System.Net;
using System.Text.Json.Nodes;
using Waymark.Server.Tests.Infrastructure;

namespace Waymark.Server.Tests.Crimes;

/// <summary>Each role's view of the shared database: what it sees, and what personal data it is shown.</summary>
public sealed class SharingRulesTests(WaymarkFactory factory) : IClassFixture<WaymarkFactory>, IAsyncLifetime
{
    private static readonly object Personal = new
    {
        officerInCharge = "DC Hughes",
        victimName = "J. Smith",
        suspectDescription = "Two males in a white van",
        vehiclesSeen = new[] { "ab12 cde" },
    };

    private string _partnership = "";
    private string _organisationOnly = "";
    private string _lawEnforcement = "";
    private string _tag = "";

    public async Task InitializeAsync()
    {
        // The rail partner reports three crimes, one of each visibility, each with personal data.
        _tag = "share-" + Guid.NewGuid().ToString("N")[..8];
        var rail = await factory.LoginAsync(WaymarkFactory.RailAnalyst);
        _partnership = (string)(await rail.PostJsonAsync("/api/crimes", Api.Crime("Partnership", personal: Personal, reference: _tag + "-p"), HttpStatusCode.Created))["id"]!;
        _organisationOnly = (string)(await rail.PostJsonAsync("/api/crimes", Api.Crime("Organisation", personal: Personal, reference: _tag + "-o"), HttpStatusCode.Created))["id"]!;
        _lawEnforcement = (string)(await rail.PostJsonAsync("/api/crimes", Api.Crime("LawEnforcement", personal: Personal, reference: _tag + "-l"), HttpStatusCode.Created))["id"]!;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<JsonArray> SearchAsync(string user, string query = "")
    {
        var client = await factory.LoginAsync(user);
        var page = await client.GetJsonAsync($"/api/crimes?q={_tag}&pageSize=50{query}");
        return page["items"]!.AsArray();
    }

    private static JsonNode? Find(JsonArray items, string id) => items.FirstOrDefault(i => (string)i!["id"]! == id);

    [Fact]
    public async Task PartnerAnalyst_SeesOtherPartnersPartnershipCrimes_WithoutPersonalData()
    {
        var items = await SearchAsync(WaymarkFactory.PowerAnalyst, "&purpose=curiosity");

        var crime = Assert.Single(items);
        Assert.Equal(_partnership, (string)crime!["id"]!);
        Assert.Null(crime["personal"]);
        Assert.Null(crime["personalDataNote"]);
        Assert.DoesNotContain("Hughes", crime.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("AB12CDE", crime.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dealer_SeesPartnershipCrimesOnly_WithoutPersonalData()
    {
        var items = await SearchAsync(WaymarkFactory.DealerUser);
        var crime = Assert.Single(items);
        Assert.Null(crime!["personal"]);
    }

    [Fact]
    public async Task PoliceAnalyst_SeesPartnershipAndLawEnforcement_WithPersonalDataForAStatedPurpose()
    {
        var items = await SearchAsync(WaymarkFactory.PoliceAnalyst, "&purpose=Op%20Tamar%20cable%20thefts");

        Assert.Equal(2, items.Count);
        Assert.NotNull(Find(items, _partnership));
        Assert.NotNull(Find(items, _lawEnforcement));
        Assert.Null(Find(items, _organisationOnly));
        var personal = Find(items, _lawEnforcement)!["personal"]!;
        Assert.Equal("DC Hughes", (string)personal["officerInCharge"]!);
        Assert.Equal("AB12CDE", (string)personal["vehiclesSeen"]![0]!);
    }

    [Fact]
    public async Task PoliceAnalyst_WithoutAPurpose_IsToldPersonalDataIsWithheld()
    {
        var items = await SearchAsync(WaymarkFactory.PoliceAnalyst);
        var crime = Find(items, _lawEnforcement)!;
        Assert.Null(crime["personal"]);
        Assert.Contains("purpose", (string)crime["personalDataNote"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PoliceReadOfPersonalData_IsAuditedWithItsPurpose()
    {
        var police = await factory.LoginAsync(WaymarkFactory.PoliceOfficer);
        var crime = await police.GetJsonAsync($"/api/crimes/{_lawEnforcement}?purpose=Statement%20for%20CPS%20file");
        Assert.Equal("J. Smith", (string)crime["personal"]!["victimName"]!);

        var admin = await factory.LoginAsync(WaymarkFactory.Admin);
        var audit = await admin.GetJsonAsync($"/api/audit?action=crime.read-personal&record={_lawEnforcement}");
        var entry = audit["items"]!.AsArray().Single(e => (string)e!["purpose"]! == "Statement for CPS file");
        Assert.Equal(WaymarkFactory.PoliceOfficer, (string)entry!["actor"]!);
        Assert.Equal(factory.Police.Id.ToString(), (string)entry["organisationId"]!);
    }

    [Theory]
    [InlineData(WaymarkFactory.PowerAnalyst)]
    [InlineData(WaymarkFactory.PoliceAnalyst)]
    [InlineData(WaymarkFactory.DealerUser)]
    public async Task OrganisationCrimeOfAnotherOrganisation_Is404_NotForbidden(string user)
    {
        var client = await factory.LoginAsync(user);
        var response = await client.GetAsync($"/api/crimes/{_organisationOnly}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task LawEnforcementCrime_IsInvisibleToOtherPartners()
    {
        var client = await factory.LoginAsync(WaymarkFactory.PowerAnalyst);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/crimes/{_lawEnforcement}")).StatusCode);
    }

    [Fact]
    public async Task Owner_SeesAllItsOwnCrimes_WithItsOwnPersonalData()
    {
        var items = await SearchAsync(WaymarkFactory.RailAnalyst);
        Assert.Equal(3, items.Count);
        Assert.All(items, i => Assert.Equal("DC Hughes", (string)i!["personal"]!["officerInCharge"]!));
    }

    [Fact]
    public async Task OtherPartner_CannotUpdateACrime()
    {
        var client = await factory.LoginAsync(WaymarkFactory.PowerAnalyst);
        var response = await client.PutAsync($"/api/crimes/{_partnership}", System.Net.Http.Json.JsonContent.Create(Api.Crime()));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Export_AsPartner_CarriesNoPersonalColumnsValues()
    {
        var client = await factory.LoginAsync(WaymarkFactory.PowerAnalyst);
        var csv = await client.GetStringAsync($"/api/crimes/export?format=csv&q={_tag}&purpose=x");
        var lines = csv.TrimEnd().Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.DoesNotContain("Hughes", csv, StringComparison.Ordinal);
        Assert.Contains(_tag + "-p", lines[1], StringComparison.Ordinal);
    }
}
