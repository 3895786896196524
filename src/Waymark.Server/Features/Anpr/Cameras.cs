using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Waymark.Core.Geo;
using Waymark.Server.Data;
using Waymark.Server.Features.Audit;
using Waymark.Server.Features.Auth;
using Waymark.Server.Features.Sharing;

namespace Waymark.Server.Features.Anpr;

/// <summary>Registering, changing and listing ANPR cameras.</summary>
public static class Cameras
{
    public sealed record CameraRequest(string? Code, string? Name, double? Latitude, double? Longitude, int? Bearing, int? Lanes, CameraStatus? Status, Guid? ApiKeyId);

    public sealed record CameraResponse(int Id, string Code, string Name, Guid OwnerOrganisationId, double Latitude, double Longitude, double? Easting, double? Northing,
        int Bearing, string Direction, int Lanes, CameraStatus Status, bool KeyBound)
    {
        public static CameraResponse From(AnprCamera c) => new(c.Id, c.Code, c.Name, c.OwnerOrganisationId, c.Latitude, c.Longitude, c.Easting, c.Northing,
            c.Bearing, c.Direction, c.Lanes, c.Status, c.ApiKeyId is not null);
    }

    public static async Task<Ok<List<CameraResponse>>> ListAsync(HttpContext http, WaymarkDb db, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        var all = await db.Set<AnprCamera>().AsNoTracking().OrderBy(c => c.Code).ToListAsync(ct);
        return TypedResults.Ok(all.Where(c => SharingRules.CanSeeCamera(c.OwnerOrganisationId, caller)).Select(CameraResponse.From).ToList());
    }

    public static async Task<Results<Created<CameraResponse>, ValidationProblem, ForbidHttpResult>> CreateAsync(
        CameraRequest request, HttpContext http, WaymarkDb db, AuditLog audit, CameraDirectory directory, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        if (!SharingRules.MayManageCamera(caller.OrganisationId, caller))
        {
            return TypedResults.Forbid();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var camera = new AnprCamera { Code = "", Name = "", Direction = "N", OwnerOrganisationId = caller.OrganisationId, CreatedAt = now, UpdatedAt = now, Lanes = 1 };
        var errors = await ApplyAsync(request, camera, db, creating: true, ct);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The camera was not registered: some fields are invalid.");
        }

        db.Set<AnprCamera>().Add(camera);
        audit.Record(caller, "anpr.camera.create", "anpr-camera", camera.Code, detail: $"{camera.Name} at {camera.Latitude:0.#####},{camera.Longitude:0.#####} {camera.Direction}");
        await audit.SaveChangesAsync(ct);
        directory.Invalidate();
        return TypedResults.Created($"/api/anpr/cameras/{camera.Id}", CameraResponse.From(camera));
    }

    public static async Task<Results<Ok<CameraResponse>, ValidationProblem, ForbidHttpResult, ProblemHttpResult>> UpdateAsync(
        int id, CameraRequest request, HttpContext http, WaymarkDb db, AuditLog audit, CameraDirectory directory, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        var camera = await db.Set<AnprCamera>().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (camera is null || !SharingRules.CanSeeCamera(camera.OwnerOrganisationId, caller))
        {
            return TypedResults.Problem($"No camera {id} is visible to you.", title: "Camera not found", statusCode: StatusCodes.Status404NotFound);
        }

        if (!SharingRules.MayManageCamera(camera.OwnerOrganisationId, caller))
        {
            return TypedResults.Forbid();
        }

        var errors = await ApplyAsync(request, camera, db, creating: false, ct);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The camera was not changed: some fields are invalid.");
        }

        camera.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        audit.Record(caller, "anpr.camera.update", "anpr-camera", camera.Code, detail: $"{camera.Status} {camera.Direction} key bound: {camera.ApiKeyId is not null}");
        await audit.SaveChangesAsync(ct);
        directory.Invalidate();
        return TypedResults.Ok(CameraResponse.From(camera));
    }

    private static async Task<Dictionary<string, string[]>> ApplyAsync(CameraRequest r, AnprCamera camera, WaymarkDb db, bool creating, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (creating || r.Code is not null)
        {
            var code = r.Code?.Trim();
            if (string.IsNullOrEmpty(code) || code.Length > 64 || code.Any(char.IsWhiteSpace))
            {
                errors["code"] = ["is required: the camera's identifier as it sends it, up to 64 characters without spaces."];
            }
            else if (code != camera.Code && await db.Set<AnprCamera>().AnyAsync(c => c.Code == code, ct))
            {
                errors["code"] = [$"'{code}' is already registered."];
            }
            else
            {
                camera.Code = code;
            }
        }

        if (creating || r.Name is not null)
        {
            var name = r.Name?.Trim();
            if (string.IsNullOrEmpty(name) || name.Length > 200)
            {
                errors["name"] = ["is required (up to 200 characters), e.g. \"A1(M) J34 northbound\"."];
            }
            else
            {
                camera.Name = name;
            }
        }

        if (creating || r.Latitude is not null || r.Longitude is not null)
        {
            var lat = r.Latitude ?? (creating ? double.NaN : camera.Latitude);
            var lon = r.Longitude ?? (creating ? double.NaN : camera.Longitude);
            var where = double.IsNaN(lat) || double.IsNaN(lon) ? Jurisdiction.Outside : GeoArea.Classify(lat, lon);
            if (where == Jurisdiction.Outside)
            {
                errors["latitude"] = ["latitude and longitude (WGS84) are required and must lie in Great Britain or Northern Ireland."];
            }
            else
            {
                camera.Latitude = Math.Round(lat, 7);
                camera.Longitude = Math.Round(lon, 7);
                if (where == Jurisdiction.GreatBritain && Ostn15.TryToBng(lat, lon, out var bng))
                {
                    camera.Easting = Math.Round(bng.Easting, 1);
                    camera.Northing = Math.Round(bng.Northing, 1);
                }
                else
                {
                    camera.Easting = camera.Northing = null;
                }
            }
        }

        if (creating || r.Bearing is not null)
        {
            if (r.Bearing is not (>= 0 and < 360))
            {
                errors["bearing"] = ["is required: the direction of the traffic read, degrees clockwise from north (0–359)."];
            }
            else
            {
                camera.Bearing = r.Bearing.Value;
                camera.Direction = AnprCamera.DirectionOf(r.Bearing.Value);
            }
        }

        if (r.Lanes is not null)
        {
            if (r.Lanes is < 1 or > 16)
            {
                errors["lanes"] = ["is 1–16."];
            }
            else
            {
                camera.Lanes = r.Lanes.Value;
            }
        }

        if (r.Status is { } status)
        {
            if (!Enum.IsDefined(status))
            {
                errors["status"] = ["is Active, Faulty or Decommissioned."];
            }
            else
            {
                camera.Status = status;
            }
        }

        if (r.ApiKeyId is { } keyId)
        {
            if (keyId == Guid.Empty)
            {
                camera.ApiKeyId = null;
            }
            else
            {
                var key = await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Id == keyId && k.RevokedAt == null, ct);
                if (key is null || key.OrganisationId != camera.OwnerOrganisationId || key.Role != Roles.Machine)
                {
                    errors["apiKeyId"] = ["must be a live machine key of the camera's own organisation (or the empty id to unbind)."];
                }
                else
                {
                    camera.ApiKeyId = keyId;
                }
            }
        }

        return errors;
    }
}
