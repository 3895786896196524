using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Waymark.Core.Anpr;
using Waymark.Server.Data;
using Waymark.Server.Features.Audit;
using Waymark.Server.Features.Auth;
using Waymark.Server.Features.Sharing;

namespace Waymark.Server.Features.Anpr;

/// <summary>A force's hotlist: add, list, remove and bulk-load entries. Every change reaches the in-memory matcher at once.</summary>
public static class Hotlists
{
    public sealed record HotlistRequest(string? Plate, string? Reason, string? Action, string? Source, DateTimeOffset? ExpiresAt);

    public sealed record HotlistResponse(Guid Id, string Plate, PlateFormat Format, string Reason, string Action, string Source, DateTime CreatedAt,
        string? CreatedBy, DateTime? ExpiresAt, bool Live)
    {
        public static HotlistResponse From(HotlistEntry h, DateTime now) =>
            new(h.Id, h.Plate, h.Format, h.Reason, h.Action, h.Source, h.CreatedAt, h.CreatedBy, h.ExpiresAt, h.IsLive(now));
    }

    private static readonly string[] RequiredColumns = ["plate", "reason", "action", "source"];

    public sealed record RowRejection(int Line, string Field, string Reason);

    public sealed record UploadResponse(int Rows, int Added, int Rejected, IReadOnlyList<RowRejection> Rejections);

    public static async Task<Results<Ok<List<HotlistResponse>>, ForbidHttpResult>> ListAsync(
        bool? includeExpired, HttpContext http, WaymarkDb db, AuditLog audit, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        if (!SharingRules.MayKeepHotlists(caller))
        {
            return TypedResults.Forbid();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var entries = await db.Set<HotlistEntry>().AsNoTracking()
            .Where(h => h.OwnerOrganisationId == caller.OrganisationId && h.RemovedAt == null)
            .OrderBy(h => h.Plate).ToListAsync(ct);
        var shown = entries.Where(h => SharingRules.CanSeeHotlistEntry(h, caller) && (includeExpired == true || h.IsLive(now)))
            .Select(h => HotlistResponse.From(h, now)).ToList();
        audit.Record(caller, "anpr.hotlist.list", "hotlist", null, "hotlist management", $"{shown.Count} entries");
        await audit.SaveChangesAsync(ct);
        return TypedResults.Ok(shown);
    }

    public static async Task<Results<Created<HotlistResponse>, ValidationProblem, ForbidHttpResult>> AddAsync(
        HotlistRequest request, HttpContext http, WaymarkDb db, AuditLog audit, HotlistMatcher matcher, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        if (!SharingRules.MayKeepHotlists(caller))
        {
            return TypedResults.Forbid();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var (entry, errors) = Build(request.Plate, request.Reason, request.Action, request.Source, request.ExpiresAt?.UtcDateTime, caller, now);
        if (entry is null)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(e => e.Field, e => new[] { e.Reason }), title: "The hotlist entry was not added.");
        }

        db.Set<HotlistEntry>().Add(entry);
        audit.Record(caller, "anpr.hotlist.add", "hotlist", entry.Id.ToString(), "hotlist management", $"{entry.Plate} {entry.Reason} from {entry.Source}");
        await audit.SaveChangesAsync(ct);
        matcher.Invalidate();
        return TypedResults.Created($"/api/anpr/hotlist/{entry.Id}", HotlistResponse.From(entry, now));
    }

    public static async Task<Results<NoContent, ProblemHttpResult, ForbidHttpResult>> RemoveAsync(
        Guid id, HttpContext http, WaymarkDb db, AuditLog audit, HotlistMatcher matcher, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        if (!SharingRules.MayKeepHotlists(caller))
        {
            return TypedResults.Forbid();
        }

        var entry = await db.Set<HotlistEntry>().FirstOrDefaultAsync(h => h.Id == id && h.RemovedAt == null, ct);
        if (entry is null || !SharingRules.CanSeeHotlistEntry(entry, caller))
        {
            return TypedResults.Problem($"No hotlist entry {id} of yours.", title: "Hotlist entry not found", statusCode: StatusCodes.Status404NotFound);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        entry.RemovedAt = now;
        entry.UpdatedAt = now;
        audit.Record(caller, "anpr.hotlist.remove", "hotlist", entry.Id.ToString(), "hotlist management", entry.Plate);
        await audit.SaveChangesAsync(ct);
        matcher.Invalidate();
        return TypedResults.NoContent();
    }

    /// <summary>
    /// Bulk load: a CSV with the header <c>plate,reason,action,source,expires</c> (expires optional). The good rows are
    /// added in one transaction with the audit row; each refused row is reported with its line and reason.
    /// </summary>
    public static async Task<Results<Ok<UploadResponse>, ValidationProblem, ForbidHttpResult>> UploadAsync(
        HttpContext http, WaymarkDb db, AuditLog audit, HotlistMatcher matcher, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        if (!SharingRules.MayKeepHotlists(caller))
        {
            return TypedResults.Forbid();
        }

        Stream body = http.Request.Body;
        if (http.Request.HasFormContentType)
        {
            var form = await http.Request.ReadFormAsync(ct);
            if (form.Files.Count != 1)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = ["send one CSV file."] });
            }

