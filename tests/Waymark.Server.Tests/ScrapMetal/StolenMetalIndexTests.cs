using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Waymark.Core.Crimes;
using Waymark.Server.Data;
using Waymark.Server.Features.Crimes;
using Waymark.Server.Features.ScrapMetal;
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

    [Fact]
    public async Task TheftCommittedLateWithAnOlderTimestamp_IsMatchedAfterTheBackgroundRebuild()
    {
        // Another process (a bulk import) may commit a crime stamped before the newest one already read: the catch-up by
        // updated_at cannot see it, the periodic full read can. Here, near Penzance, away from the other test's thefts.
        var clock = new SteppedClock(DateTimeOffset.UtcNow);
        using var index = new StolenMetalIndex(factory.Services.GetRequiredService<IServiceScopeFactory>(), clock, NullLogger<StolenMetalIndex>.Instance);
        var now = DateTime.UtcNow;
        var first = await AddTheftAsync(50.1180, -5.5370, updatedAt: now);
        var (e, n) = await GridOfAsync(first);
        Assert.Equal([first], await CandidateIdsAsync(index, e, n));

        var late = await AddTheftAsync(50.1200, -5.5400, updatedAt: now.AddHours(-1));
        clock.Now += TimeSpan.FromMinutes(11);
        var found = await CandidateIdsAsync(index, e, n);
        for (var tries = 0; !found.Contains(late) && tries < 300; tries++)
        {
            await Task.Delay(100);
            found = await CandidateIdsAsync(index, e, n);
        }

        Assert.Equal([first, late], found.Order());
    }

    private async Task<List<Guid>> CandidateIdsAsync(StolenMetalIndex index, double e, double n)
    {
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<WaymarkDb>();
        var thefts = await index.CandidatesAsync(db, e, n, 5_000, DateTime.UtcNow.AddDays(-14), DateTime.UtcNow, CancellationToken.None);
        return thefts.Select(t => t.Id).ToList();
    }

    private async Task<(double E, double N)> GridOfAsync(Guid id)
    {
        await using var scope = factory.Scope();
        var crime = await scope.ServiceProvider.GetRequiredService<WaymarkDb>().Crimes.AsNoTracking().SingleAsync(c => c.Id == id);
        return (crime.Easting!.Value, crime.Northing!.Value);
    }

    /// <summary>A rail signalling-cable theft yesterday, written straight to the table as a bulk importer would.</summary>
    private async Task<Guid> AddTheftAsync(double lat, double lon, DateTime updatedAt)
    {
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<WaymarkDb>();
        var from = DateTime.UtcNow.AddDays(-1);
        var crime = new Crime
        {
            Id = Guid.CreateVersion7(), Reference = "LATE-" + Guid.NewGuid().ToString("N")[..8], OwnerOrganisationId = factory.Rail.Id, Source = "test",
            Category = "metal-theft-rail-signalling-cable", PoliceUkCategory = "other-theft", OccurredFrom = from, OccurredTo = from.AddHours(4), ReportedAt = from.AddHours(6),
            Visibility = Visibility.Partnership, PropertyStolen = [new PropertyItem { Type = "copper signalling cable", Quantity = 1, WeightKg = 80 }],
            RecordedAt = updatedAt, UpdatedAt = updatedAt,
        };
        Assert.Null(CrimeLocation.TryApply(crime, lat, lon));
        db.Crimes.Add(crime);
        await db.SaveChangesAsync();
        return crime.Id;
    }

    private sealed class SteppedClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
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
