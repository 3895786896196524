using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Waymark.Core.Geo;
using Waymark.Server.Data;
using Waymark.Server.Features.Audit;
using Waymark.Server.Features.Auth;
using Waymark.Server.Features.Sharing;

namespace Waymark.Server.Features.Alerts;

/// <summary>An asset as written by its owner: a GeoJSON geometry (WGS84) or, for a point, latitude/longitude or easting/northing.</summary>
public sealed record AssetRequest(
    string? Name, string? Kind, string? Reference, JsonElement? Geometry, double? Latitude, double? Longitude,
    double? Easting, double? Northing, double? BufferMetres, bool? SharedWithPolice);

public sealed record AssetResponse(
    Guid Id, Guid OrganisationId, string Name, string? Kind, string? Reference, string GeometryType, JsonNode? Geometry,
    double BufferMetres, bool SharedWithPolice, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static AssetResponse From(Asset a) => new(a.Id, a.OrganisationId, a.Name, a.Kind, a.Reference, a.GeometryType,
        JsonNode.Parse(a.GeoJson), a.BufferMetres, a.SharedWithPolice, a.CreatedAt, a.UpdatedAt);
}

/// <summary>The report of a bulk asset upload: what was created, updated (same reference) and rejected, with the reason.</summary>
public sealed record AssetImportReport(int Rows, int Created, int Updated, IReadOnlyList<RejectedRow> Rejected);

public static class AssetEndpoints
{
    public const int MaxImportRows = 200_000;

    public static RouteGroupBuilder MapAssets(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/assets").WithTags("Assets").RequireAuthorization();
        group.MapGet("/", ListAsync).WithName("ListAssets")
            .WithSummary("Your organisation's assets; police analysts and officers may ask scope=shared for others' assets shared with police.");
        group.MapGet("/geojson", GeoJsonAsync).WithName("AssetsGeoJson").WithSummary("The assets you may see, as a GeoJSON FeatureCollection for the map.");
        group.MapPost("/", CreateAsync).WithName("CreateAsset").WithSummary("Register an asset: a point, a line with a buffer, or a polygon.");
        group.MapPut("/{id:guid}", UpdateAsync).WithName("UpdateAsset");
        group.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteAsset");
        group.MapPost("/import", ImportAsync).WithName("ImportAssets").DisableAntiforgery()
            .WithSummary("Upload assets in bulk: a GeoJSON FeatureCollection, or CSV with name,kind,reference and latitude,longitude or easting,northing (plus buffer_metres, shared_with_police). Rows with a known reference update it.");
        return group;
    }

    private static async Task<Ok<List<AssetResponse>>> ListAsync(string? scope, HttpContext http, WaymarkDb db, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        var assets = await Visible(db, caller, scope).OrderBy(a => a.Name).Take(10_000).ToListAsync(ct);
        return TypedResults.Ok(assets.Select(AssetResponse.From).ToList());
    }

    private static IQueryable<Asset> Visible(WaymarkDb db, Caller caller, string? scope) =>
        scope == "shared" && SharingRules.IsPoliceRole(caller)
            ? db.Set<Asset>().AsNoTracking().Where(a => a.SharedWithPolice || a.OrganisationId == caller.OrganisationId)
            : db.Set<Asset>().AsNoTracking().Where(a => a.OrganisationId == caller.OrganisationId);

    private static async Task<IResult> GeoJsonAsync(string? scope, HttpContext http, WaymarkDb db, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        var assets = await Visible(db, caller, scope).Take(50_000).ToListAsync(ct);
        var features = new JsonArray(assets.Select(a => (JsonNode)new JsonObject
        {
            ["type"] = "Feature",
            ["id"] = a.Id.ToString(),
            ["geometry"] = JsonNode.Parse(a.GeoJson),
            ["properties"] = new JsonObject
            {
                ["name"] = a.Name,
                ["kind"] = a.Kind,
                ["bufferMetres"] = a.BufferMetres,
                ["own"] = a.OrganisationId == caller.OrganisationId,
            },
        }).ToArray());
        return TypedResults.Text(new JsonObject { ["type"] = "FeatureCollection", ["features"] = features }.ToJsonString(), "application/geo+json");
    }