            body = form.Files[0].OpenReadStream();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var added = new List<HotlistEntry>();
        var rejections = new List<RowRejection>();
        var rows = 0;
        using (var reader = new StreamReader(body))
        using (var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { PrepareHeaderForMatch = a => a.Header.Trim().ToLowerInvariant(), MissingFieldFound = null }))
        {
            if (!await csv.ReadAsync() || !csv.ReadHeader() || csv.HeaderRecord is not { } header ||
                !RequiredColumns.All(h => header.Select(x => x.Trim().ToLowerInvariant()).Contains(h)))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = ["the first line must name the columns plate, reason, action, source (and optionally expires)."] });
            }

            var seen = new HashSet<(string, string)>();
            while (await csv.ReadAsync())
            {
                rows++;
                var line = csv.Parser.RawRow;
                DateTime? expires = null;
                var expiresText = csv.GetField("expires");
                if (!string.IsNullOrWhiteSpace(expiresText))
                {
                    if (!DateTimeOffset.TryParse(expiresText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var e))
                    {
                        rejections.Add(new RowRejection(line, "expires", "is not a date (ISO 8601)"));
                        continue;
                    }

                    expires = e.UtcDateTime;
                }

                var (entry, errors) = Build(csv.GetField("plate"), csv.GetField("reason"), csv.GetField("action"), csv.GetField("source"), expires, caller, now);
                if (entry is null)
                {
                    rejections.AddRange(errors.Select(e => new RowRejection(line, e.Field, e.Reason)));
                }
                else if (!seen.Add((entry.Plate, entry.Reason)))
                {
                    rejections.Add(new RowRejection(line, "plate", $"{entry.Plate} ({entry.Reason}) is already in this file"));
                }
                else
                {
                    added.Add(entry);
                }
            }
        }

        db.Set<HotlistEntry>().AddRange(added);
        audit.Record(caller, "anpr.hotlist.upload", "hotlist", null, "hotlist management", $"{rows} rows: {added.Count} added, {rejections.Count} refused");
        await audit.SaveChangesAsync(ct);
        matcher.Invalidate();
        return TypedResults.Ok(new UploadResponse(rows, added.Count, rows - added.Count, rejections));
    }

    private static (HotlistEntry? Entry, List<(string Field, string Reason)> Errors) Build(
        string? plate, string? reason, string? action, string? source, DateTime? expires, Caller caller, DateTime now)
    {
        var errors = new List<(string, string)>();
        var normal = Vrm.Normalise(plate);
        if (normal is null)
        {
            errors.Add(("plate", "is missing or malformed (letters and digits, up to 10)"));
        }

        reason = reason?.Trim().ToLowerInvariant();
        if (reason is null || !HotlistReasons.All.Contains(reason))
        {
            errors.Add(("reason", $"is one of {string.Join(", ", HotlistReasons.All)}"));
        }

        if (string.IsNullOrWhiteSpace(action) || action.Length > 500)
        {
            errors.Add(("action", "is required: what an officer should do on a hit (up to 500 characters)"));
        }

        if (string.IsNullOrWhiteSpace(source) || source.Length > 200)
        {
            errors.Add(("source", "is required: where the entry comes from (PNC, an intelligence report, an investigation)"));
        }

        if (expires is { } x && x <= now)
        {
            errors.Add(("expires", "is in the past"));
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        return (new HotlistEntry
        {
            Id = Guid.CreateVersion7(),
            Plate = normal!,
            Format = Vrm.Recognise(normal),
            Reason = reason!,
            Action = action!.Trim(),
            Source = source!.Trim(),
            OwnerOrganisationId = caller.OrganisationId,
            CreatedAt = now,
            UpdatedAt = now,
            CreatedBy = caller.Name,
            ExpiresAt = expires,
        }, errors);
    }
}
