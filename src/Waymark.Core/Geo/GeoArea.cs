using System.Collections.ObjectModel;

namespace Waymark.Core.Geo;

/// <summary>The UK jurisdiction a position falls in, as far as Waymark handles them.</summary>
public enum Jurisdiction
{
    /// <summary>
    /// Great Britain: England, Wales and Scotland with their islands (Isles of Scilly, Hebrides,
    /// Orkney, Shetland); positions use British National Grid (EPSG:27700) via OSTN15.
    /// </summary>
    GreatBritain = 1,

    /// <summary>Northern Ireland; positions use Irish Transverse Mercator (EPSG:2157).</summary>
    NorthernIreland = 2,

    /// <summary>
    /// Anywhere else, including the Republic of Ireland, the Isle of Man and the Channel Islands
    /// (Crown dependencies, not part of the UK), and the sea beyond the outlines. The default value.
    /// </summary>
    Outside = 0,
}

/// <summary>
/// Decides whether a WGS84 (≈ ETRS89) position lies in Great Britain, Northern Ireland or neither.
/// </summary>
/// <remarks>
/// <para>
/// The outlines are deliberately coarse polygons in latitude/longitude (decimal degrees),
/// drawn by hand from the published positions of headlands, islands and border towns, with
/// vertices a few kilometres offshore so that coastal towns fall inside; each therefore takes
/// in some sea. Edges are straight lines in latitude/longitude, and containment is by ray
/// casting (even-odd rule).
/// </para>
/// <para>
/// Accuracy: the sea gaps to other jurisdictions are wide (the Isle of Man is at least 20 km
/// from the Great Britain outline, the Channel Islands 80 km, France 25 km; the two outlines are
/// at least 6 km apart across the North Channel), so those are reliable. The
/// Northern Ireland land border is irregular and is followed only to within a few kilometres:
/// positions within about 5 km of it, notably at Strabane/Lifford, Pettigo, Belleek, Clones,
/// Aughnacloy/Emyvale, Middletown, Crossmaglen/Culloville and Carlingford Lough, may be
/// classified on the wrong side. Where that matters, use an official boundary data set.
/// </para>
/// </remarks>
public static class GeoArea
{
    // Great Britain, clockwise from south-west of the Isles of Scilly: east along the Channel
    // coast, north up the North Sea coast to Orkney and Shetland, then south-west by North Rona,
    // the Flannan Isles and St Kilda, and down the west coast to Cornwall. It passes west of the
    // Isle of Man's neighbours, not round it: between the Mull of Galloway and Anglesey it turns
    // east past St Bees and Walney, leaving the Isle of Man (54.05–54.42°N, 4.31–4.83°W) and the
    // Irish Sea outside.
    private static readonly (double Latitude, double Longitude)[] GreatBritain =
    [
        (49.84, -6.50), // south-west of the Isles of Scilly
        (49.86, -6.10), // south-east of the Isles of Scilly
        (49.93, -5.20), // off Lizard Point
        (50.18, -3.63), // off Start Point
        (50.49, -2.46), // off Portland Bill
        (50.56, -1.30), // off St Catherine's Point, Isle of Wight
        (50.72, 0.25), // off Beachy Head
        (50.89, 1.00), // off Dungeness
        (51.13, 1.43), // off South Foreland (the French coast is 1.6°E and east of it)
        (51.38, 1.48), // off North Foreland
        (52.48, 1.80), // off Lowestoft Ness
        (52.85, 1.62), // off Happisburgh
        (52.98, 1.20), // off Sheringham
        (53.00, 0.95), // off Blakeney Point
        (53.15, 0.42), // across the Wash to off Skegness
        (53.60, 0.20), // off Spurn Head
        (54.12, 0.00), // off Flamborough Head
        (54.50, -0.52), // off Whitby
        (54.70, -1.10), // off Hartlepool
        (55.02, -1.33), // off Tynemouth
        (55.40, -1.45), // off Coquet Island
        (55.65, -1.55), // off the Farne Islands
        (55.80, -1.90), // off Berwick-upon-Tweed
        (55.93, -2.05), // off St Abb's Head
        (56.30, -2.50), // off Fife Ness
        (56.55, -2.40), // off Arbroath
        (56.95, -2.10), // off Stonehaven
        (57.50, -1.65), // off Buchan Ness
        (57.72, -1.85), // off Kinnaird Head, then across the Moray Firth
        (58.44, -2.95), // off Wick
        (58.66, -2.90), // off Duncansby Head
        (58.75, -2.65), // east of Orkney
        (59.42, -2.25), // off North Ronaldsay
        (59.50, -1.50), // south-east of Fair Isle
        (59.83, -1.15), // off Sumburgh Head
        (60.15, -0.95), // off Noss, by Lerwick
        (60.45, -0.65), // off the Out Skerries
        (60.87, -0.70), // off Skaw, Unst
        (60.88, -0.95), // off Muckle Flugga
        (60.55, -1.75), // off Esha Ness
        (60.15, -2.20), // west of Foula
        (60.05, -2.20), // south-west of Foula
        (59.15, -3.55), // west of Orkney
        (59.18, -6.25), // beyond North Rona and Sula Sgeir
        (58.35, -7.75), // west of the Flannan Isles
        (57.85, -8.70), // west of St Kilda
        (57.75, -8.70), // south-west of St Kilda
        (56.75, -7.75), // off Barra Head
        (56.30, -7.20), // off Skerryvore
        (55.65, -6.58), // off the Rinns of Islay
        (55.27, -5.85), // off the Mull of Kintyre (Rathlin Island is 12 km west of this outline)
        (55.05, -5.28), // off Corsewall Point
        (54.58, -5.02), // off the Mull of Galloway
        (54.62, -4.35), // off Burrow Head
        (54.45, -3.68), // off St Bees Head
        (54.00, -3.30), // off Walney Island
        (53.40, -3.25), // Liverpool Bay
        (53.45, -4.30), // off Point Lynas, Anglesey
        (53.45, -4.62), // off Carmel Head
        (53.28, -4.78), // off South Stack
        (52.75, -4.85), // off Bardsey Island
        (52.02, -5.15), // off Strumble Head
        (51.90, -5.40), // off St David's Head
        (51.70, -5.50), // off Skomer
        (51.57, -4.95), // off St Govan's Head
        (51.15, -4.75), // west of Lundy
        (50.55, -5.10), // off Trevose Head
        (50.25, -5.62), // off Gurnard's Head
        (50.12, -5.80), // off Cape Cornwall
        (50.00, -6.45), // north-west of the Isles of Scilly
    ];

