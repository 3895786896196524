using System.Globalization;
using Waymark.Core.Analytics.SpaceTime;

namespace Waymark.Core.Tests.Analytics.SpaceTime;

/// <summary>Test inputs: PySAL's burkitt data and seeded synthetic events.</summary>
internal static class SpaceTimeTestData
{
    /// <summary>
    /// The 188 Burkitt's lymphoma cases (Williams et al. 1978) from libpysal's examples, as dumped to CSV in
    /// TestData/pysal/burkitt_DERIVED_from_dbf.csv (columns ID,X,Y,T,AGE,DATE; X, Y, T used).
    /// </summary>
    public static IReadOnlyList<SpaceTimeEvent> Burkitt()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "TestData", "pysal", "burkitt_DERIVED_from_dbf.csv");
        return File.ReadLines(path)
            .Skip(1)
            .Where(line => line.Length > 0)
            .Select(line => line.Split(','))
            .Select(f => new SpaceTimeEvent(Number(f[1]), Number(f[2]), Number(f[3])))
            .ToList();
    }

    /// <summary>Events uniform over a square of <paramref name="side"/> metres from (x0, y0) and over <paramref name="days"/> days.</summary>
    public static List<SpaceTimeEvent> Uniform(int count, double side, double days, int seed, double x0 = 400_000, double y0 = 200_000, bool wholeDays = true)
    {
        var random = new Random(seed);
        var events = new List<SpaceTimeEvent>(count);
        for (var i = 0; i < count; i++)
        {
            var t = random.NextDouble() * days;
            events.Add(new SpaceTimeEvent(x0 + (random.NextDouble() * side), y0 + (random.NextDouble() * side), wholeDays ? Math.Floor(t) : t));
        }

        return events;
    }

    private static double Number(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}
