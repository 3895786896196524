using Waymark.Server.Features.Auth;
using Waymark.Server.Features.Marking;

namespace Waymark.Server.Features.Sharing;

/// <summary>
/// Forensic marking:
/// <list type="bullet">
/// <item>A programme, its areas, saturation, proposals and evaluation: its owner organisation, and every police force
/// (an officer tracing a code needs to know whose programme it is).</item>
/// <item>Running a programme (areas, code batches, registrations, kits): the owner's analysts and officers.</item>
/// <item>Holders (names, addresses, contacts) and kit delivery addresses: police analysts and officers of any force, and the
/// owner's own analysts — partners see their own holders, never another's. Never dealers or machines.</item>
/// <item>Tracing a code, recording a return and visits to premises: police analysts and officers.</item>
/// <item>Visits: seen by police forces only (they name premises under suspicion and the officers who went).</item>
/// </list>
/// </summary>
public static partial class SharingRules
{
    public static bool CanSeeProgramme(MarkingProgramme programme, Caller caller) =>
        programme.OwnerOrganisationId == caller.OrganisationId || caller.InPoliceForce;

    public static IQueryable<MarkingProgramme> VisibleTo(this IQueryable<MarkingProgramme> programmes, Caller caller)
    {
        var org = caller.OrganisationId;
        return caller.InPoliceForce ? programmes : programmes.Where(p => p.OwnerOrganisationId == org);
    }

    /// <summary>Who may start a programme (for their own organisation): police and partner analysts, and administrators.</summary>
    public static bool CanCreateProgramme(Caller caller) =>
        caller.OrganisationId != Guid.Empty &&
        caller.OrganisationKind != Data.OrganisationKind.Dealer &&
        caller.Role is Roles.PoliceAnalyst or Roles.PartnerAnalyst or Roles.Admin;

    public static bool CanManageProgramme(MarkingProgramme programme, Caller caller) =>
        programme.OwnerOrganisationId == caller.OrganisationId &&
        caller.Role is Roles.PoliceAnalyst or Roles.PoliceOfficer or Roles.PartnerAnalyst or Roles.Admin;

    /// <summary>Holder details of a code registered in a programme owned by <paramref name="programmeOwner"/>.</summary>
    public static bool MaySeeHolder(Guid programmeOwner, Caller caller) =>
        IsPoliceRole(caller) ||
        (programmeOwner == caller.OrganisationId && caller.Role is Roles.PartnerAnalyst or Roles.PoliceAnalyst or Roles.PoliceOfficer);

    public static bool MayTrace(Caller caller) => IsPoliceRole(caller);

    public static bool MayRecordReturn(Caller caller) => IsPoliceRole(caller);

    public static bool MayRecordVisit(Caller caller) => IsPoliceRole(caller);

    public static bool MaySeeVisits(Caller caller) => caller.InPoliceForce && caller.Role != Roles.Machine;
}
