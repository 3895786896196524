using System.Globalization;
using Waymark.Core.Analytics.Spatial;

namespace Waymark.Core.Tests.Analytics.Spatial;

/// <summary>
/// The PySAL example data sets copied unchanged into TestData/pysal from libpysal/examples
/// (see README.txt there for provenance and the reference values the tests reproduce).
/// </summary>
internal static class PysalData
{
    /// <summary>The six points of esda's Getis–Ord tests and docstrings.</summary>
    public static readonly double[] SixX = [10, 20, 40, 15, 30, 30];

    public static readonly double[] SixY = [10, 10, 10, 20, 20, 30];

    /// <summary>The variable of esda's Getis–Ord tests.</summary>
    public static readonly double[] SixValues = [2, 3, 3.2, 5, 8, 7];

    public static string PathOf(string fileName) =>
        Path.Combine(AppContext.BaseDirectory, "TestData", "pysal", fileName);

    public static SpatialWeights Gal(string fileName) =>
        SpatialWeights.FromGal(File.ReadAllText(PathOf(fileName)));

    public static Dbf Table(string fileName) => Dbf.Read(PathOf(fileName));

    /// <summary>
    /// A column of one of PySAL's ".txt" tables (stl_hom.txt, desmith.txt): first line "n,k",
    /// second the quoted column names, then n comma-separated rows.
    /// </summary>
    public static double[] TextColumn(string fileName, string column)
    {
        string[] lines = File.ReadAllLines(PathOf(fileName));
        string[] names = lines[1].Split(',').Select(name => name.Trim().Trim('"')).ToArray();
        int index = Array.IndexOf(names, column);
        if (index < 0)
        {
            throw new InvalidOperationException($"{fileName} has no column {column}.");
        }

        int n = int.Parse(lines[0].Split(',')[0], CultureInfo.InvariantCulture);
        return lines
            .Skip(2)
            .Where(line => !string.IsNullOrWhiteSpace(line))
            .Take(n)
            .Select(line => double.Parse(line.Split(',')[index], NumberStyles.Float, CultureInfo.InvariantCulture))
            .ToArray();
    }
}
