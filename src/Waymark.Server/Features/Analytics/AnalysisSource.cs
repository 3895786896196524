using Waymark.Server.Data;
using Waymark.Server.Features.Auth;
using Waymark.Server.Features.Crimes;

namespace Waymark.Server.Features.Analytics;

/// <summary>Positions for an analysis, BNG metres, with how many selected crimes had none.</summary>
public sealed record Positions(double[] X, double[] Y, int Excluded, string? Note)
{
    public int Count => X.Length;
}

/// <summary>
/// Chooses where an analysis's crimes come from: the in-memory <see cref="CrimeSnapshot"/> when the filters allow
/// (fast, for maps over a national database), otherwise the database through the usual search.
/// </summary>
public sealed class AnalysisSource(CrimeSnapshot snapshot, WaymarkDb db)
{
    public async Task<(Positions? Positions, Dictionary<string, string[]> Errors)> PositionsAsync(CrimeSearch search, Caller caller, CancellationToken ct)
    {
        var data = await snapshot.GetAsync(ct);
        if (SnapshotFilter.TryCreate(data, search, caller) is { } filter)
        {
            var xs = new List<double>(1024);
            var ys = new List<double>(1024);
            var excluded = 0;
            for (var i = 0; i < data.Count; i++)
            {
                if (!filter.Matches(data, i))
                {
                    continue;
                }

                if (float.IsNaN(data.X[i]))
                {
                    excluded++;
                    continue;
                }

                xs.Add(data.X[i]);
                ys.Add(data.Y[i]);
            }

            return (new Positions([.. xs], [.. ys], excluded, Note(excluded)), []);
        }

        var (events, errors) = await AnalysisInput.FromCrimesAsync(search, caller, db, ct);
        return events is null ? (null, errors)
            : (new Positions(events.Events.Select(e => e.X).ToArray(), events.Events.Select(e => e.Y).ToArray(), events.Excluded, events.ExclusionNote), errors);
    }

    public async Task<(AnalysisEvents? Events, Dictionary<string, string[]> Errors)> EventsAsync(CrimeSearch search, Caller caller, CancellationToken ct) =>
        await AnalysisInput.FromCrimesAsync(search, caller, db, ct);

    private static string? Note(int excluded) => excluded == 0 ? null
        : $"{excluded} crimes in Northern Ireland (Irish grid, not British National Grid) are not included.";
}
