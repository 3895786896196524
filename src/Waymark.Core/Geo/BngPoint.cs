using System.Globalization;

namespace Waymark.Core.Geo;

/// <summary>
/// A position on the British National Grid (OSGB36 / British National Grid, EPSG:27700):
/// easting and northing in metres from the grid's false origin south-west of the Isles of Scilly.
/// </summary>
/// <remarks>
/// Values are limited to the extent of the OSTN15 transformation grid, 0..700 000 m east and
/// 0..1 250 000 m north, which covers Great Britain, its islands and the Isle of Man. Instances
/// can only be made through <see cref="Create"/> or <see cref="TryCreate"/> (or as the default
/// value, 0/0, which is itself in range), so every instance holds an in-range position.
/// </remarks>
public readonly record struct BngPoint
{
    /// <summary>Largest valid easting, metres (east edge of the OSTN15 grid).</summary>
    public const double MaxEasting = 700_000.0;

    /// <summary>Largest valid northing, metres (north edge of the OSTN15 grid).</summary>
    public const double MaxNorthing = 1_250_000.0;

    private BngPoint(double easting, double northing)
    {
        Easting = easting;
        Northing = northing;
    }

    /// <summary>Easting, metres (EPSG:27700), 0..700 000.</summary>
    public double Easting { get; }

    /// <summary>Northing, metres (EPSG:27700), 0..1 250 000.</summary>
    public double Northing { get; }

    /// <summary>Creates a point, rejecting values outside the National Grid extent.</summary>
    /// <param name="easting">Easting in metres, 0..700 000.</param>
    /// <param name="northing">Northing in metres, 0..1 250 000.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range or not a finite number.</exception>
    public static BngPoint Create(double easting, double northing)
    {
        if (!IsValidEasting(easting))
        {
            throw new ArgumentOutOfRangeException(nameof(easting), easting, "A National Grid easting must be between 0 and 700000 metres.");
        }

        if (!IsValidNorthing(northing))
        {
            throw new ArgumentOutOfRangeException(nameof(northing), northing, "A National Grid northing must be between 0 and 1250000 metres.");
        }

        return new BngPoint(easting, northing);
    }

    /// <summary>Creates a point if both values are within the National Grid extent.</summary>
    /// <param name="easting">Easting in metres, 0..700 000.</param>
    /// <param name="northing">Northing in metres, 0..1 250 000.</param>
    /// <param name="point">The point, or the default (0/0) when this returns false.</param>
    /// <returns>True when both values were finite and in range.</returns>
    public static bool TryCreate(double easting, double northing, out BngPoint point)
    {
        if (IsValidEasting(easting) && IsValidNorthing(northing))
        {
            point = new BngPoint(easting, northing);
            return true;
        }

        point = default;
        return false;
    }

    /// <summary>
    /// Key of the grid-aligned square cell of side <paramref name="cellSizeMetres"/> that contains
    /// this point, formatted <c>"{size}:{column}:{row}"</c> with column = ⌊Easting / size⌋ and
    /// row = ⌊Northing / size⌋, in invariant digits without padding; for example the 1 km cell of
    /// (530 624.974, 178 388.464) is <c>"1000:530:178"</c>.
    /// </summary>
    /// <remarks>
    /// A cell is half-open: it includes its south and west edges and not its north and east
    /// ones, so a point on the east edge of the grid (E = 700 000) lands in column 700/size.
    /// Keys of different sizes never collide because the size leads the key. Numbers are not
    /// zero-padded, so ordinal string order is not numeric order; sort on the parsed column and
    /// row when order matters.
    /// </remarks>
    /// <param name="cellSizeMetres">Side of the cell in metres, at least 1.</param>
    /// <returns>The cell key.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="cellSizeMetres"/> is less than 1.</exception>
    public string GridCellKey(int cellSizeMetres)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cellSizeMetres, 1);

        long column = (long)Math.Floor(Easting / cellSizeMetres);
        long row = (long)Math.Floor(Northing / cellSizeMetres);
        return string.Create(CultureInfo.InvariantCulture, $"{cellSizeMetres}:{column}:{row}");
    }

    // Written as positive comparisons so NaN fails them.
    private static bool IsValidEasting(double easting) => easting >= 0 && easting <= MaxEasting;

    private static bool IsValidNorthing(double northing) => northing >= 0 && northing <= MaxNorthing;
}
