using System.Diagnostics;
using System.Text;
using Waymark.Core.Analytics.SpaceTime;
using Waymark.Core.Analytics.Spatial;
using Waymark.Core.Analytics.Surfaces;

namespace Waymark.Bench;

internal sealed class AnalyticsBenchSettings
{
    public required string[] CommandLine { get; init; }

    public int Runs { get; set; } = 5;

    public int Warmup { get; set; } = 1;

    /// <summary>Operation keys to run (grid, kde, gi, nearrepeat, knox, scan); null for all.</summary>
    public HashSet<string>? Only { get; set; }
}

/// <summary>
/// The analytics algorithms at the sizes the analytics issue sets goals for, on fixed-seed crime-like data, timed
/// as whole calls: warm-up run(s), then N measured runs, median/min/max.
/// </summary>
internal static class AnalyticsBench
{
    public static readonly string[] Keys = ["grid", "kde", "gi", "nearrepeat", "knox", "scan"];

    private sealed record Operation(string Key, string Name, string Size, double GoalMs, string Goal, Func<object> Run, Func<object, string> Describe);

    private sealed record Measured(Operation Operation, Timing Timing, string Result);

    public static int Run(string[] args)
    {
        if (args.Skip(1).Any(a => a is "-h" or "--help"))
        {
            Usage();
            return 0;
        }

        if (Parse(args) is not { } settings)
        {
            return 2;
        }

        var started = DateTimeOffset.UtcNow;
        Console.WriteLine(BenchSupport.Header("Waymark analytics algorithms benchmark", args, started));
        BenchSupport.Line($"  runs     {settings.Runs} measured + {settings.Warmup} warm-up per operation; full GC before each run");
        Console.WriteLine();

        var operations = BuildOperations(settings);
        var results = new List<Measured>();
        foreach (var op in operations)
        {
            var times = new List<double>();
            object? last = null;
            for (var run = 1 - settings.Warmup; run <= settings.Runs; run++)
            {
                BenchSupport.Settle();
                var clock = Stopwatch.StartNew();
                last = op.Run();
                clock.Stop();
                var ms = clock.Elapsed.TotalMilliseconds;
                BenchSupport.Line($"{op.Name,-44} {(run <= 0 ? "warm-up" : $"run {run}/{settings.Runs}"),-9} {BenchSupport.Ms(ms),9}");
                if (run > 0)
                {
                    times.Add(ms);
                }
            }

            var measured = new Measured(op, Timing.Of(times), op.Describe(last!));
            Console.WriteLine("  → " + measured.Result);
            results.Add(measured);
        }

        Console.WriteLine();
        Console.WriteLine(Table(results));
        return 0;
    }