    private static async Task<Results<Created<AssetResponse>, ValidationProblem, ForbidHttpResult>> CreateAsync(
        AssetRequest request, HttpContext http, WaymarkDb db, AuditLog audit, AssetIndex index, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        if (!SharingRules.CanManageAlerting(caller))
        {
            return TypedResults.Forbid();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var asset = new Asset { Id = Guid.CreateVersion7(), OrganisationId = caller.OrganisationId, Name = "", GeometryType = "", GeoJson = "", CreatedAt = now };
        var errors = Apply(request, asset, now);
        if (errors.Count == 0 && asset.Reference is not null &&
            await db.Set<Asset>().AnyAsync(a => a.OrganisationId == caller.OrganisationId && a.Reference == asset.Reference, ct))
        {
            errors["reference"] = [$"'{asset.Reference}' is already used by another of your assets."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The asset was not saved: some fields are invalid.");
        }

        db.Set<Asset>().Add(asset);
        audit.Record(caller, "asset.create", "asset", asset.Id.ToString(), detail: $"{asset.Name} {asset.GeometryType}");
        await audit.SaveChangesAsync(ct);
        index.Invalidate();
        return TypedResults.Created($"/api/assets/{asset.Id}", AssetResponse.From(asset));
    }

    private static async Task<Results<Ok<AssetResponse>, ValidationProblem, NotFound, ForbidHttpResult>> UpdateAsync(
        Guid id, AssetRequest request, HttpContext http, WaymarkDb db, AuditLog audit, AssetIndex index, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        if (await db.FindOwnAsync<Asset>(id, caller, ct) is not { } asset)
        {
            return TypedResults.NotFound();
        }

        if (!SharingRules.CanManageAlerting(caller))
        {
            return TypedResults.Forbid();
        }

        var errors = Apply(request, asset, clock.GetUtcNow().UtcDateTime);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The asset was not saved: some fields are invalid.");
        }

        audit.Record(caller, "asset.update", "asset", asset.Id.ToString(), detail: $"{asset.Name} {asset.GeometryType}");
        await audit.SaveChangesAsync(ct);
        index.Invalidate();
        return TypedResults.Ok(AssetResponse.From(asset));
    }

    private static async Task<Results<NoContent, NotFound, ForbidHttpResult>> DeleteAsync(
        Guid id, HttpContext http, WaymarkDb db, AuditLog audit, AssetIndex index, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        if (await db.FindOwnAsync<Asset>(id, caller, ct) is not { } asset)
        {
            return TypedResults.NotFound();
        }

        if (!SharingRules.CanManageAlerting(caller))
        {
            return TypedResults.Forbid();
        }

        db.Set<Asset>().Remove(asset);
        audit.Record(caller, "asset.delete", "asset", asset.Id.ToString(), detail: asset.Name);
        await audit.SaveChangesAsync(ct);
        index.Invalidate();
        return TypedResults.NoContent();
    }

    /// <summary>Checks and applies a request to an asset; returns the refusals by field.</summary>
    internal static Dictionary<string, string[]> Apply(AssetRequest r, Asset asset, DateTime now)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var name = r.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 200)
        {
            errors["name"] = ["is required, at most 200 characters."];
        }

        var buffer = r.BufferMetres ?? 0;
        if (!double.IsFinite(buffer) || buffer < 0 || buffer > AssetGeometry.MaxBufferMetres)
        {
            errors["bufferMetres"] = [$"is 0 to {AssetGeometry.MaxBufferMetres:0} metres; a wider corridor would alert on a whole town."];
        }

