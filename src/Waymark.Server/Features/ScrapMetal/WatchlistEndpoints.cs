using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Waymark.Core.Crimes;
using Waymark.Core.ScrapMetal;
using Waymark.Server.Data;
using Waymark.Server.Features.Audit;
using Waymark.Server.Features.Auth;
using Waymark.Server.Features.Sharing;

namespace Waymark.Server.Features.ScrapMetal;

/// <summary>The police watchlist of sellers and vehicles checked against every receipt. Police analysts and officers only.</summary>
public static class WatchlistEndpoints
{
    public sealed record WatchlistRequest(WatchlistSubject? Subject, string? Name, string? Registration, bool? Foreign, string? Reason, string? Grading, string? Contact, DateTimeOffset? ExpiresAt);

    public sealed record WatchlistResponse(Guid Id, Guid OwnerOrganisationId, WatchlistSubject Subject, string? Name, string? Registration, string Reason, string? Grading, string? Contact, DateTimeOffset? ExpiresAt, DateTimeOffset CreatedAt);

    public static void MapWatchlist(this RouteGroupBuilder scrap)
    {
        var group = scrap.MapGroup("/watchlist").RequireAuthorization(p => p.RequireRole(Roles.PoliceAnalyst, Roles.PoliceOfficer));
        group.MapPost("", AddAsync).WithName("AddScrapWatchlistEntry").WithSummary("Put a seller (by name) or a vehicle (by registration) on the watchlist checked against every receipt.");
        group.MapGet("", ListAsync).WithName("ListScrapWatchlist").WithSummary("The watchlist (police only); the read is audited with its purpose.");
        group.MapDelete("/{id:guid}", RemoveAsync).WithName("RemoveScrapWatchlistEntry").WithSummary("Take an entry off the watchlist (the force that added it).");
    }

    private static async Task<Results<Created<WatchlistResponse>, ValidationProblem, ForbidHttpResult>> AddAsync(
        WatchlistRequest r, HttpContext http, WaymarkDb db, AuditLog audit, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        if (!SharingRules.CanUseWatchlist(caller))
        {
            return TypedResults.Forbid();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var subject = r.Subject ?? (r.Registration is not null ? WatchlistSubject.Vehicle : WatchlistSubject.Person);
        string? name = null, key = null, plate = null;
        if (subject == WatchlistSubject.Person)
        {
            name = ScrapPlaces.Clean(r.Name);
            key = name is null ? null : NameKey.Of(name);
            if (string.IsNullOrEmpty(key))
            {
                errors["name"] = ["is required for a person: their full name."];
            }
        }
        else if (!RegistrationMark.TryParse(r.Registration, r.Foreign == true, ScrapPlaces.UkDate(now), out var mark, out var reason))
        {
            errors["registration"] = [reason!];
        }
        else
        {
            plate = mark!.Value;
        }

        var why = ScrapPlaces.Clean(r.Reason);
        if (why is null)
        {
            errors["reason"] = ["is required: why police want to know (shown to police only)."];
        }

        if (ScrapPlaces.Clean(r.Grading) is { } grading)
        {
            try
            {
                Grading3x5x2.Parse(grading, null);
            }
            catch (Exception e) when (e is ArgumentException or FormatException)
            {
                errors["grading"] = [e.Message.Split(" (Parameter", 2)[0]];
            }
        }

        if (r.ExpiresAt is { } exp && exp.UtcDateTime <= now)
        {
            errors["expiresAt"] = ["is in the past."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The watchlist entry was not added.");
        }

        var entry = new WatchlistEntry
        {
            Id = Guid.CreateVersion7(),
            OwnerOrganisationId = caller.OrganisationId,
            Subject = subject,
            Name = name,
            NameKey = key,
            Registration = plate,
            Reason = why!,
            Grading = ScrapPlaces.Clean(r.Grading)?.ToUpperInvariant(),
            Contact = ScrapPlaces.Clean(r.Contact),
            ExpiresAt = r.ExpiresAt?.UtcDateTime,
            CreatedByUserId = caller.UserId,
            CreatedAt = now,
        };
        db.Set<WatchlistEntry>().Add(entry);
        audit.Record(caller, "scrap.watchlist.add", "scrap-watchlist", entry.Id.ToString(), detail: $"{subject}");
        await audit.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/scrap/watchlist/{entry.Id}", Shape(entry));
    }

    private static async Task<Results<Ok<List<WatchlistResponse>>, ValidationProblem, ForbidHttpResult>> ListAsync(string? purpose, HttpContext http, WaymarkDb db, AuditLog audit, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        if (!SharingRules.CanUseWatchlist(caller))
        {
            return TypedResults.Forbid();
        }

        var stated = ReceiptEndpoints.PurposeOf(http, purpose);
        if (stated is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["purpose"] = ["is required: the watchlist is personal data; say why you are reading it (it is audited)."] });
        }

        var entries = await db.Set<WatchlistEntry>().AsNoTracking().OrderByDescending(w => w.CreatedAt).ToListAsync(ct);
        audit.Record(caller, "scrap.watchlist.read", "scrap-watchlist", null, stated, $"{entries.Count} entries");
        await audit.SaveChangesAsync(ct);
        return TypedResults.Ok(entries.Select(Shape).ToList());
    }

    private static async Task<Results<NoContent, NotFound, ForbidHttpResult>> RemoveAsync(Guid id, HttpContext http, WaymarkDb db, AuditLog audit, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        var entry = await db.Set<WatchlistEntry>().FirstOrDefaultAsync(w => w.Id == id, ct);
        if (entry is null || !SharingRules.CanUseWatchlist(caller))
        {
            return TypedResults.NotFound();
        }

        if (entry.OwnerOrganisationId != caller.OrganisationId)
        {
            return TypedResults.Forbid();
        }

        db.Remove(entry);
        audit.Record(caller, "scrap.watchlist.remove", "scrap-watchlist", entry.Id.ToString());
        await audit.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    private static WatchlistResponse Shape(WatchlistEntry w) =>
        new(w.Id, w.OwnerOrganisationId, w.Subject, w.Name, w.Registration, w.Reason, w.Grading, w.Contact, w.ExpiresAt, w.CreatedAt);
}
