using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Waymark.Core.Geo;
using Waymark.Server.Data;
using Waymark.Server.Features.Auth;
using Waymark.Server.Features.Crimes;

namespace Waymark.Server.Features.Analytics;

/// <summary>
/// One event for analysis, in British National Grid metres (EPSG:27700): a stored crime or a caller's own point.
/// Times are UTC; a point without a time has From = To = null.
/// </summary>
public sealed record AnalysisEvent(Guid? Id, double X, double Y, double Value, DateTime? From, DateTime? To, string? Category, int? OutcomeType, string? Tags);

/// <summary>A point an analyst brings, as they would to CrimeStat: BNG x/y in metres, or WGS84 lat/lon.</summary>
public sealed record PostedPoint(double? X, double? Y, double? Lat, double? Lon, double? Value, DateTimeOffset? Time, DateTimeOffset? TimeTo, string? Category, string? Id);

/// <summary>Where an analysis's events come from: the stored crimes the filters select, or the points posted.</summary>
public sealed record AnalysisEvents(IReadOnlyList<AnalysisEvent> Events, int Excluded, string? ExclusionNote);

public static class AnalysisInput
{
    /// <summary>
    /// Loads the crimes the caller may see that the filters select, as BNG events. Crimes without a British National
    /// Grid position (unlocated, or in Northern Ireland, which uses the Irish grid) are counted and left out, and the
    /// answer says so.
    /// </summary>
    public static async Task<(AnalysisEvents? Events, Dictionary<string, string[]> Errors)> FromCrimesAsync(
        CrimeSearch search, Caller caller, WaymarkDb db, CancellationToken ct)
    {
        var (compiled, errors) = search.Compile(db.Crimes.AsNoTracking(), caller);
        if (compiled is null)
        {
            return (null, errors);
        }

        var rows = compiled.Exact is null
            ? await compiled.Query.Where(c => c.Easting != null)
                .Select(c => new AnalysisEvent(c.Id, c.Easting!.Value, c.Northing!.Value, 1, c.OccurredFrom, c.OccurredTo, c.Category, c.OutcomeType, c.MoTags))
                .ToListAsync(ct)
            : await FilterExactAsync(compiled, ct);
        var withoutGrid = await compiled.Query.CountAsync(c => c.Easting == null, ct);
        return (new AnalysisEvents(rows, withoutGrid, withoutGrid == 0 ? null
            : $"{withoutGrid} crimes without a British National Grid position (unlocated, or in Northern Ireland) are not included."), errors);
    }

    private static async Task<List<AnalysisEvent>> FilterExactAsync(CrimeSearch.Compiled compiled, CancellationToken ct)
    {
        var list = new List<AnalysisEvent>();
        await foreach (var c in CrimeSearch.AllAsync(compiled, ct))
        {
            if (c.Easting is { } e && c.Northing is { } n)
            {
                list.Add(new AnalysisEvent(c.Id, e, n, 1, c.OccurredFrom, c.OccurredTo, c.Category, c.OutcomeType, c.MoTags));
            }
        }

        return list;
    }

    /// <summary>Converts posted points; each bad point is named by its index.</summary>
    public static (AnalysisEvents? Events, Dictionary<string, string[]> Errors) FromPosted(IReadOnlyList<PostedPoint>? points, int maxPoints)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (points is null || points.Count == 0)
        {
            errors["points"] = ["post at least one point: {x, y} in British National Grid metres or {lat, lon} in WGS84."];
            return (null, errors);
        }

        if (points.Count > maxPoints)
        {
            errors["points"] = [$"at most {maxPoints:N0} points per request."];
            return (null, errors);
        }

        var events = new List<AnalysisEvent>(points.Count);
        for (var i = 0; i < points.Count; i++)
        {
            var p = points[i];
            double x, y;
            if (p.X is { } px && p.Y is { } py)
            {
                if (!BngPoint.TryCreate(px, py, out _))
                {
                    errors[$"points[{i}]"] = ["x/y lie outside the British National Grid (0–700000 E, 0–1250000 N metres)."];
                    continue;
                }

                (x, y) = (px, py);
            }
            else if (p.Lat is { } lat && p.Lon is { } lon)
            {
                if (GeoArea.Classify(lat, lon) != Jurisdiction.GreatBritain || !Ostn15.TryToBng(lat, lon, out var bng))
                {
                    errors[$"points[{i}]"] = ["lat/lon lie outside Great Britain (analyses run in British National Grid metres)."];
                    continue;
                }

                (x, y) = (bng.Easting, bng.Northing);
            }
            else
            {
                errors[$"points[{i}]"] = ["needs x and y, or lat and lon."];
                continue;
            }

            if (p.Value is { } v && !double.IsFinite(v))
            {
                errors[$"points[{i}].value"] = ["must be a finite number."];
                continue;
            }

            if (p.Time is { } t1 && p.TimeTo is { } t2 && t2 < t1)
            {
                errors[$"points[{i}].timeTo"] = ["is before time."];
                continue;
            }

            events.Add(new AnalysisEvent(null, x, y, p.Value ?? 1, p.Time?.UtcDateTime, (p.TimeTo ?? p.Time)?.UtcDateTime, p.Category, null, null));
        }

        return errors.Count > 0 ? (null, errors) : (new AnalysisEvents(events, 0, null), errors);
    }

    /// <summary>The corners of a BNG square cell as a WGS84 GeoJSON ring (lon, lat), for drawing on a web map.</summary>
    public static double[][] CellRing(double originE, double originN, double size)
    {
        double[][] corners = [[originE, originN], [originE + size, originN], [originE + size, originN + size], [originE, originN + size], [originE, originN]];
        return corners.Select(c => ToLonLat(c[0], c[1])).ToArray();
    }

    /// <summary>
    /// BNG metres to WGS84 [lon, lat] (GeoJSON order), for drawing. At the very edge of the grid, where OSTN15's
    /// inverse has no answer, the position is inverse-projected without the datum shift: about 100 m out, which
    /// only matters for cells far out at sea.
    /// </summary>
    public static double[] ToLonLat(double e, double n)
    {
        if (!Ostn15.TryToWgs84(e, n, out var lat, out var lon))
        {
            (lat, lon) = TransverseMercator.NationalGridOnGrs80.Inverse(e, n);
        }

        return [Math.Round(lon, 6), Math.Round(lat, 6)];
    }
}

/// <summary>The body of a POST analysis on the caller's own points.</summary>
public sealed record PostedPoints
{
    [JsonRequired]
    public IReadOnlyList<PostedPoint> Points { get; init; } = [];
}
