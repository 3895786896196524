using Microsoft.EntityFrameworkCore;
using Waymark.Core.Marking;
using Waymark.Server.Data;

namespace Waymark.Server.Features.Marking;

/// <summary>What the registry knows of a code: whose it is and whether it was recorded stolen.</summary>
/// <param name="Code">The code as printed (<c>PPPP-SSSSSS-C</c>).</param>
/// <param name="StolenInCrimes">Ids of crimes whose stolen property lists this code (every crime, whoever may see it).</param>
public sealed record MarkingCodeOwner(
    string Code,
    Guid RegistrationId,
    Guid ProgrammeId,
    string ProgrammeName,
    Guid OwnerOrganisationId,
    string OwnerOrganisationName,
    string HolderKind,
    IReadOnlyList<Guid> StolenInCrimes)
{
    public bool RecordedStolen => StolenInCrimes.Count > 0;
}

/// <summary>
/// Looks codes up for other features without HTTP. Scoped (it uses the request's <see cref="WaymarkDb"/>).
/// </summary>
public sealed class MarkingRegistry(WaymarkDb db, StolenCodeIndex stolen)
{
    /// <summary>
    /// Which holder and organisation <paramref name="code"/> is registered to, and whether property bearing it was recorded
    /// stolen. For the scrap-metal feature's receipt checks: a dealer's scanner reads a code off metal brought in, and
    /// the receipt is flagged when the code is registered (to a rail operator's cable, say) or recorded stolen.
    /// <para>Accepts the code in any typed form (case, hyphens, spaces). Answers null when the text is not a valid code
    /// (see <see cref="MarkingCode.TryParse"/>) or no holder is registered to it. The answer names the holder's kind and
    /// organisation but not the holder's personal details, and is not audited here: the caller audits the look-up with its
    /// purpose (<c>AuditLog.Record</c>) in the transaction of the record it makes, and decides who is told.</para>
    /// </summary>
    public async Task<MarkingCodeOwner?> FindAsync(string code, CancellationToken ct)
    {
        if (!MarkingCode.TryParse(code, out var parsed))
        {
            return null;
        }

        var hit = await db.Set<MarkingRegistration>().AsNoTracking()
            .Where(r => r.Code == parsed.Value)
            .Join(db.Set<MarkingProgramme>(), r => r.ProgrammeId, p => p.Id, (r, p) => new { r.Id, r.ProgrammeId, ProgrammeName = p.Name, r.OwnerOrganisationId, r.HolderKind })
            .Join(db.Organisations, x => x.OwnerOrganisationId, o => o.Id, (x, o) => new { x.Id, x.ProgrammeId, x.ProgrammeName, x.OwnerOrganisationId, OwnerName = o.Name, x.HolderKind })
            .FirstOrDefaultAsync(ct);
        if (hit is null)
        {
            return null;
        }

        var crimes = (await StolenInAsync(db, stolen, parsed, ct)).Select(c => c.Id).ToList();
        return new MarkingCodeOwner(parsed.Display, hit.Id, hit.ProgrammeId, hit.ProgrammeName, hit.OwnerOrganisationId, hit.OwnerName, hit.HolderKind, crimes);
    }

    /// <summary>
    /// Crimes whose stolen property lists <paramref name="code"/> (in any typed form), found through the
    /// <see cref="StolenCodeIndex"/> and checked against the stored property list.
    /// </summary>
    internal static async Task<List<Crime>> StolenInAsync(WaymarkDb db, StolenCodeIndex index, MarkingCode code, CancellationToken ct)
    {
        var ids = await index.CrimesAsync(db, code, ct);
        if (ids.Count == 0)
        {
            return [];
        }

        var crimes = await db.Crimes.AsNoTracking().Where(c => ids.Contains(c.Id)).ToListAsync(ct);
        return crimes.Where(c => c.PropertyStolen.Any(p => MarkingCode.Normalise(p.MarkingCode) == code.Value)).OrderBy(c => c.OccurredFrom).ToList();
    }
}
