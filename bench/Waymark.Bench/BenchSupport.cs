using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Text;

namespace Waymark.Bench;

/// <summary>Median, min and max of one measured operation, in milliseconds.</summary>
internal sealed record Timing(double MedianMs, double MinMs, double MaxMs, int Runs)
{
    public static Timing Of(IReadOnlyList<double> milliseconds)
    {
        if (milliseconds.Count == 0)
        {
            return new Timing(double.NaN, double.NaN, double.NaN, 0);
        }

        var sorted = milliseconds.Order().ToArray();
        var mid = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        return new Timing(median, sorted[0], sorted[^1], sorted.Length);
    }
}

/// <summary>Helpers shared by the analytics and map benchmarks: the header (date, command, machine) and formatting.</summary>
internal static class BenchSupport
{
    public static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

#if DEBUG
    public const string Configuration = "Debug build (figures not representative: use -c Release)";
#else
    public const string Configuration = "Release build";
#endif

    /// <summary>The standard header: title, date, exact command, machine and runtime.</summary>
    public static string Header(string title, string[] args, DateTimeOffset started)
    {
        var sb = new StringBuilder();
        sb.AppendLine(title);
        sb.AppendLine(Inv, $"  date     {started:yyyy-MM-dd HH:mm} UTC");
        sb.AppendLine(Inv, $"  command  dotnet run -c Release --project bench/Waymark.Bench -- {string.Join(' ', args.Select(Quote))}");
        sb.AppendLine(Inv, $"  machine  {Environment.ProcessorCount} logical cores ({CpuModel()}), {MemoryGiB()} GiB RAM, {RuntimeInformation.OSDescription}, {RuntimeInformation.RuntimeIdentifier}");
        sb.Append(Inv, $"  runtime  {RuntimeInformation.FrameworkDescription}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC, {Configuration}");
        return sb.ToString();
    }

    /// <summary>Formats with the invariant culture.</summary>
    public static string F(FormattableString text) => text.ToString(Inv);

    /// <summary>Writes a line formatted with the invariant culture.</summary>
    public static void Line(FormattableString text) => Console.WriteLine(text.ToString(Inv));

    /// <summary>Milliseconds with a sensible number of decimals for the table.</summary>
    public static string Ms(double ms) => double.IsNaN(ms) ? "–"
        : ms >= 10_000 ? string.Create(Inv, $"{ms / 1000:F1} s")
        : ms >= 1_000 ? string.Create(Inv, $"{ms / 1000:F2} s")
        : ms >= 100 ? string.Create(Inv, $"{ms:F0} ms")
        : string.Create(Inv, $"{ms:F1} ms");

    /// <summary>Full garbage collection before a timed run, so one run's garbage is not collected in the next.</summary>
    public static void Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    /// <summary>Parses "--name N" as a non-negative integer (digits, optionally with _ or , separators).</summary>
    public static bool TryCount(string? value, out int count)
    {
        count = 0;
        return value is not null
            && int.TryParse(value.Replace("_", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal), NumberStyles.None, Inv, out count);
    }

    private static string Quote(string arg) => arg.Any(c => char.IsWhiteSpace(c) || c is ';' or '"' or '\'' or '&') ? $"\"{arg}\"" : arg;

    private static string CpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line is null ? RuntimeInformation.ProcessArchitecture.ToString() : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
        }
        catch (IOException)
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }
        catch (UnauthorizedAccessException)
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }
    }

    private static string MemoryGiB() =>
        (GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024)).ToString("F0", Inv);
}