    private static List<Operation> BuildOperations(AnalyticsBenchSettings settings)
    {
        bool Want(string key) => settings.Only is null || settings.Only.Contains(key);
        var ops = new List<Operation>();
        var clock = Stopwatch.StartNew();

        // 1,000,000 crime-like points over Great Britain (300 hotspots + 12% background on land).
        double[] e = [], n = [];
        if (Want("grid") || Want("kde") || Want("gi"))
        {
            var random = new Random(20260401);
            var model = HotspotModel.Create(random);
            const int count = 1_000_000;
            e = new double[count];
            n = new double[count];
            for (var i = 0; i < count; i++)
            {
                (e[i], n[i]) = model.Next(random);
            }

            BenchSupport.Line(
                $"data: {count:N0} points over Great Britain, {model.Hotspots} Gaussian hotspots (σ 1–8 km, rank-size weights) + {model.BackgroundShare:P0} uniform background on land; seed 20260401 ({clock.Elapsed.TotalSeconds:F1} s to make)");
        }

        if (Want("grid"))
        {
            ops.Add(new Operation("grid", "grid counts, 1 km cells", "1,000,000 points", 100, "< 100 ms",
                () => GridCounts.Count(e, n, 1000),
                r => r is GridCountResult g ? BenchSupport.F($"{g.Columns} × {g.Rows} grid, {g.Cells.Count:N0} occupied cells, max {g.Cells.Max(c => c.Count):N0} in a cell") : ""));
        }

        if (Want("kde"))
        {
            // A 1,000 × 1,000 raster: 700 m cells over the 700 km square E 0–700 km, N 100–800 km (England, Wales and
            // southern Scotland). All 1,000,000 points are passed in; those outside the square are binned out.
            var extent = new GridExtent(0, 100_000, 700_000, 800_000);
            const double cell = 700;
            var scott = KernelDensity.DefaultBandwidth(e, n, KernelShape.Quartic);
            string Describe(object r) => r is KernelDensityResult k
                ? BenchSupport.F($"{k.Raster.Columns} × {k.Raster.Rows} raster, h = {k.BandwidthMetres / 1000:F2} km{(k.BandwidthFromRule ? " (Scott's rule)" : "")}, method {k.Method}, {k.PointCount:N0} points inside, {k.PointsOutsideExtent:N0} outside")
                : "";
            ops.Add(new Operation("kde", "KDE quartic, 1000 × 1000, h = 2 km", "1,000,000 points", 1000, "< 1 s",
                () => KernelDensity.Estimate(e, n, cell, 2000, KernelShape.Quartic, extent: extent), Describe));
            ops.Add(new Operation("kde", BenchSupport.F($"KDE quartic, 1000 × 1000, Scott h ≈ {scott / 1000:F0} km"), "1,000,000 points", 1000, "< 1 s",
                () => KernelDensity.Estimate(e, n, cell, null, KernelShape.Quartic, extent: extent), Describe));
        }

        if (Want("gi"))
        {
            // Counts on the full 700 × 1250 lattice of 1 km squares (zeros included), made once, outside the timing.
            var lattice = GridCounts.Count(e, n, 1000, extent: new GridExtent(0, 0, 700_000 - 1e-6, 1_250_000 - 1e-6)).ToRaster();
            var values = lattice.Values.ToArray();
            if (lattice.Columns != 700 || lattice.Rows != 1250)
            {
                throw new InvalidOperationException($"expected a 700 × 1250 lattice, got {lattice.Columns} × {lattice.Rows}.");
            }

            ops.Add(new Operation("gi", "Gi* (queen weights, FDR 5%), 1 km grid of GB", "875,000 cells", 1000, "< 1 s",
                () =>
                {
                    var weights = SpatialWeights.RegularGrid(700, 1250, 1000, 1500);
                    var local = GetisOrd.Local(values, weights, star: true);
                    return local.Classify(0.05, controlFalseDiscoveryRate: true);
                },
                r => r is HotspotClass[] c
                    ? BenchSupport.F($"{c.Count(x => x == HotspotClass.Hotspot):N0} hot and {c.Count(x => x == HotspotClass.Coldspot):N0} cold cells of {c.Length:N0} ({values.Count(v => v > 0):N0} with crimes)")
                    : ""));
        }

        if (Want("nearrepeat") || Want("knox"))
        {
            // 10,000 burglary-like events over a 30 km square (around Birmingham) and one year, 15% near repeats.
            var events = SpaceTimeData.NearRepeatLike(new Random(20260402), 10_000, 395_000, 270_000, 30_000, 365, 0.15);
            Console.WriteLine("data: 10,000 events over a 30 km square and 365 days, 40 hotspots (σ 0.3–2 km) + 25% background, 15% repeats (a third at the same address, the rest σ 80 m; mean 5 days later); seed 20260402");
            if (Want("nearrepeat"))
            {
                ops.Add(new Operation("nearrepeat", "Near Repeat Calculator, 99 permutations", "10,000 crimes", 5000, "< 5 s",
                    () => NearRepeatCalculator.Run(events, new NearRepeatOptions { Permutations = 99 }),
                    r => r is NearRepeatResult nr ? DescribeNearRepeat(nr) : ""));
            }

            if (Want("knox"))
            {
                ops.Add(new Operation("knox", "Knox test (200 m, 7 days), 99 permutations", "10,000 crimes", 5000, "< 5 s",
                    () => KnoxTest.Run(events, 200, 7, new KnoxOptions { Permutations = 99 }),
                    r => r is KnoxResult k
                        ? BenchSupport.F($"statistic {k.Statistic:N0} vs expected {k.Expected.SpaceCloseTimeClose:N1}, p(sim) = {k.PSimulated:0.###}")
                        : ""));
            }
        }

        if (Want("scan"))
        {
            // 50,000 events over a 60 km county square and 90 days, with an emerging cluster of 150 in the last fortnight.
            var events = SpaceTimeData.CountyLike(new Random(20260403), 50_000, 460_000, 320_000, 60_000, 90, 150);
            Console.WriteLine("data: 50,000 events over a 60 km square and 90 days, 60 hotspots + 20% background, and 150 events in a ~1 km emerging cluster in the last 14 days; seed 20260403");
            var options = new SpaceTimeScanOptions { Replications = 999, LocationCellSize = 1000, MaxRadius = 3000, MaxWindowDays = 30 };
            ops.Add(new Operation("scan", "space-time scan, 999 replications", "50,000 crimes", 30_000, "< 30 s",
                () => SpaceTimeScan.Run(events, options),
                r => r is SpaceTimeScanResult s && s.Clusters.Count > 0
                    ? BenchSupport.F($"{s.Locations.Count:N0} locations, days {s.StudyStartDay}–{s.StudyEndDay}; top cluster {s.Clusters[0].Observed} observed vs {s.Clusters[0].Expected:F1} expected, radius {s.Clusters[0].RadiusMetres:F0} m, from day {s.Clusters[0].StartDay}, p = {s.Clusters[0].PValue:0.###}")
                    : "no cluster"));
        }

        Console.WriteLine();
        return ops;
    }

    private static string DescribeNearRepeat(NearRepeatResult result)
    {
        // The same-location/0–100 m band within 0–7 days: where the near-repeat signal is.
        var first = result.Cells.Where(c => c.TemporalBand == 0 && c.SpatialBand <= 1).ToList();
        return string.Join("; ", first.Select(c =>
            BenchSupport.F($"band ({c.SpatialBand},{c.TemporalBand}) observed {c.Observed:N0}, Knox ratio {c.KnoxRatio:F2}, p = {c.PValue:0.###}")));
    }

    private static string Table(List<Measured> results)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| operation                                    | data             |    median |       min |       max | goal     | met? |");
        sb.AppendLine("|----------------------------------------------|------------------|----------:|----------:|----------:|----------|------|");
        foreach (var (op, t, _) in results)
        {
            sb.AppendLine(BenchSupport.Inv,
                $"| {op.Name,-44} | {op.Size,-16} | {BenchSupport.Ms(t.MedianMs),9} | {BenchSupport.Ms(t.MinMs),9} | {BenchSupport.Ms(t.MaxMs),9} | {op.Goal,-8} | {(t.MedianMs < op.GoalMs ? "yes" : "NO"),-4} |");
        }

        return sb.ToString();
    }

    private static AnalyticsBenchSettings? Parse(string[] args)
    {
        var settings = new AnalyticsBenchSettings { CommandLine = args };
        for (var i = 1; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--runs" when BenchSupport.TryCount(value, out var runs) && runs > 0:
                    settings.Runs = runs;
                    i++;
                    break;
                case "--warmup" when BenchSupport.TryCount(value, out var warmup):
                    settings.Warmup = warmup;
                    i++;
                    break;
                case "--only" when value is not null && value.Split(',').All(Keys.Contains):
                    settings.Only = [.. value.Split(',')];
                    i++;
                    break;
                case "-h" or "--help":
                    Usage();
                    return null;
                default:
                    Console.Error.WriteLine($"bad argument '{args[i]}'.");
                    Usage();
                    return null;
            }
        }

        return settings;
    }

    public static void Usage() => Console.WriteLine("""
        usage: dotnet run -c Release --project bench/Waymark.Bench -- analytics [options]

        Times the analytics algorithms on fixed-seed, crime-like synthetic data at the issue's sizes: grid counts and KDE
        of 1,000,000 points, Gi* on the 1 km grid of Great Britain, Near Repeat and Knox on 10,000 crimes (99 permutations),
        the space-time scan on 50,000 crimes (999 replications). Reports median/min/max against the goals.

          --runs N        measured runs per operation (default 5)
          --warmup N      warm-up runs per operation, not counted (default 1)
          --only LIST     comma-separated subset of: grid,kde,gi,nearrepeat,knox,scan
        """);
}