        (AssetShape? Shape, string? Error) parsed;
        string field;
        if (r.Geometry is { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined } g)
        {
            field = "geometry";
            parsed = AssetGeometry.Parse(g);
        }
        else if (r.Latitude is { } lat && r.Longitude is { } lon)
        {
            field = "latitude";
            parsed = AssetGeometry.Check(new NetTopologySuite.Geometries.Point(lon, lat));
        }
        else if (r.Easting is { } e && r.Northing is { } n)
        {
            field = "easting";
            parsed = Ostn15.TryToWgs84(e, n, out var la, out var lo)
                ? AssetGeometry.Check(new NetTopologySuite.Geometries.Point(lo, la))
                : (null, $"({e:0.###}, {n:0.###}) lies outside the OSTN15 cover of Great Britain");
        }
        else
        {
            field = "geometry";
            parsed = (null, "is required: a GeoJSON geometry, latitude and longitude, or easting and northing");
        }

        if (parsed.Error is not null)
        {
            errors[field] = [parsed.Error];
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        asset.Name = name!;
        asset.Kind = string.IsNullOrWhiteSpace(r.Kind) ? null : r.Kind.Trim();
        asset.Reference = string.IsNullOrWhiteSpace(r.Reference) ? asset.Reference : r.Reference.Trim();
        asset.GeometryType = parsed.Shape!.Wgs84.GeometryType;
        asset.GeoJson = AssetGeometry.ToGeoJson(parsed.Shape.Wgs84);
        asset.BufferMetres = buffer;
        asset.SharedWithPolice = r.SharedWithPolice ?? asset.SharedWithPolice;
        asset.UpdatedAt = now;
        return errors;
    }

