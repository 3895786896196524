using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Waymark.Core.Analytics.Surfaces;
using Waymark.Server.Features.Auth;
using Waymark.Server.Features.Crimes;

namespace Waymark.Server.Features.Analytics;

/// <summary>
/// <c>/api/analytics/…</c>: each analysis on the stored crimes the usual filters select (GET, respecting the
/// caller's visibility) or on the caller's own points (POST <c>{ "points": [...] }</c>), as analysts bring data to
/// CrimeStat. Bad parameters answer 400 naming the parameter; no analysis answers NaN.
/// </summary>
public static partial class AnalyticsEndpoints
{
    public const int MaxPostedPoints = 1_000_000;

    /// <summary>Most cells a map layer may carry; a finer grid over a larger area must be narrowed with bbox.</summary>
    public const int MaxMapCells = 60_000;

    public static RouteGroupBuilder MapAnalytics(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/analytics").WithTags("Analytics").RequireAuthorization();
        group.MapGet("/grid", GridAsync).WithName("GridCounts").WithSummary("Crime counts on British National Grid square cells (cell metres), as GeoJSON polygons in WGS84.");
        group.MapPost("/grid", GridPosted).WithName("GridCountsOfPoints").WithSummary("Grid counts of your own points.");
        group.MapGet("/hexbins", HexAsync).WithName("HexBins").WithSummary("Crime counts on hexagons (size = centre-to-vertex metres), as GeoJSON.");
        group.MapPost("/hexbins", HexPosted).WithName("HexBinsOfPoints").WithSummary("Hexagon counts of your own points.");
        group.MapGet("/kde", KdeAsync).WithName("KernelDensity").WithSummary("Kernel density surface: grid values, bounds, and a PNG overlay (base64).");
        group.MapPost("/kde", KdePosted).WithName("KernelDensityOfPoints").WithSummary("Kernel density of your own points.");
        MapHotspots(group);
        MapSpaceTime(group);
        MapTrends(group);
        return group;
    }

    private static async Task<IResult> FromCrimesAsync(CrimeSearch search, HttpContext http, AnalysisSource source, Func<Positions, IResult> analyse, CancellationToken ct)
    {
        var (positions, errors) = await source.PositionsAsync(search, Caller.From(http.User)!, ct);
        return positions is null
            ? TypedResults.ValidationProblem(errors, title: "The filters are invalid.")
            : Guarded(() => analyse(positions));
    }

    private static IResult FromPosted(PostedPoints body, Func<Positions, IResult> analyse)
    {
        var (events, errors) = AnalysisInput.FromPosted(body.Points, MaxPostedPoints);
        return events is null
            ? TypedResults.ValidationProblem(errors, title: "The points are invalid.")
            : Guarded(() => analyse(new Positions(events.Events.Select(e => e.X).ToArray(), events.Events.Select(e => e.Y).ToArray(), 0, null)));
    }

    // The algorithms name parameters in their own words; the API's are shorter.
    private static readonly Dictionary<string, string> ApiNames = new(StringComparer.Ordinal)
    {
        ["cellSizeMetres"] = "cell",
        ["sizeMetres"] = "size",
        ["bandwidthMetres"] = "bandwidth",
        ["eastings"] = "points",
        ["northings"] = "points",
    };

