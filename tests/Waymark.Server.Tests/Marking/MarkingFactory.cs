using Microsoft.Extensions.DependencyInjection;
using Waymark.Server.Data;
using Waymark.Server.Tests.Infrastructure;

namespace Waymark.Server.Tests.Marking;

/// <summary>
/// The test partnership plus residential burglary with a known marking effect, in eight LSOAs around a marking start
/// date 200 days ago, six months either side. Target areas (burglaries before → after): E01000001 12→5, E01000002 10→4,
/// E01000003 9→5, E01000004 11→4. Comparison areas: E01000011 10→9, E01000012 11→10, E01000013 9→9, E01000014 12→10.
/// Also, in target areas, vehicle crime and business burglary, which the evaluation must not count.
/// </summary>
public sealed class MarkingFactory : WaymarkFactory
{
    public static readonly (string Area, int Before, int After, bool Treated)[] Areas =
    [
        ("E01000001", 12, 5, true), ("E01000002", 10, 4, true), ("E01000003", 9, 5, true), ("E01000004", 11, 4, true),
        ("E01000011", 10, 9, false), ("E01000012", 11, 10, false), ("E01000013", 9, 9, false), ("E01000014", 12, 10, false),
    ];

    public DateOnly MarkingStarted { get; } = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-200));

    protected override async Task SeedAsync()
    {
        await using var scope = Scope();
        var db = scope.ServiceProvider.GetRequiredService<WaymarkDb>();
        var start = MarkingStarted.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var n = 0;
        foreach (var (area, before, after, treated) in Areas)
        {
            // Spread inside each six-month period, never touching its ends; the after crimes (20 to 170 days after the start,
            // so 30 to 180 days ago) are also exactly those of the last six months.
            for (var i = 0; i < before; i++)
            {
                db.Crimes.Add(Burglary(area, start.AddMonths(-6).AddDays(3 + i * 170.0 / before), n++));
            }

            for (var i = 0; i < after; i++)
            {
                db.Crimes.Add(Burglary(area, start.AddDays(20 + i * 150.0 / after), n++));
            }

            if (treated)
            {
                db.Crimes.Add(Burglary(area, start.AddDays(-20), n++, "vehicle-crime"));
                db.Crimes.Add(Burglary(area, start.AddDays(20), n++, "burglary-business"));
            }
        }

        await db.SaveChangesAsync();
    }

    private Crime Burglary(string area, DateTime at, int n, string category = "burglary-residential") => new()
    {
        Id = Guid.CreateVersion7(),
        Reference = $"SEED-{n}",
        OwnerOrganisationId = Police.Id,
        Source = "test",
        Category = category,
        PoliceUkCategory = category == "vehicle-crime" ? "vehicle-crime" : "burglary",
        OccurredFrom = at,
        OccurredTo = at.AddHours(6),
        ReportedAt = at.AddHours(8),
        LsoaCode = area,
        Visibility = Waymark.Core.Crimes.Visibility.Partnership,
        RecordedAt = at.AddHours(8),
        UpdatedAt = at.AddHours(8),
    };
}