    private static async Task<Results<Ok<AssetImportReport>, ValidationProblem, ForbidHttpResult>> ImportAsync(
        HttpContext http, WaymarkDb db, AuditLog audit, AssetIndex index, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        if (!SharingRules.CanManageAlerting(caller))
        {
            return TypedResults.Forbid();
        }

        string text;
        string fileName;
        if (http.Request.HasFormContentType)
        {
            var form = await http.Request.ReadFormAsync(ct);
            var file = form.Files.Count > 0 ? form.Files[0] : null;
            if (file is null)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = ["is required: a .geojson or .csv file."] });
            }

            using var reader = new StreamReader(file.OpenReadStream());
            text = await reader.ReadToEndAsync(ct);
            fileName = file.FileName;
        }
        else
        {
            using var reader = new StreamReader(http.Request.Body);
            text = await reader.ReadToEndAsync(ct);
            fileName = http.Request.ContentType?.Contains("csv", StringComparison.OrdinalIgnoreCase) == true ? "upload.csv" : "upload.geojson";
        }

        var trimmed = text.TrimStart();
        var requests = trimmed.StartsWith('{') ? FromGeoJson(trimmed) : FromCsv(text);
        if (requests.Error is not null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = [requests.Error] });
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var mine = await db.Set<Asset>().Where(a => a.OrganisationId == caller.OrganisationId && a.Reference != null).ToDictionaryAsync(a => a.Reference!, ct);
        var rejected = new List<RejectedRow>();
        int created = 0, updated = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (line, request) in requests.Rows)
        {
            var reference = request.Reference?.Trim();
            if (reference is not null && !seen.Add(reference))
            {
                rejected.Add(new RejectedRow { Line = line, Reason = $"reference '{reference}' appears twice in the file" });
                continue;
            }

            var existing = reference is not null && mine.TryGetValue(reference, out var found) ? found : null;
            var asset = existing ?? new Asset { Id = Guid.CreateVersion7(), OrganisationId = caller.OrganisationId, Name = "", GeometryType = "", GeoJson = "", CreatedAt = now };
            var errors = Apply(request, asset, now);
            if (errors.Count > 0)
            {
                rejected.Add(new RejectedRow { Line = line, Reason = string.Join("; ", errors.Select(e => $"{e.Key} {e.Value[0]}")) });
                if (existing is not null)
                {
                    db.Entry(existing).Reload(); // leave the stored asset as it was
                }

                continue;
            }

            if (existing is null)
            {
                db.Set<Asset>().Add(asset);
                created++;
            }
            else
            {
                updated++;
            }
        }

        audit.Record(caller, "asset.import", "asset", null, detail: $"{fileName}: {created} created, {updated} updated, {rejected.Count} rejected");
        await audit.SaveChangesAsync(ct);
        index.Invalidate();
        return TypedResults.Ok(new AssetImportReport(requests.Rows.Count, created, updated, rejected));
    }

    private sealed record Parsed(List<(int Line, AssetRequest Request)> Rows, string? Error);

    private static Parsed FromGeoJson(string text)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            return new Parsed([], $"is not valid GeoJSON: {e.Message}");
        }

        if (root?["type"]?.GetValue<string>() != "FeatureCollection" || root["features"] is not JsonArray features)
        {
            return new Parsed([], "is not a GeoJSON FeatureCollection.");
        }

        if (features.Count > MaxImportRows)
        {
            return new Parsed([], $"has {features.Count} features; at most {MaxImportRows} per upload.");
        }

        var rows = new List<(int, AssetRequest)>();
        for (var i = 0; i < features.Count; i++)
        {
            var f = features[i];
            var p = f?["properties"] as JsonObject;
            var geometry = f?["geometry"] is { } g ? JsonDocument.Parse(g.ToJsonString()).RootElement.Clone() : (JsonElement?)null;
            rows.Add((i + 1, new AssetRequest(
                Str(p, "name"), Str(p, "kind"), Str(p, "reference") ?? (f?["id"] is JsonValue id ? id.ToString() : null), geometry,
                null, null, null, null, Num(p, "bufferMetres") ?? Num(p, "buffer_metres"),
                p?["sharedWithPolice"]?.GetValueKind() == JsonValueKind.True || p?["shared_with_police"]?.GetValueKind() == JsonValueKind.True)));
        }

        return new Parsed(rows, null);
    }

    private static string? Str(JsonObject? p, string key) => p?[key] is JsonValue v ? v.ToString() : null;

    private static double? Num(JsonObject? p, string key) =>
        p?[key] is JsonValue v && double.TryParse(v.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;

    private static Parsed FromCsv(string text)
    {
        using var csv = new CsvReader(new StringReader(text), new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            PrepareHeaderForMatch = a => a.Header.Trim().ToLowerInvariant().Replace(' ', '_'),
            MissingFieldFound = null,
            BadDataFound = null,
        });
        if (!csv.Read() || !csv.ReadHeader())
        {
            return new Parsed([], "is empty: expected a header row.");
        }

        var header = csv.HeaderRecord!.Select(h => h.Trim().ToLowerInvariant().Replace(' ', '_')).ToHashSet();
        if (!header.Contains("name") || !((header.Contains("latitude") && header.Contains("longitude")) || (header.Contains("easting") && header.Contains("northing"))))
        {
            return new Parsed([], "needs columns name and latitude,longitude or easting,northing (optional: kind, reference, buffer_metres, shared_with_police).");
        }

        var rows = new List<(int, AssetRequest)>();
        while (csv.Read())
        {
            if (rows.Count >= MaxImportRows)
            {
                return new Parsed([], $"has more than {MaxImportRows} rows; split it.");
            }

            string? Field(string name) => header.Contains(name) && csv.TryGetField<string>(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
            double? Number(string name) => Field(name) is { } v && double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;
            var shared = Field("shared_with_police");
            rows.Add((csv.Parser.RawRow, new AssetRequest(
                Field("name"), Field("kind"), Field("reference"), null,
                Number("latitude"), Number("longitude"), Number("easting"), Number("northing"), Number("buffer_metres"),
                shared is not null && (shared.Equals("true", StringComparison.OrdinalIgnoreCase) || shared == "1" || shared.Equals("yes", StringComparison.OrdinalIgnoreCase)))));
        }

        return new Parsed(rows, null);
    }
}
