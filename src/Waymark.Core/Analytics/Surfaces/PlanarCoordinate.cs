namespace Waymark.Core.Analytics.Surfaces;

/// <summary>
/// A plain easting/northing pair in metres on the British National Grid (EPSG:27700). Unlike
/// <see cref="Geo.BngPoint"/> it is not limited to the OSTN15 extent, because the corners of a
/// surface cell next to the coast or the grid edge may fall just outside it.
/// </summary>
/// <param name="Easting">Easting, metres.</param>
/// <param name="Northing">Northing, metres.</param>
public readonly record struct PlanarCoordinate(double Easting, double Northing);
