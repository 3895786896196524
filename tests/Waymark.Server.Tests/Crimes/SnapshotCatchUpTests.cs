using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Core.Crimes;
using Waymark.Server.Data;
using Waymark.Server.Features.Analytics;
using Waymark.Server.Features.Crimes;
using Waymark.Server.Tests.Infrastructure;

namespace Waymark.Server.Tests.Crimes;

/// <summary>
/// The map snapshot follows the database without reloading every crime: an import is merged in when it commits, and
/// writes by another process (here, straight into the database, past the API) are merged in at the next check.
/// </summary>
public sealed class SnapshotCatchUpTests(WaymarkFactory factory) : IClassFixture<WaymarkFactory>
{
    private const string GreatBritain = "-8.7,49.8,1.9,60.9";

    [Fact]
    public async Task Snapshot_AfterImportAndOtherWriters_HoldsWhatTheDatabaseHolds()
    {
        var snapshot = factory.Services.GetRequiredService<CrimeSnapshot>();
        var before = await snapshot.GetAsync(CancellationToken.None);

        // An import: 628 rows, 54 of them without a location.
        var police = await factory.LoginAsync(WaymarkFactory.PoliceAnalyst);
        using (var content = new MultipartFormDataContent())
        {
            var file = new ByteArrayContent(await File.ReadAllBytesAsync(WaymarkFactory.TestData("policeuk", "2021-08-city-of-london-street.csv")));
            file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            content.Add(file, "file", "2021-08-city-of-london-street.csv");
            (await police.PostAsync("/api/imports/policeuk", content)).EnsureSuccessStatusCode();
        }

        var imported = await snapshot.GetAsync(CancellationToken.None);
        Assert.Equal(before.Count + 574, imported.Count);
        Assert.Equal(before.Unlocated.Count + 54, imported.Unlocated.Count);
        await AssertSameAsDatabaseAsync(WaymarkFactory.PowerAnalyst);

        // Another process: one crime made LawEnforcement, one loses its location, one is added.
        Guid hidden, unlocated;
        var added = Guid.CreateVersion7();
        await using (var scope = factory.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WaymarkDb>();
            var ids = await db.Crimes.Where(c => c.Latitude != null).OrderBy(c => c.Reference).Select(c => c.Id).Take(2).ToListAsync();
            (hidden, unlocated) = (ids[0], ids[1]);
            var now = DateTime.UtcNow;
            await db.Crimes.Where(c => c.Id == hidden).ExecuteUpdateAsync(s => s.SetProperty(c => c.Visibility, Visibility.LawEnforcement).SetProperty(c => c.UpdatedAt, now));
            await db.Crimes.Where(c => c.Id == unlocated).ExecuteUpdateAsync(s => s.SetProperty(c => c.Latitude, (double?)null).SetProperty(c => c.Longitude, (double?)null).SetProperty(c => c.UpdatedAt, now));
            db.Crimes.Add(new Crime
            {
                Id = added,
                Reference = "OTHER-PROCESS-1",
                OwnerOrganisationId = factory.Rail.Id,
                Source = "api",
                Category = "metal-theft-rail-signalling-cable",
                PoliceUkCategory = "other-theft",
                Sector = "rail",
                OccurredFrom = new DateTime(2026, 3, 1, 22, 0, 0, DateTimeKind.Utc),
                OccurredTo = new DateTime(2026, 3, 2, 4, 0, 0, DateTimeKind.Utc),
                ReportedAt = new DateTime(2026, 3, 2, 7, 0, 0, DateTimeKind.Utc),
                Latitude = 53.5228,
                Longitude = -1.1397,
                Visibility = Visibility.Partnership,
                RecordedAt = now,
                UpdatedAt = now,
            });
            await db.SaveChangesAsync();
        }

        // What the next check (at most CrimeSnapshot.MaxAge later) would find, without waiting for it.
        snapshot.Invalidate();
        var merged = await snapshot.GetAsync(CancellationToken.None);
        Assert.Equal(imported.Count, merged.Count);
        Assert.Contains(added, merged.Ids);
        Assert.DoesNotContain(unlocated, merged.Ids);
        Assert.Contains(unlocated, merged.Unlocated);
        Assert.Equal((byte)Visibility.LawEnforcement, merged.Visibility[Array.IndexOf(merged.Ids, hidden)]);

        var power = await AssertSameAsDatabaseAsync(WaymarkFactory.PowerAnalyst);
        Assert.Contains(added, power);
        Assert.DoesNotContain(hidden, power);
        Assert.Contains(hidden, await AssertSameAsDatabaseAsync(WaymarkFactory.OtherPoliceAnalyst));

        // A deletion cannot be seen in updated rows; the count gives it away and the snapshot reloads.
        await using (var scope = factory.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<WaymarkDb>().Crimes.Where(c => c.Id == added).ExecuteDeleteAsync();
        }

        snapshot.Invalidate();
        var reloaded = await snapshot.GetAsync(CancellationToken.None);
        Assert.Equal(merged.Count - 1, reloaded.Count);
        Assert.DoesNotContain(added, await AssertSameAsDatabaseAsync(WaymarkFactory.RailAnalyst));
    }

    /// <summary>Checks the snapshot-answered national search against SQL, and returns every id it lists.</summary>
    private async Task<List<Guid>> AssertSameAsDatabaseAsync(string user)
    {
        var client = await factory.LoginAsync(user);
        var response = await client.GetAsync($"/api/crimes?bbox={GreatBritain}&pageSize=5000");
        var page = await response.JsonAsync();
        Assert.Equal("snapshot", response.Headers.GetValues(CrimeEndpoints.AnsweredFromHeader).Single());
        var ids = page["items"]!.AsArray().Select(i => Guid.Parse((string)i!["id"]!)).ToList();

        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<WaymarkDb>();
        var search = new CrimeSearch { Bbox = GreatBritain, PageSize = 5000 };
        var (compiled, _) = search.Compile(db.Crimes.AsNoTracking(), await SnapshotSearchTests.CallerAsync(factory, user));
        var (total, items) = await CrimeSearch.PageAsync(compiled!, 1, 5000, CancellationToken.None);
        Assert.Equal(total, (int)page["total"]!);
        Assert.Equal(items.Select(c => c.Id), ids);
        return ids;
    }
}
