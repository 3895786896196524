namespace Waymark.Core.Analytics.SpaceTime;

/// <summary>
/// One crime (or other event) in space and time, the input to the space–time statistics in this
/// namespace.
/// </summary>
/// <param name="X">Easting in metres (British National Grid, EPSG:27700, or any planar grid in metres).</param>
/// <param name="Y">Northing in metres, same grid as <paramref name="X"/>.</param>
/// <param name="T">Time in days from any fixed origin (for example days since 1970-01-01); fractions allowed.</param>
/// <remarks>
/// The statistics only use differences of coordinates and times, so any planar grid and any time
/// origin work, as long as distances are in the same unit as the band widths passed alongside
/// (metres throughout Waymark).
/// </remarks>
public readonly record struct SpaceTimeEvent(double X, double Y, double T);

/// <summary>How the distance between two events is measured on the plane.</summary>
public enum DistanceMetric
{
    /// <summary>Straight-line ("as the crow flies") distance, √(Δx² + Δy²), metres.</summary>
    Euclidean,

    /// <summary>
    /// City-block distance, |Δx| + |Δy|, metres. Ratcliffe's Near Repeat Calculator uses it by default
    /// as a rough stand-in for distance along a street grid.
    /// </summary>
    Manhattan,
}
