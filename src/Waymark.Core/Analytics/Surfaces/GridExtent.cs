namespace Waymark.Core.Analytics.Surfaces;

/// <summary>
/// An axis-aligned rectangle on the British National Grid (EPSG:27700), in metres:
/// <see cref="MinEasting"/>..<see cref="MaxEasting"/> by <see cref="MinNorthing"/>..<see cref="MaxNorthing"/>.
/// </summary>
/// <remarks>
/// Invariants (checked by the constructor): every bound is finite and each maximum is strictly greater
/// than its minimum. The default value (all zeros) does not satisfy them and is rejected by the surface
/// builders. Bounds are closed: a point on an edge is inside.
/// </remarks>
public readonly record struct GridExtent
{
    /// <summary>Creates an extent.</summary>
    /// <param name="minEasting">West edge, metres.</param>
    /// <param name="minNorthing">South edge, metres.</param>
    /// <param name="maxEasting">East edge, metres; greater than <paramref name="minEasting"/>.</param>
    /// <param name="maxNorthing">North edge, metres; greater than <paramref name="minNorthing"/>.</param>
    /// <exception cref="ArgumentException">A bound is not finite, or a maximum is not above its minimum.</exception>
    public GridExtent(double minEasting, double minNorthing, double maxEasting, double maxNorthing)
    {
        RequireFinite(minEasting, nameof(minEasting));
        RequireFinite(minNorthing, nameof(minNorthing));
        RequireFinite(maxEasting, nameof(maxEasting));
        RequireFinite(maxNorthing, nameof(maxNorthing));
        if (!(maxEasting > minEasting))
        {
            throw new ArgumentException(
                SurfaceGuards.Inv($"maxEasting ({maxEasting}) must be greater than minEasting ({minEasting})."), nameof(maxEasting));
        }

        if (!(maxNorthing > minNorthing))
        {
            throw new ArgumentException(
                SurfaceGuards.Inv($"maxNorthing ({maxNorthing}) must be greater than minNorthing ({minNorthing})."), nameof(maxNorthing));
        }

        MinEasting = minEasting;
        MinNorthing = minNorthing;
        MaxEasting = maxEasting;
        MaxNorthing = maxNorthing;
    }

    /// <summary>The extent of the OSTN15 grid, 0..700 000 m east by 0..1 250 000 m north (all of Great Britain).</summary>
    public static GridExtent GreatBritain { get; } = new(0, 0, 700_000, 1_250_000);

    /// <summary>West edge, metres.</summary>
    public double MinEasting { get; }

    /// <summary>South edge, metres.</summary>
    public double MinNorthing { get; }

    /// <summary>East edge, metres.</summary>
    public double MaxEasting { get; }

    /// <summary>North edge, metres.</summary>
    public double MaxNorthing { get; }

    /// <summary>East-west size, metres.</summary>
    public double Width => MaxEasting - MinEasting;

    /// <summary>North-south size, metres.</summary>
    public double Height => MaxNorthing - MinNorthing;

    /// <summary>True when the point lies inside or on the edge of the extent.</summary>
    /// <param name="easting">Easting, metres.</param>
    /// <param name="northing">Northing, metres.</param>
    /// <returns>Whether the point is inside (NaN never is).</returns>
    public bool Contains(double easting, double northing) =>
        easting >= MinEasting && easting <= MaxEasting && northing >= MinNorthing && northing <= MaxNorthing;

    internal bool IsValid => MaxEasting > MinEasting && MaxNorthing > MinNorthing;

    private static void RequireFinite(double value, string paramName)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException(SurfaceGuards.Inv($"{paramName} must be a finite number of metres; got {value}."), paramName);
        }
    }
}
