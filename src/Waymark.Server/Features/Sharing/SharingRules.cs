using Waymark.Core.Crimes;
using Waymark.Server.Data;
using Waymark.Server.Features.Auth;

namespace Waymark.Server.Features.Sharing;

/// <summary>
/// Who may see what — the one place these rules live. Every query of crimes goes through
/// <see cref="VisibleTo"/>, and every response passes <see cref="MaySeePersonalData"/> before personal fields are shown.
/// <list type="bullet">
/// <item><c>Organisation</c> records: the owning organisation only.</item>
/// <item><c>Partnership</c> records: every organisation in the partnership.</item>
/// <item><c>LawEnforcement</c> records: police forces, and the owner that reported it.</item>
/// <item>Personal data (officer in charge, victim, suspect, vehicles): police analysts and officers, with a stated purpose,
/// every read audited; and the owner that recorded it. Never partners, dealers, admins or machines of other organisations.</item>
/// </list>
/// A record a caller may not see is answered as not found (404), so its existence is not revealed.
/// </summary>
public static partial class SharingRules
{
    public static IQueryable<Crime> VisibleTo(this IQueryable<Crime> crimes, Caller caller)
    {
        var org = caller.OrganisationId;
        return caller.InPoliceForce
            ? crimes.Where(c => c.Visibility != Visibility.Organisation || c.OwnerOrganisationId == org)
            : crimes.Where(c => c.Visibility == Visibility.Partnership || c.OwnerOrganisationId == org);
    }

    public static bool CanSee(Crime crime, Caller caller) => CanSee(crime.Visibility, crime.OwnerOrganisationId, caller);

    /// <summary>The same rule as <see cref="VisibleTo"/>, for in-memory indexes that hold only visibility and owner.</summary>
    public static bool CanSee(Visibility visibility, Guid owner, Caller caller) =>
        owner == caller.OrganisationId ||
        visibility == Visibility.Partnership ||
        (visibility == Visibility.LawEnforcement && caller.InPoliceForce);

    /// <summary>Only the owner changes a record; police analysts of any force may also record outcomes and grading.</summary>
    public static bool CanEdit(Crime crime, Caller caller) =>
        CanSee(crime, caller) && (crime.OwnerOrganisationId == caller.OrganisationId || IsPoliceRole(caller));

    public static bool MaySeePersonalData(Crime crime, Caller caller) =>
        CanSee(crime, caller) && (IsPoliceRole(caller) || (crime.OwnerOrganisationId == caller.OrganisationId && caller.Role != Roles.Machine));

    /// <summary>Police analysts and officers in a police force: the roles that handle personal data.</summary>
    public static bool IsPoliceRole(Caller caller) =>
        caller.InPoliceForce && caller.Role is Roles.PoliceAnalyst or Roles.PoliceOfficer;
}
