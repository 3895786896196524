using System.Text.Json;
using System.Text.Json.Nodes;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;

namespace Waymark.Server.Features.Marking;

/// <summary>GeoJSON in and out for the marking pages: area boundaries uploaded by a coordinator, saturation and visit layers.</summary>
public static class MarkingGeoJson
{
    private static readonly JsonSerializerOptions Options = new() { Converters = { new GeoJsonConverterFactory() } };

    /// <summary>One feature of a boundary upload: its area code and polygon (GeoJSON text), or why it was refused.</summary>
    public sealed record Boundary(int Index, string? Code, string? Geometry, double? CentroidLatitude, double? CentroidLongitude, string? Problem);

    /// <summary>Reads a FeatureCollection of area polygons; null when the text is not a FeatureCollection at all.</summary>
    public static List<Boundary>? ReadBoundaries(string text)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }

        if (root?["type"]?.GetValue<string>() != "FeatureCollection" || root["features"] is not JsonArray features)
        {
            return null;
        }

        var result = new List<Boundary>(features.Count);
        for (var i = 0; i < features.Count; i++)
        {
            var f = features[i];
            var props = f?["properties"] as JsonObject;
            var code = (props?["code"] ?? props?["LSOA21CD"] ?? props?["LSOA11CD"] ?? props?["area_code"])?.ToString().Trim().ToUpperInvariant();
            var geometryNode = f?["geometry"];
            var type = geometryNode?["type"]?.ToString();
            if (type is not ("Polygon" or "MultiPolygon"))
            {
                result.Add(new Boundary(i, code, null, null, null, $"feature {i + 1} ({code ?? "no code"}) is not a Polygon or MultiPolygon."));
                continue;
            }

            Geometry? geometry;
            try
            {
                geometry = geometryNode!.Deserialize<Geometry>(Options);
            }
            catch (JsonException e)
            {
                result.Add(new Boundary(i, code, null, null, null, $"feature {i + 1}: {e.Message}"));
                continue;
            }

            if (geometry is null || geometry.IsEmpty || !geometry.IsValid)
            {
                result.Add(new Boundary(i, code, null, null, null, $"feature {i + 1} ({code}) is not a valid polygon (self-intersecting or empty)."));
                continue;
            }

            var env = geometry.EnvelopeInternal;
            if (env.MinX < -9 || env.MaxX > 2.1 || env.MinY < 49.8 || env.MaxY > 61)
            {
                result.Add(new Boundary(i, code, null, null, null, $"feature {i + 1} ({code}) is not in WGS84 longitude/latitude within the United Kingdom (British National Grid metres?)."));
                continue;
            }

            var centroid = geometry.InteriorPoint;
            result.Add(new Boundary(i, string.IsNullOrEmpty(code) ? null : code, geometryNode!.ToJsonString(), centroid.Y, centroid.X, null));
        }

        return result;
    }

    /// <summary>A feature: the boundary when there is one, else a point at the area's centre, else no geometry.</summary>
    public static JsonObject Feature(string? boundary, double? latitude, double? longitude, JsonObject properties)
    {
        JsonNode? geometry = boundary is not null
            ? JsonNode.Parse(boundary)
            : latitude is { } lat && longitude is { } lon ? new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(lon, lat) } : null;
        return new JsonObject { ["type"] = "Feature", ["geometry"] = geometry, ["properties"] = properties };
    }

    public static byte[] Collection(IEnumerable<JsonObject> features) =>
        JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["type"] = "FeatureCollection", ["features"] = new JsonArray(features.ToArray<JsonNode?>()) });
}
