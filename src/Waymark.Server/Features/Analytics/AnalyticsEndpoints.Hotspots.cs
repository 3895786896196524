using Waymark.Core.Analytics.Spatial;
using Waymark.Server.Features.Crimes;

namespace Waymark.Server.Features.Analytics;

public static partial class AnalyticsEndpoints
{
    /// <summary>Largest lattice (occupied and empty cells) a hotspot analysis may span: a 1 km grid of Great Britain.</summary>
    public const int MaxLatticeCells = 1_000_000;

    private static void MapHotspots(RouteGroupBuilder group)
    {
        group.MapGet("/hotspots", HotspotsAsync).WithName("GetisOrdHotspots")
            .WithSummary("Getis-Ord Gi* hotspots and coldspots on grid cells: distance band (metres) or k nearest, binary or row-standardised weights, z, p, optional false-discovery-rate control.");
        group.MapPost("/hotspots", HotspotsPosted).WithName("GetisOrdHotspotsOfPoints").WithSummary("Gi* hotspots of your own points.");
        group.MapGet("/moran", MoranAsync).WithName("MoransI")
            .WithSummary("Global Moran's I of grid-cell counts, and local Moran (LISA) clusters with permutation p-values.");
        group.MapPost("/moran", MoranPosted).WithName("MoransIOfPoints").WithSummary("Moran's I and LISA of your own points.");
    }

    /// <summary>Parameters of a lattice analysis on grid-cell counts.</summary>
    public sealed record LatticeParameters(double? Cell, double? Distance, int? K, string? Weights, double? Alpha, bool? Fdr, bool? All, int? Permutations, int? Seed);

    /// <summary>The full lattice of cells over the points' extent, empty cells included (a coldspot is a run of empty cells).</summary>
    private sealed record Lattice(double Cell, long MinColumn, long MinRow, int Columns, int Rows, double[] Counts);

    private static Lattice BuildLattice(Positions p, double cell)
    {
        if (p.Count < 3)
        {
            throw new AnalysisRefusedException("points", $"a hotspot analysis needs at least 3 crimes; the filters select {p.Count}.");
        }

        if (!(cell >= 10))
        {
            throw new AnalysisRefusedException("cell", "is the cell size in metres, at least 10.");
        }

        var minC = (long)Math.Floor(p.X.Min() / cell);
        var maxC = (long)Math.Floor(p.X.Max() / cell);
        var minR = (long)Math.Floor(p.Y.Min() / cell);
        var maxR = (long)Math.Floor(p.Y.Max() / cell);
        var columns = maxC - minC + 1;
        var rows = maxR - minR + 1;
        if (columns * rows > MaxLatticeCells)
        {
            throw new AnalysisRefusedException("cell", $"{columns} × {rows} cells of {cell} m exceed the limit of {MaxLatticeCells:N0}: use larger cells or a smaller area.");
        }

        var counts = new double[columns * rows];
        for (var i = 0; i < p.Count; i++)
        {
            var c = (long)Math.Floor(p.X[i] / cell) - minC;
            var r = (long)Math.Floor(p.Y[i] / cell) - minR;
            counts[(r * columns) + c]++;
        }

        return new Lattice(cell, minC, minR, (int)columns, (int)rows, counts);
    }

    private static SpatialWeights LatticeWeights(Lattice lattice, LatticeParameters q)
    {
        SpatialWeights w;
        if (q.K is { } k)
        {
            if (k is < 1 or > 64)
            {
                throw new AnalysisRefusedException("k", "is the number of nearest cells, 1 to 64.");
            }

            var xs = new double[lattice.Counts.Length];
            var ys = new double[lattice.Counts.Length];
            for (var i = 0; i < xs.Length; i++)
            {
                xs[i] = ((i % lattice.Columns) + 0.5) * lattice.Cell;
                ys[i] = ((i / lattice.Columns) + 0.5) * lattice.Cell;
            }

            w = SpatialWeights.KNearestNeighbours(xs, ys, k);
        }
        else
        {
            // Default band: the 8 queen neighbours (1.5 cells).
            var distance = q.Distance ?? lattice.Cell * 1.5;
            if (!(distance >= lattice.Cell))
            {
                throw new AnalysisRefusedException("distance", $"is the neighbourhood radius in metres, at least one cell ({lattice.Cell} m), or every cell would be an island.");
            }

            w = SpatialWeights.RegularGrid(lattice.Columns, lattice.Rows, lattice.Cell, distance);
        }

        return (q.Weights ?? "binary").ToLowerInvariant() switch
        {
            "binary" or "b" => w,
            "row" or "r" or "row-standardised" => w.Transform(WeightsTransformation.RowStandardised),
            _ => throw new AnalysisRefusedException("weights", "is binary or row (row-standardised)."),
        };
    }

    private static object CellFeature(Lattice lattice, int i, object properties)
    {
        var e = (lattice.MinColumn + (i % lattice.Columns)) * lattice.Cell;
        var n = (lattice.MinRow + (i / lattice.Columns)) * lattice.Cell;
        return new
        {
            type = "Feature",
            geometry = new { type = "Polygon", coordinates = new[] { AnalysisInput.CellRing(e, n, lattice.Cell) } },
            properties,
        };
    }

