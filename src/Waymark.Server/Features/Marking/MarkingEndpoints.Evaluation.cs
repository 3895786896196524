using System.Globalization;
using Waymark.Core.Marking;
using Waymark.Server.Features.Auth;

namespace Waymark.Server.Features.Marking;

public static partial class MarkingEndpoints
{
    public sealed record EvaluationArea(string AreaCode, string? Name, bool Treated, int Before, int After);

    public sealed record EvaluationResponse(
        Guid ProgrammeId, DateOnly MarkingStarted, int Months, DateOnly BeforeFrom, DateOnly AfterTo, IReadOnlyList<string> Categories,
        DidResult Effect, double BurglariesPrevented, double BurglariesPreventedLower, double BurglariesPreventedUpper,
        double HoursPerBurglary, double PoliceHoursSaved, double PoliceHoursSavedLower, double PoliceHoursSavedUpper, string Interpretation,
        IReadOnlyList<EvaluationArea> Areas);

    private static void MapEvaluation(RouteGroupBuilder group) =>
        group.MapGet("/programmes/{id:guid}/evaluation", EvaluateAsync).WithName("EvaluateMarkingProgramme")
            .WithSummary("Residential burglary in the target areas against the programme's comparison areas, the same number of months before and after marking began: difference in differences with its standard error and confidence interval, and the police hours it implies.");

    private static async Task<IResult> EvaluateAsync(Guid id, DateOnly? start, int? months, double? hoursPerBurglary, double? confidence,
        HttpContext http, Data.WaymarkDb db, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        var programme = await VisibleProgrammeAsync(db, id, caller, ct);
        if (programme is null)
        {
            return ProgrammeNotFound(id);
        }

        var hours = hoursPerBurglary ?? DefaultHoursPerBurglary;
        if (hours is <= 0 or > 10_000 || double.IsNaN(hours))
        {
            return Invalid("hoursPerBurglary", "is police hours per burglary, above 0 (default 109,567 / 7,652 ≈ 14.32, the MOPAC MetTrace business case).");
        }

        var level = confidence ?? 0.95;
        if (level is < 0.5 or >= 1)
        {
            return Invalid("confidence", "is the interval's confidence level, 0.5 to 0.999 (default 0.95).");
        }

        var span = months ?? 12;
        if (span is < 1 or > 36)
        {
            return Invalid("months", "is the length of the before and after periods in months, 1 to 36 (default 12).");
        }

        var areas = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            db.Set<MarkingArea>().Where(a => a.ProgrammeId == id), ct);
        var treated = areas.Where(a => a.IsTarget).ToList();
        var control = areas.Where(a => !a.IsTarget).ToList();
        var began = start ?? treated.Where(a => a.MarkingStarted is not null).Select(a => a.MarkingStarted!.Value).DefaultIfEmpty().Min();
        if (began == default)
        {
            return Invalid("start", "give the date marking began (?start=yyyy-MM-dd) or set marking_started on the target areas.");
        }

        var split = began.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var from = split.AddMonths(-span);
        var to = split.AddMonths(span);
        var now = clock.GetUtcNow().UtcDateTime;
        if (to > now)
        {
            var complete = (now.Year - split.Year) * 12 + now.Month - split.Month - (now.Day < split.Day ? 1 : 0);
            return Invalid("months", $"the after period would end {to:yyyy-MM-dd}, in the future; at most {Math.Max(0, complete)} complete months have passed since marking began on {began:yyyy-MM-dd}.");
        }

        if (treated.Count < 2 || control.Count < 2)
        {
            return Invalid("areas", $"the evaluation needs at least two target areas and two comparison areas (upload comparison areas with target=no); the programme has {treated.Count} and {control.Count}.");
        }

        var codes = areas.Select(a => a.AreaCode).ToList();
        var before = await BurglaryCountsAsync(db, caller, codes, from, split, ct);
        var after = await BurglaryCountsAsync(db, caller, codes, split, to, ct);
        AreaBeforeAfter Row(MarkingArea a) => new(a.AreaCode, before.GetValueOrDefault(a.AreaCode), after.GetValueOrDefault(a.AreaCode));
        var result = DifferenceInDifferences.Estimate(treated.Select(Row).ToList(), control.Select(Row).ToList(), level);
        var interpretation = result.Upper < 0
            ? string.Create(CultureInfo.InvariantCulture, $"Residential burglary fell by {-result.Estimate:0.0} more per target area than in comparison areas ({level:P0} interval {-result.Upper:0.0} to {-result.Lower:0.0}): about {result.CrimesPrevented:0} burglaries and {result.CrimesPrevented * hours:N0} police hours saved.")
            : result.Lower > 0
                ? string.Create(CultureInfo.InvariantCulture, $"Residential burglary rose by {result.Estimate:0.0} more per target area than in comparison areas; the interval excludes no change.")
                : string.Create(CultureInfo.InvariantCulture, $"No clear effect: the {level:P0} interval ({result.Lower:0.0} to {result.Upper:0.0} burglaries per area) includes no change.");
        return TypedResults.Ok(new EvaluationResponse(id, began, span, DateOnly.FromDateTime(from), DateOnly.FromDateTime(to), ResidentialBurglaryCategories,
            result, result.CrimesPrevented, result.CrimesPreventedLower, result.CrimesPreventedUpper, hours,
            result.CrimesPrevented * hours, result.CrimesPreventedLower * hours, result.CrimesPreventedUpper * hours,
            interpretation,
            areas.OrderBy(a => !a.IsTarget).ThenBy(a => a.AreaCode).Select(a => new EvaluationArea(a.AreaCode, a.Name, a.IsTarget, before.GetValueOrDefault(a.AreaCode), after.GetValueOrDefault(a.AreaCode))).ToList()));
    }
}