    /// <summary>Turns the algorithms' argument checks into a 400 naming the parameter.</summary>
    internal static IResult Guarded(Func<IResult> analyse)
    {
        try
        {
            return analyse();
        }
        catch (AnalysisRefusedException e)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [e.Field] = [e.Message] }, title: "The analysis cannot run with these parameters.");
        }
        catch (ArgumentException e)
        {
            return Refused(e);
        }
    }

    /// <summary>An algorithm's argument check as a 400 naming the API's parameter.</summary>
    internal static IResult Refused(ArgumentException e)
    {
        var field = string.IsNullOrEmpty(e.ParamName) ? "parameters" : ApiNames.GetValueOrDefault(e.ParamName, e.ParamName);
        var message = e.Message.Split(" (Parameter '", 2)[0];
        return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "The analysis cannot run with these parameters.");
    }

    private static Task<IResult> GridAsync([AsParameters] CrimeSearch search, double? cell, HttpContext http, AnalysisSource source, CancellationToken ct) =>
        FromCrimesAsync(search, http, source, p => Grid(p, cell ?? 1000), ct);

    private static IResult GridPosted(PostedPoints body, double? cell) => FromPosted(body, p => Grid(p, cell ?? 1000));

    private static IResult Grid(Positions p, double cell)
    {
        var result = GridCounts.Count(p.X, p.Y, cell);
        RequireDrawable(result.Cells.Count, "cell", $"occupied {cell} m cells", "larger cells");

        var features = result.Cells.Select(c => new
        {
            type = "Feature",
            geometry = new { type = "Polygon", coordinates = new[] { AnalysisInput.CellRing(c.OriginEasting, c.OriginNorthing, cell) } },
            properties = new { cell = result.CellKey(c), count = c.Count, easting = c.OriginEasting, northing = c.OriginNorthing },
        }).ToList();
        return TypedResults.Json(new
        {
            type = "FeatureCollection",
            cellSize = cell,
            total = result.PointCount,
            maxCount = result.Cells.Count == 0 ? 0 : result.Cells.Max(c => c.Count),
            excluded = p.Excluded,
            note = p.Note,
            features,
        }, Json.Options, "application/geo+json");
    }

    private static void RequireDrawable(int count, string field, string what, string remedy)
    {
        if (count > MaxMapCells)
        {
            throw new AnalysisRefusedException(field, $"{count:N0} {what} are too many to draw (at most {MaxMapCells:N0}): use {remedy} or a smaller bbox.");
        }
    }

    private static Task<IResult> HexAsync([AsParameters] CrimeSearch search, double? size, HttpContext http, AnalysisSource source, CancellationToken ct) =>
        FromCrimesAsync(search, http, source, p => Hex(p, size ?? 500), ct);

    private static IResult HexPosted(PostedPoints body, double? size) => FromPosted(body, p => Hex(p, size ?? 500));

    private static IResult Hex(Positions p, double size)
    {
        var result = HexBins.Count(p.X, p.Y, size);
        RequireDrawable(result.Cells.Count, "size", "hexagons", "larger hexagons");

        var features = result.Cells.Select(h =>
        {
            var ring = h.Vertices.Select(v => AnalysisInput.ToLonLat(v.Easting, v.Northing)).ToList();
            ring.Add(ring[0]);
            return new
            {
                type = "Feature",
                geometry = new { type = "Polygon", coordinates = new[] { ring } },
                properties = new { q = h.Q, r = h.R, count = h.Count },
            };
        }).ToList();
        return TypedResults.Json(new { type = "FeatureCollection", size, total = p.Count, excluded = p.Excluded, note = p.Note, features }, Json.Options, "application/geo+json");
    }

    private static Task<IResult> KdeAsync([AsParameters] CrimeSearch search, double? cell, double? bandwidth, string? kernel, HttpContext http, AnalysisSource source, CancellationToken ct) =>
        FromCrimesAsync(search, http, source, p => Kde(p, cell, bandwidth, kernel), ct);

    private static IResult KdePosted(PostedPoints body, double? cell, double? bandwidth, string? kernel) => FromPosted(body, p => Kde(p, cell, bandwidth, kernel));

    private static IResult Kde(Positions p, double? cell, double? bandwidth, string? kernel)
    {
        var shape = (kernel ?? "quartic").ToLowerInvariant() switch
        {
            "quartic" => KernelShape.Quartic,
            "gaussian" => KernelShape.Gaussian,
            _ => throw new AnalysisRefusedException("kernel", "is quartic or gaussian."),
        };
        if (p.Count < 2)
        {
            throw new AnalysisRefusedException("points", $"a density surface needs at least 2 crimes; the filters select {p.Count}.");
        }

        // Default raster: about 500 cells across the points' extent, at least 50 m.
        var width = Math.Max(p.X.Max() - p.X.Min(), p.Y.Max() - p.Y.Min());
        var cellSize = cell ?? Math.Max(50, Math.Round(width / 500 / 10) * 10);
        var result = KernelDensity.Estimate(p.X, p.Y, cellSize, bandwidth, shape, unit: DensityUnit.PerSquareKilometre);
        var raster = result.Raster;
        var extent = raster.Extent;
        var png = PngOverlay.Render(raster);
        return TypedResults.Json(new
        {
            kernel = shape.ToString().ToLowerInvariant(),
            bandwidthMetres = result.BandwidthMetres,
            bandwidthRule = result.BandwidthFromRule ? "Scott's rule" : null,
            cellSize = raster.CellSizeMetres,
            columns = raster.Columns,
            rows = raster.Rows,
            unit = "crimes per km²",
            max = raster.Max(),
            total = p.Count,
            excluded = p.Excluded,
            note = p.Note,
            bng = new { minEasting = extent.MinEasting, minNorthing = extent.MinNorthing, maxEasting = extent.MaxEasting, maxNorthing = extent.MaxNorthing },
            // Leaflet's ImageOverlay bounds, [[south, west], [north, east]]. The raster is square in BNG, so in WGS84
            // it is very slightly skewed; over a county the difference is below a pixel.
            bounds = Bounds(extent),
            png = Convert.ToBase64String(png),
            values = raster.Values.ToArray().Select(v => Math.Round(v, 6)).ToArray(),
        }, Json.Options);
    }

    private static double[][] Bounds(GridExtent e)
    {
        var sw = AnalysisInput.ToLonLat(e.MinEasting, e.MinNorthing);
        var ne = AnalysisInput.ToLonLat(e.MaxEasting, e.MaxNorthing);
        return [[sw[1], sw[0]], [ne[1], ne[0]]];
    }

    internal static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

/// <summary>An analysis refused for a reason the caller can fix, naming the parameter.</summary>
public sealed class AnalysisRefusedException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