    private static string CellKey(Lattice lattice, int i) =>
        Inv($"{lattice.Cell}:{lattice.MinColumn + (i % lattice.Columns)}:{lattice.MinRow + (i / lattice.Columns)}");

    private static Task<IResult> HotspotsAsync([AsParameters] CrimeSearch search, [AsParameters] LatticeParameters q, HttpContext http, AnalysisSource source, CancellationToken ct) =>
        FromCrimesAsync(search, http, source, p => Hotspots(p, q), ct);

    private static IResult HotspotsPosted(PostedPoints body, [AsParameters] LatticeParameters q) => FromPosted(body, p => Hotspots(p, q));

    private static IResult Hotspots(Positions p, LatticeParameters q)
    {
        var lattice = BuildLattice(p, q.Cell ?? 1000);
        var weights = LatticeWeights(lattice, q);
        var alpha = q.Alpha ?? 0.05;
        if (alpha is <= 0 or >= 1)
        {
            throw new AnalysisRefusedException("alpha", "is the significance level, between 0 and 1 (e.g. 0.05).");
        }

        var gi = GetisOrd.Local(lattice.Counts, weights, star: true);
        var classes = gi.Classify(alpha, q.Fdr ?? false);
        var features = new List<object>();
        for (var i = 0; i < classes.Length; i++)
        {
            if (classes[i] == HotspotClass.NotSignificant && q.All != true)
            {
                continue;
            }

            features.Add(CellFeature(lattice, i, new
            {
                cell = CellKey(lattice, i),
                count = (int)lattice.Counts[i],
                z = Math.Round(gi.Z[i], 4),
                p = gi.P[i],
                @class = classes[i] switch { HotspotClass.Hotspot => "hotspot", HotspotClass.Coldspot => "coldspot", _ => "not-significant" },
            }));
        }

        return TypedResults.Json(new
        {
            type = "FeatureCollection",
            statistic = "Getis-Ord Gi*",
            cellSize = lattice.Cell,
            cells = lattice.Counts.Length,
            weights = weights.Transformation == WeightsTransformation.Binary ? "binary" : "row-standardised",
            neighbourhood = q.K is { } k ? $"{k} nearest cells" : $"{q.Distance ?? lattice.Cell * 1.5} m band",
            alpha,
            falseDiscoveryRate = q.Fdr ?? false,
            hotspots = classes.Count(c => c == HotspotClass.Hotspot),
            coldspots = classes.Count(c => c == HotspotClass.Coldspot),
            total = p.Count,
            excluded = p.Excluded,
            note = p.Note,
            features,
        }, Json.Options, "application/geo+json");
    }

    private static Task<IResult> MoranAsync([AsParameters] CrimeSearch search, [AsParameters] LatticeParameters q, HttpContext http, AnalysisSource source, CancellationToken ct) =>
        FromCrimesAsync(search, http, source, p => MoranOf(p, q), ct);

    private static IResult MoranPosted(PostedPoints body, [AsParameters] LatticeParameters q) => FromPosted(body, p => MoranOf(p, q));

    private static IResult MoranOf(Positions p, LatticeParameters q)
    {
        var lattice = BuildLattice(p, q.Cell ?? 1000);
        var weights = LatticeWeights(lattice, q with { Weights = q.Weights ?? "row" });
        var permutations = q.Permutations ?? 99;
        if (permutations is < 0 or > 9999)
        {
            throw new AnalysisRefusedException("permutations", "is 0 to 9999.");
        }

        var global = Moran.Global(lattice.Counts, weights);
        var local = Moran.Local(lattice.Counts, weights, permutations, q.Seed ?? 12345);
        var clusters = permutations > 0 ? local.Clusters(q.Alpha ?? 0.05, q.Fdr ?? false) : null;
        var features = new List<object>();
        for (var i = 0; clusters is not null && i < clusters.Length; i++)
        {
            if (clusters[i] == LisaCluster.NotSignificant && q.All != true)
            {
                continue;
            }

            features.Add(CellFeature(lattice, i, new
            {
                cell = CellKey(lattice, i),
                count = (int)lattice.Counts[i],
                localI = Math.Round(local.Is[i], 6),
                p = local.PSim![i],
                cluster = clusters[i] switch
                {
                    LisaCluster.HighHigh => "high-high",
                    LisaCluster.LowLow => "low-low",
                    LisaCluster.HighLow => "high-low",
                    LisaCluster.LowHigh => "low-high",
                    _ => "not-significant",
                },
            }));
        }

        return TypedResults.Json(new
        {
            type = "FeatureCollection",
            moransI = global.I,
            expectedI = global.EI,
            zNormal = global.ZNorm,
            pNormal = global.PNorm,
            cellSize = lattice.Cell,
            cells = lattice.Counts.Length,
            permutations,
            total = p.Count,
            excluded = p.Excluded,
            note = p.Note,
            features,
        }, Json.Options, "application/geo+json");
    }
}