    // Northern Ireland, anticlockwise from the mouth of Lough Foyle: down the land border
    // (Lough Foyle, the Foyle past Derry and Strabane, west to Belleek, then south-east by
    // Belcoo, round the Clones salient, by Aughnacloy, Middletown and Crossmaglen to Carlingford
    // Lough), then north up the coast, offshore, to Rathlin Island and back along the north coast.
    private static readonly (double Latitude, double Longitude)[] NorthernIreland =
    [
        (55.22, -6.93), // mouth of Lough Foyle, Magilligan side (Inishowen is in the Republic)
        (55.12, -7.05), // middle of Lough Foyle
        (55.05, -7.23), // Culmore
        (55.03, -7.38), // west of Derry (Bridgend, in the Republic, is 55.05°N 7.39°W)
        (54.93, -7.42),
        (54.83, -7.475), // between Strabane (NI) and Lifford (Republic)
        (54.77, -7.57),
        (54.70, -7.75), // west of Castlederg
        (54.62, -7.86),
        (54.56, -7.83), // Pettigo
        (54.50, -7.98),
        (54.47, -8.17), // west of Belleek, Northern Ireland's western end
        (54.42, -8.15), // Lough Melvin
        (54.37, -8.00),
        (54.29, -7.88), // between Belcoo (NI) and Blacklion (Republic)
        (54.22, -7.68),
        (54.13, -7.48), // north-east of Belturbet (Republic)
        (54.13, -7.33), // south of Newtownbutler
        (54.22, -7.26), // round the Clones salient (Clones is in the Republic)
        (54.23, -7.15), // Rosslea
        (54.30, -7.05),
        (54.38, -7.03),
        (54.41, -6.95), // Aughnacloy (NI) above Emyvale (Republic)
        (54.36, -6.88), // between Caledon (NI) and Glaslough (Republic)
        (54.30, -6.88), // Middletown
        (54.24, -6.76),
        (54.15, -6.70), // east of Castleblayney (Republic)
        (54.06, -6.66), // Crossmaglen
        (54.03, -6.50),
        (54.04, -6.40), // north of Dundalk (Republic)
        (54.09, -6.33), // Flagstaff
        (54.105, -6.28), // Narrow Water, head of Carlingford Lough
        (54.06, -6.18), // middle of Carlingford Lough (Omeath, Republic, to the south)
        (54.01, -6.06), // mouth of Carlingford Lough
        (54.05, -5.92), // off Kilkeel
        (54.20, -5.80), // Dundrum Bay
        (54.22, -5.60), // off St John's Point
        (54.33, -5.42), // off Ballyquintin Point
        (54.50, -5.38), // off Portavogie
        (54.72, -5.48), // off the Copeland Islands
        (54.86, -5.62), // off Islandmagee
        (55.05, -5.92), // off Glenarm and Cushendall
        (55.22, -5.98), // off Torr Head (the Mull of Kintyre is 15 km east of this outline)
        (55.32, -6.10), // east of Rathlin Island
        (55.33, -6.35), // west of Rathlin Island
        (55.24, -6.60), // off Portrush
    ];

