using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;
using Waymark.Server.Data;
using Waymark.Server.Features.Auth;
using Waymark.Server.Features.Sharing;

namespace Waymark.Server.Features.Crimes;

/// <summary>
/// The crime filters shared by search, export and (later) analytics. Query-string form:
/// <c>bbox=minLon,minLat,maxLon,maxLat</c>, <c>polygon=</c>GeoJSON, <c>lat</c>/<c>lon</c>/<c>radius</c> (metres),
/// <c>from</c>/<c>to</c> (occurred, ISO 8601), <c>category</c>, <c>sector</c>, <c>owner</c> (organisation id or "mine"),
/// <c>q</c> free text; repeat a parameter or separate values with commas.
/// </summary>
public sealed class CrimeSearch
{
    public string? Bbox { get; set; }
    public string? Polygon { get; set; }
    public double? Lat { get; set; }
    public double? Lon { get; set; }
    public double? Radius { get; set; }
    public DateTimeOffset? From { get; set; }
    public DateTimeOffset? To { get; set; }
    public string[]? Category { get; set; }
    public string[]? Sector { get; set; }
    public string[]? Owner { get; set; }
    public string? Q { get; set; }
    public int? Page { get; set; }
    public int? PageSize { get; set; }
    public string? Purpose { get; set; }

    public const int MaxPageSize = 5000;

    private static readonly JsonSerializerOptions GeoJson = new() { Converters = { new GeoJsonConverterFactory() } };

    /// <summary>A filter ready to run: the indexable part as a query, the exact geometric test (if any) as a predicate.</summary>
    public sealed record Compiled(IQueryable<Crime> Query, Func<Crime, bool>? Exact);

    public (Compiled? Compiled, Dictionary<string, string[]> Errors) Compile(IQueryable<Crime> crimes, Caller caller)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var q = crimes.VisibleTo(caller);
        Func<Crime, bool>? exact = null;

        if (!string.IsNullOrWhiteSpace(Bbox))
        {
            var parts = Bbox.Split(',');
            if (parts.Length != 4 || !parts.All(p => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
            {
                errors["bbox"] = ["is minLon,minLat,maxLon,maxLat in WGS84 degrees."];
            }
            else
            {
                var v = parts.Select(p => double.Parse(p, CultureInfo.InvariantCulture)).ToArray();
                if (v[0] > v[2] || v[1] > v[3])
                {
                    errors["bbox"] = ["minimum corner must be south-west of the maximum corner."];
                }
                else
                {
                    q = WithinBox(q, v[0], v[1], v[2], v[3]);
                }
            }
        }

        if (!string.IsNullOrWhiteSpace(Polygon))
        {
            if (ParsePolygon(Polygon) is { } polygon)
            {
                var env = polygon.EnvelopeInternal;
                q = WithinBox(q, env.MinX, env.MinY, env.MaxX, env.MaxY);
                var prepared = NetTopologySuite.Geometries.Prepared.PreparedGeometryFactory.Prepare(polygon);
                exact = c => prepared.Covers(new Point(c.Longitude!.Value, c.Latitude!.Value));
            }
            else
            {
                errors["polygon"] = ["is a GeoJSON Polygon or MultiPolygon (or a Feature of one) in WGS84 longitude/latitude."];
            }
        }

        if (Lat is not null || Lon is not null || Radius is not null)
        {
            if (Lat is not { } lat || Lon is not { } lon || Radius is not { } radius)
            {
                errors["radius"] = ["a radius search needs lat, lon and radius (metres)."];
            }
            else if (radius <= 0 || radius > 500_000)
            {
                errors["radius"] = ["is in metres, more than 0 and at most 500000."];
            }
            else
            {
                // Prefilter on a lat/lon box around the circle, then test the great-circle distance.
                var box = RadiusBox(lat, lon, radius);
                q = WithinBox(q, box.MinLon, box.MinLat, box.MaxLon, box.MaxLat);
                var previous = exact;
                exact = c => (previous is null || previous(c)) && Haversine(lat, lon, c.Latitude!.Value, c.Longitude!.Value) <= radius;
            }
        }

        if (From is { } from)
        {
            var f = from.UtcDateTime;
            q = q.Where(c => c.OccurredTo >= f);
        }

        if (To is { } to)
        {
            var t = to.UtcDateTime;
            q = q.Where(c => c.OccurredFrom <= t);
        }

        if (From is { } a && To is { } b && b < a)
        {
            errors["to"] = ["is before from."];
        }

        var categories = Split(Category);
        if (categories.Count > 0)
        {
            var unknown = categories.Where(c => !Waymark.Core.Crimes.CrimeCategories.TryGet(c, out _)).ToList();
            if (unknown.Count > 0)
            {
                errors["category"] = [$"unknown category: {string.Join(", ", unknown)} (GET /api/categories)."];
            }

            var expanded = categories.SelectMany(Waymark.Core.Crimes.CrimeCategories.Expand).Distinct().ToList();
            q = q.Where(c => expanded.Contains(c.Category));
        }

        var sectors = Split(Sector);
        if (sectors.Count > 0)
        {
            q = q.Where(c => c.Sector != null && sectors.Contains(c.Sector));
        }

        var owners = Split(Owner);
        if (owners.Count > 0)
        {
            var ids = new List<Guid>();
            foreach (var o in owners)
            {
                if (o.Equals("mine", StringComparison.OrdinalIgnoreCase))
                {
                    ids.Add(caller.OrganisationId);
                }
                else if (Guid.TryParse(o, out var id))
                {
                    ids.Add(id);
                }
                else
                {
                    errors["owner"] = [$"'{o}' is neither an organisation id nor 'mine'."];
                }
            }

            q = q.Where(c => ids.Contains(c.OwnerOrganisationId));
        }

        if (!string.IsNullOrWhiteSpace(Q))
        {
            var term = Q.Trim().ToLowerInvariant();
            q = q.Where(c =>
                c.Reference.ToLower().Contains(term) ||
                (c.LocationDescription != null && c.LocationDescription.ToLower().Contains(term)) ||
                (c.ModusOperandi != null && c.ModusOperandi.ToLower().Contains(term)) ||
                (c.MoTags != null && c.MoTags.Contains(term)) ||
                (c.AssetAffected != null && c.AssetAffected.ToLower().Contains(term)) ||
                (c.LsoaName != null && c.LsoaName.ToLower().Contains(term)) ||
                (c.ExternalId != null && c.ExternalId.ToLower().Contains(term)));
        }

        if (PageSize is < 1 or > MaxPageSize)
        {
            errors["pageSize"] = [$"is from 1 to {MaxPageSize}."];
        }

        if (Page is < 1)
        {
            errors["page"] = ["starts at 1."];
        }

        // Stable order: newest first, ties broken by id, so paging never repeats or skips a crime.
        q = q.OrderByDescending(c => c.OccurredFrom).ThenBy(c => c.Id);
        return (errors.Count == 0 ? new Compiled(q, exact) : null, errors);
    }

    /// <summary>Runs the compiled filter and returns one page and the total.</summary>
    public static async Task<(int Total, List<Crime> Items)> PageAsync(Compiled compiled, int page, int pageSize, CancellationToken ct)
    {
        if (compiled.Exact is null)
        {
            var total = await compiled.Query.CountAsync(ct);
            var items = await compiled.Query.Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
            return (total, items);
        }

        var skip = (page - 1) * pageSize;
        var count = 0;
        var result = new List<Crime>();
        await foreach (var c in compiled.Query.AsAsyncEnumerable().WithCancellation(ct))
        {
            if (!compiled.Exact(c))
            {
                continue;
            }

            if (count >= skip && result.Count < pageSize)
            {
                result.Add(c);
            }

            count++;
        }

        return (count, result);
    }

    /// <summary>Streams every match (for exports).</summary>
    public static async IAsyncEnumerable<Crime> AllAsync(Compiled compiled, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var c in compiled.Query.AsAsyncEnumerable().WithCancellation(ct))
        {
            if (compiled.Exact is null || compiled.Exact(c))
            {
                yield return c;
            }
        }
    }

