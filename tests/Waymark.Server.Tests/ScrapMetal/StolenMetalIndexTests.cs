using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Waymark.Server.Tests.Infrastructure;

namespace Waymark.Server.Tests.ScrapMetal;

/// <summary>
/// The stolen-metal check reads metal thefts from memory, built at the first receipt: a theft recorded or edited after
/// that must count, or stop counting, from the next receipt on — as it did when the check read the crimes table.
/// </summary>
public sealed class StolenMetalIndexTests(ScrapFactory factory) : IClassFixture<ScrapFactory>
{
    [Fact]
    public async Task TheftRecordedAfterTheFirstReceipt_IsMatched_AndStopsMatchingWhenMadeOrganisationOnlyOrRecategorised()
    {
        var dealer = await factory.LoginAsync(WaymarkFactory.DealerUser);
        var police = await factory.LoginAsync(WaymarkFactory.PoliceAnalyst);
        var rail = await factory.LoginAsync(WaymarkFactory.RailAnalyst);

        // 90 kg of copper cable: nothing reported stolen yet, so it passes (and the first receipt loads the thefts).
        Assert.True(await StolenMetalPassesAsync(dealer, police));

        // 150 kg of copper traction return cable stolen by Doncaster station yesterday, about 2 km from the yard.
        var stolenAt = DateTimeOffset.UtcNow.AddDays(-1);
        object Theft(string category, string visibility) => new
        {
            category,
            occurredFrom = stolenAt,
            occurredTo = stolenAt.AddHours(6),
            latitude = 53.5228,
            longitude = -1.1397,
            visibility,
            propertyStolen = new[] { new { type = "copper power cable", description = "traction return", quantity = 1, weightKg = 150.0 } },
        };
        var crime = await rail.PostJsonAsync("/api/crimes", Theft("metal-theft-rail-power-cable", "Partnership"), HttpStatusCode.Created);
        var crimeId = (string)crime["id"]!;

        var check = await StolenMetalCheckAsync(dealer, police);
        Assert.False((bool)check["passed"]!);
        Assert.Equal([crimeId], check["relatedIds"]!.AsArray().Select(i => (string)i!));
        Assert.Contains("copper power cable traction return 150 kg against copper 90 kg received", (string)check["detail"]!, StringComparison.Ordinal);

        // The owner makes it organisation-only: police may no longer be shown it, so it no longer matches.
        await PutAsync(rail, crimeId, Theft("metal-theft-rail-power-cable", "Organisation"));
        Assert.True(await StolenMetalPassesAsync(dealer, police));

        // Shared again, it matches again; recorded instead as a burglary, it is not a metal theft and does not.
        await PutAsync(rail, crimeId, Theft("metal-theft-rail-power-cable", "Partnership"));
        Assert.False(await StolenMetalPassesAsync(dealer, police));
        await PutAsync(rail, crimeId, Theft("burglary", "Partnership"));
        Assert.True(await StolenMetalPassesAsync(dealer, police));
    }

    private static async Task PutAsync(HttpClient client, string crimeId, object body)
    {
        using var response = await client.PutAsync($"/api/crimes/{crimeId}", JsonContent.Create(body));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<bool> StolenMetalPassesAsync(HttpClient dealer, HttpClient police) =>
        (bool)(await StolenMetalCheckAsync(dealer, police))["passed"]!;

    /// <summary>Records 90 kg of copper cable at the yard and reads the stolen-metal check's result as police see it.</summary>
    private static async Task<JsonNode> StolenMetalCheckAsync(HttpClient dealer, HttpClient police)
    {
        var body = ScrapFactory.Receipt();
        body["items"] = new[] { new { metalType = "copper", form = "cable", condition = "burnt", weightKg = 90.0 } };
        var receipt = await dealer.PostJsonAsync("/api/scrap/receipts", body, HttpStatusCode.Created);
        var seen = await police.GetJsonAsync($"/api/scrap/receipts/{(string)receipt["id"]!}");
        return seen["checks"]!.AsArray().Single(c => (string)c!["check"]! == "stolen-metal-nearby")!;
    }
}
