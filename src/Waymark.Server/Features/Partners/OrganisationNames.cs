using Microsoft.EntityFrameworkCore;
using Waymark.Server.Data;

namespace Waymark.Server.Features.Partners;

public static class OrganisationNames
{
    /// <summary>
    /// The names of the given organisations, for answers that name an owner. Only those asked for are read: a national
    /// partnership has thousands of organisations, and reading them all took longer than recording the crime itself.
    /// </summary>
    public static async Task<Dictionary<Guid, string>> OrganisationNamesAsync(this WaymarkDb db, IEnumerable<Guid> ids, CancellationToken ct)
    {
        var wanted = ids.Distinct().ToList();
        return await db.Organisations.AsNoTracking().Where(o => wanted.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
    }
}
