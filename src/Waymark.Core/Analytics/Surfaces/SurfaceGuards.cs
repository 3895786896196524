namespace Waymark.Core.Analytics.Surfaces;

/// <summary>
/// Argument checks shared by the surface builders. Every failure is an <see cref="ArgumentException"/>
/// (or its subclass <see cref="ArgumentOutOfRangeException"/>) whose message names the parameter.
/// </summary>
internal static class SurfaceGuards
{
    /// <summary>
    /// Largest absolute coordinate accepted, metres. Projected grids (BNG spans 0..1 250 000 m) never come
    /// close; the bound keeps cell indices exact in double and long arithmetic.
    /// </summary>
    internal const double MaxAbsCoordinate = 1e9;

    /// <summary>Bounding box and count of a checked set of points; empty when <see cref="Count"/> is 0.</summary>
    internal readonly record struct Bounds(double MinE, double MinN, double MaxE, double MaxN, int Count);

    internal static string Inv(FormattableString text) => FormattableString.Invariant(text);

    internal static void RequirePositiveSize(double value, double minimum, string paramName)
    {
        if (!double.IsFinite(value) || !(value >= minimum) || value <= 0)
        {
            throw new ArgumentOutOfRangeException(
                paramName, value, Inv($"{paramName} must be a finite number of metres, at least {minimum}; got {value}."));
        }
    }

    internal static void RequireMaxCells(long maxCells, string paramName)
    {
        if (maxCells < 1)
        {
            throw new ArgumentOutOfRangeException(paramName, maxCells, Inv($"{paramName} must be at least 1; got {maxCells}."));
        }
    }

    internal static void RequireExtent(GridExtent extent, string paramName)
    {
        if (!extent.IsValid)
        {
            throw new ArgumentException(Inv($"{paramName} is empty: its maximum easting and northing must exceed its minimums."), paramName);
        }
    }

    internal static void RequireExtentCoordinates(GridExtent extent, string paramName)
    {
        if (!(Math.Abs(extent.MinEasting) <= MaxAbsCoordinate && Math.Abs(extent.MaxEasting) <= MaxAbsCoordinate
              && Math.Abs(extent.MinNorthing) <= MaxAbsCoordinate && Math.Abs(extent.MaxNorthing) <= MaxAbsCoordinate))
        {
            throw new ArgumentException(Inv($"{paramName} must lie within ±{MaxAbsCoordinate:0} m."), paramName);
        }
    }

    /// <summary>Checks that the coordinates pair up and are finite and plausible, and returns their bounding box.</summary>
    internal static Bounds ScanPoints(ReadOnlySpan<double> eastings, ReadOnlySpan<double> northings, string eastingsName, string northingsName)
    {
        if (eastings.Length != northings.Length)
        {
            throw new ArgumentException(
                Inv($"{eastingsName} has {eastings.Length} values but {northingsName} has {northings.Length}; they must pair up."),
                northingsName);
        }

        double minE = double.PositiveInfinity, minN = double.PositiveInfinity;
        double maxE = double.NegativeInfinity, maxN = double.NegativeInfinity;
        for (int i = 0; i < eastings.Length; i++)
        {
            double e = eastings[i];
            double n = northings[i];

            // Written as positive comparisons so that NaN fails them.
            if (!(Math.Abs(e) <= MaxAbsCoordinate))
            {
                throw BadCoordinate(eastingsName, i, e);
            }

            if (!(Math.Abs(n) <= MaxAbsCoordinate))
            {
                throw BadCoordinate(northingsName, i, n);
            }

            if (e < minE)
            {
                minE = e;
            }

            if (e > maxE)
            {
                maxE = e;
            }

            if (n < minN)
            {
                minN = n;
            }

            if (n > maxN)
            {
                maxN = n;
            }
        }

        return new Bounds(minE, minN, maxE, maxN, eastings.Length);
    }

    internal static void RequireValues(ReadOnlySpan<double> values, int pointCount, string paramName)
    {
        if (values.Length != pointCount)
        {
            throw new ArgumentException(Inv($"{paramName} has {values.Length} values for {pointCount} points; give one value per point."), paramName);
        }

        for (int i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                throw new ArgumentException(Inv($"{paramName}[{i}] is {values[i]}; values must be finite numbers."), paramName);
            }
        }
    }

    /// <summary>The cell-limit guard: throws when <paramref name="columns"/> × <paramref name="rows"/> exceeds <paramref name="maxCells"/>.</summary>
    internal static void RequireCellCount(double columns, double rows, long maxCells, double cellSizeMetres, string paramName)
    {
        double cells = columns * rows;
        if (cells > maxCells)
        {
            throw new ArgumentException(
                Inv($"A grid of {cellSizeMetres} m cells over this extent needs {columns:0} x {rows:0} = {cells:0} cells, more than the limit of {maxCells}. Use a larger {paramName}, a smaller extent, or raise maxCells."),
                paramName);
        }
    }

    /// <summary>The number of worker partitions for <paramref name="count"/> items: one below the threshold.</summary>
    internal static int Partitions(int count, int minimumPerPartition = 200_000) =>
        Math.Clamp(count / minimumPerPartition, 1, Math.Min(Environment.ProcessorCount, 8));

    /// <summary>Start of partition <paramref name="index"/> of <paramref name="partitions"/> over <paramref name="count"/> items.</summary>
    internal static int PartitionStart(int count, int partitions, int index) => (int)((long)count * index / partitions);

    private static ArgumentException BadCoordinate(string paramName, int index, double value) =>
        new(Inv($"{paramName}[{index}] is {value}; coordinates must be finite metres within ±{MaxAbsCoordinate:0}."), paramName);
}

/// <summary>
/// Equality on packed 64-bit cell keys with a well-mixed hash. The default <see cref="long.GetHashCode"/>
/// XORs the two halves, so keys packing (column, row) as (high, low) collide whenever column ^ row does, which
/// turns a dictionary of a few hundred thousand cells quadratic. Multiplying by 2⁶⁴/φ (Fibonacci hashing,
/// Knuth, TAOCP vol. 3, §6.4) and keeping the high bits spreads them.
/// </summary>
internal sealed class MixedKeyComparer : IEqualityComparer<long>
{
    public static readonly MixedKeyComparer Instance = new();

    public bool Equals(long x, long y) => x == y;

    public int GetHashCode(long obj) => (int)(((ulong)obj * 0x9E3779B97F4A7C15UL) >> 32);
}
