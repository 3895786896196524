using Microsoft.EntityFrameworkCore;
using Waymark.Server.Data;
using Waymark.Server.Features.Auth;

namespace Waymark.Server.Features.Alerts;

/// <summary>A record that belongs to one organisation and is never shown to another (assets, rules, webhooks).</summary>
public interface IOrganisationOwned
{
    Guid Id { get; }

    Guid OrganisationId { get; }
}

public static class OrganisationOwned
{
    /// <summary>The caller's organisation's record with this id, tracked for change; null when there is none (answer 404).</summary>
    public static Task<T?> FindOwnAsync<T>(this WaymarkDb db, Guid id, Caller caller, CancellationToken ct)
        where T : class, IOrganisationOwned =>
        db.Set<T>().FirstOrDefaultAsync(x => x.Id == id && x.OrganisationId == caller.OrganisationId, ct);
}