    /// <summary>
    /// The coarse Great Britain outline used by <see cref="Classify"/>: vertices as WGS84
    /// latitude/longitude in decimal degrees, in order, the last joining the first.
    /// </summary>
    public static ReadOnlyCollection<(double Latitude, double Longitude)> GreatBritainOutline { get; } =
        Array.AsReadOnly(GreatBritain);

    /// <summary>
    /// The coarse Northern Ireland outline used by <see cref="Classify"/>: vertices as WGS84
    /// latitude/longitude in decimal degrees, in order, the last joining the first.
    /// </summary>
    public static ReadOnlyCollection<(double Latitude, double Longitude)> NorthernIrelandOutline { get; } =
        Array.AsReadOnly(NorthernIreland);

    /// <summary>Classifies a WGS84 (≈ ETRS89) position.</summary>
    /// <param name="latitude">Latitude, decimal degrees north.</param>
    /// <param name="longitude">Longitude, decimal degrees east (west negative).</param>
    /// <returns>
    /// <see cref="Jurisdiction.GreatBritain"/> when inside the Great Britain outline and the
    /// OSTN15 cover (so that <see cref="Ostn15.TryToBng"/> succeeds);
    /// <see cref="Jurisdiction.NorthernIreland"/> when inside the Northern Ireland outline;
    /// otherwise, including for non-finite input, <see cref="Jurisdiction.Outside"/>.
    /// </returns>
    public static Jurisdiction Classify(double latitude, double longitude)
    {
        if (!double.IsFinite(latitude) || !double.IsFinite(longitude))
        {
            return Jurisdiction.Outside;
        }

        if (PolygonContains(NorthernIreland, latitude, longitude))
        {
            return Jurisdiction.NorthernIreland;
        }

        if (PolygonContains(GreatBritain, latitude, longitude) && Ostn15.TryToBng(latitude, longitude, out _))
        {
            return Jurisdiction.GreatBritain;
        }

        return Jurisdiction.Outside;
    }

    /// <summary>
    /// Whether a position lies inside a polygon given as latitude/longitude vertices, by ray
    /// casting (even-odd rule) with straight edges in latitude/longitude. Suitable for small,
    /// simple polygons away from the poles and the antimeridian.
    /// </summary>
    /// <param name="polygon">Vertices in order, decimal degrees; the last joins the first; at least three.</param>
    /// <param name="latitude">Latitude, decimal degrees north.</param>
    /// <param name="longitude">Longitude, decimal degrees east.</param>
    /// <returns>True when inside. Points exactly on an edge may go either way.</returns>
    public static bool PolygonContains(IReadOnlyList<(double Latitude, double Longitude)> polygon, double latitude, double longitude)
    {
        ArgumentNullException.ThrowIfNull(polygon);
        if (polygon.Count < 3)
        {
            throw new ArgumentException("A polygon needs at least three vertices.", nameof(polygon));
        }

        bool inside = false;
        for (int i = 0, j = polygon.Count - 1; i < polygon.Count; j = i++)
        {
            (double latI, double lonI) = polygon[i];
            (double latJ, double lonJ) = polygon[j];

            // Cast the ray eastwards (increasing longitude) and count the edges it crosses;
            // the half-open test on latitude counts a vertex on the ray once, not twice.
            if ((latI > latitude) != (latJ > latitude))
            {
                double crossingLongitude = lonI + ((latitude - latI) / (latJ - latI) * (lonJ - lonI));
                if (longitude < crossingLongitude)
                {
                    inside = !inside;
                }
            }
        }

        return inside;
    }
}