    /// <summary>
    /// The lat/lon box (WGS84 degrees) a radius search is first narrowed to, shared with the in-memory search so that
    /// both test the very same box.
    /// </summary>
    internal static (double MinLon, double MinLat, double MaxLon, double MaxLat) RadiusBox(double lat, double lon, double radius)
    {
        // A degree of latitude is 111.2 km on the sphere Haversine uses, and a circle's widest longitude lies off its
        // centre's parallel (up to 0.3% beyond radius / cos(lat) at 500 km): 110 km a degree keeps the whole circle in.
        const double MetresPerDegree = 110_000.0;
        var dLat = radius / MetresPerDegree;
        var dLon = radius / (MetresPerDegree * Math.Max(0.01, Math.Cos(lat * Math.PI / 180)));
        return (lon - dLon, lat - dLat, lon + dLon, lat + dLat);
    }

    private static IQueryable<Crime> WithinBox(IQueryable<Crime> q, double minLon, double minLat, double maxLon, double maxLat) =>
        q.Where(c => c.Latitude != null && c.Latitude >= minLat && c.Latitude <= maxLat && c.Longitude >= minLon && c.Longitude <= maxLon);

    internal static Geometry? ParsePolygon(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var type = doc.RootElement.TryGetProperty("type", out var t) ? t.GetString() : null;
            Geometry? geometry = type switch
            {
                "Feature" => JsonSerializer.Deserialize<IFeature>(json, GeoJson)?.Geometry,
                "Polygon" or "MultiPolygon" => JsonSerializer.Deserialize<Geometry>(json, GeoJson),
                _ => null,
            };
            return geometry is NetTopologySuite.Geometries.Polygon or MultiPolygon && geometry.IsValid ? geometry : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static List<string> Split(string[]? values) =>
        values?.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct().ToList() ?? [];

    /// <summary>Great-circle distance in metres on a sphere of the WGS84 mean radius (error well under 0.5% for search radii).</summary>
    public static double Haversine(double lat1, double lon1, double lat2, double lon2)
    {
        const double R = 6_371_008.8;
        var dLat = (lat2 - lat1) * Math.PI / 180;
        var dLon = (lon2 - lon1) * Math.PI / 180;
        var h = Math.Sin(dLat / 2) * Math.Sin(dLat / 2) +
                Math.Cos(lat1 * Math.PI / 180) * Math.Cos(lat2 * Math.PI / 180) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
        return 2 * R * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }
}
