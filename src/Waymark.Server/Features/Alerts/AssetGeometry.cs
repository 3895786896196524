using System.Text.Json;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;
using NetTopologySuite.Operation.Valid;
using Waymark.Core.Geo;
using Waymark.Server.Features.Crimes;

namespace Waymark.Server.Features.Alerts;

/// <summary>An asset's shape: as given (WGS84) and on its national grid in metres, where distances are measured.</summary>
public sealed record AssetShape(Geometry Wgs84, Geometry Grid, Jurisdiction Jurisdiction);

/// <summary>Reads, checks and projects asset geometries. Refusals say what is wrong in words a GIS user recognises.</summary>
public static class AssetGeometry
{
    /// <summary>Buffers wider than this are refused: a 5 km corridor already covers a town, and more would alert on everything.</summary>
    public const double MaxBufferMetres = 5000;

    public const int MaxVertices = 20_000;

    private static readonly JsonSerializerOptions GeoJson = new() { Converters = { new GeoJsonConverterFactory() } };

    public static (AssetShape? Shape, string? Error) Parse(JsonElement geometry)
    {
        Geometry? g;
        try
        {
            g = geometry.ValueKind == JsonValueKind.Object ? geometry.Deserialize<Geometry>(GeoJson) : null;
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException or NotSupportedException)
        {
            return (null, $"is not a GeoJSON geometry ({e.Message})");
        }

        return g is null ? (null, "is not a GeoJSON geometry object") : Check(g);
    }

    public static (AssetShape? Shape, string? Error) Parse(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return Parse(doc.RootElement);
        }
        catch (JsonException e)
        {
            return (null, $"is not JSON ({e.Message})");
        }
    }

    public static AssetShape Point(double latitude, double longitude) =>
        Check(new GeometryFactory(new PrecisionModel(), 4326).CreatePoint(new Coordinate(longitude, latitude))) is { Shape: { } s } ? s
            : throw new ArgumentException("The point lies outside Great Britain and Northern Ireland.", nameof(latitude));

    public static (AssetShape? Shape, string? Error) Check(Geometry g)
    {
        if (g.IsEmpty)
        {
            return (null, "is empty");
        }

        if (g is not (NetTopologySuite.Geometries.Point or MultiPoint or LineString or MultiLineString or Polygon or MultiPolygon))
        {
            return (null, $"is a {g.GeometryType}; an asset is a Point, LineString or Polygon (or their Multi forms)");
        }

        if (g.NumPoints > MaxVertices)
        {
            return (null, $"has {g.NumPoints} vertices; at most {MaxVertices} (simplify it first)");
        }

        if (g.Coordinates.Any(c => !double.IsFinite(c.X) || !double.IsFinite(c.Y) || c.X is < -180 or > 180 || c.Y is < -90 or > 90))
        {
            return (null, "has a coordinate that is not a WGS84 longitude/latitude");
        }

        for (var i = 0; i < g.NumGeometries; i++)
        {
            if (g.GetGeometryN(i) is LineString line && line.Coordinates.Distinct().Count() < 2)
            {
                return (null, "is a line with fewer than two distinct points");
            }
        }

        if (g is Polygon or MultiPolygon)
        {
            var error = new IsValidOp(g).ValidationError;
            if (error is not null)
            {
                return (null, $"is not a valid polygon: {error.Message} at ({error.Coordinate.X:0.######}, {error.Coordinate.Y:0.######})");
            }
        }

        var first = g.Coordinates[0];
        var jurisdiction = CrimeLocation.JurisdictionOf(first.Y, first.X);
        if (jurisdiction == Jurisdiction.Outside)
        {
            return (null, $"starts at ({first.Y:0.######}, {first.X:0.######}), outside Great Britain and Northern Ireland");
        }

        var grid = g.Copy();
        string? outside = null;
        foreach (var c in grid.Coordinates)
        {
            var (lat, lon) = (c.Y, c.X);
            if (jurisdiction == Jurisdiction.GreatBritain)
            {
                if (!Ostn15.TryToBng(lat, lon, out var bng))
                {
                    outside ??= $"has a vertex at ({lat:0.######}, {lon:0.######}) outside the OSTN15 cover of Great Britain";
                    continue;
                }

                (c.X, c.Y) = (bng.Easting, bng.Northing);
            }
            else
            {
                var itm = IrishGrid.ToItm(lat, lon);
                (c.X, c.Y) = (itm.Easting, itm.Northing);
            }
        }

        if (outside is not null)
        {
            return (null, outside);
        }

        grid.GeometryChanged();
        return (new AssetShape(g, grid, jurisdiction), null);
    }

    /// <summary>A crime's position on the grid its jurisdiction uses, or null when it has none.</summary>
    public static (Jurisdiction Jurisdiction, double X, double Y)? GridPositionOf(Data.Crime crime) =>
        crime.Easting is { } e && crime.Northing is { } n ? (Jurisdiction.GreatBritain, e, n)
        : crime.ItmEasting is { } ie && crime.ItmNorthing is { } inn ? (Jurisdiction.NorthernIreland, ie, inn)
        : null;

    public static string ToGeoJson(Geometry g) => JsonSerializer.Serialize(g, GeoJson);

    public static Geometry FromGeoJson(string json) => JsonSerializer.Deserialize<Geometry>(json, GeoJson)!;
}
