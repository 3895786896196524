using Waymark.Server.Data;
using Waymark.Server.Features.Auth;
using Waymark.Server.Features.ScrapMetal;

namespace Waymark.Server.Features.Sharing;

/// <summary>
/// Who may see what of the metal-trade records (Scrap Metal Dealers Act 2013).
/// <list type="bullet">
/// <item>The public register (licence holder, type, council, sites' names and addresses, expiry, status): every signed-in
/// member, as the Environment Agency's register is public.</item>
/// <item>Licence details (site managers, covering force): police, the issuing council, the dealer holding it, admins.</item>
/// <item>Licences are issued and changed by the issuing council (its members) and by admins.</item>
/// <item>Receipts and disposals: the dealer that recorded them; police forces (s.16 gives constables the right to inspect);
/// the issuing council (s.16, its officers). Admins see the records without personal data. Partners never.</item>
/// <item>Personal data on them (seller, address, documents, vehicle, payer, buyer): the dealer's own people, police
/// analysts and officers, and the issuing council — with a stated purpose unless it is the dealer's own record; every
/// disclosure audited. Not admins, not machine keys of other organisations.</item>
/// <item>The intelligence behind a check (matched crimes, watchlist entries, marking registrations): police analysts and officers only. A dealer
/// is told that a check failed and what to do, never why. The owner of marked metal on a receipt is told its own code
/// and asset, the dealer and the site — never the seller, never the force's intelligence.</item>
/// <item>The watchlist: police analysts and officers only.</item>
/// <item>Compliance per dealer: police, councils (their own licences) and admins.</item>
/// </list>
/// </summary>
public static partial class SharingRules
{
    public static bool IsCouncil(Caller caller) => caller.OrganisationKind == OrganisationKind.LocalAuthority && caller.Role != Roles.Machine;

    /// <summary>Admins for any council; a council's own members for the licences it issues.</summary>
    public static bool CanManageLicence(Caller caller, Guid? councilOrganisationId) =>
        caller.IsAdmin || (IsCouncil(caller) && councilOrganisationId == caller.OrganisationId);

    public static bool MaySeeLicenceDetails(ScrapLicence licence, Caller caller) =>
        caller.IsAdmin || IsPoliceRole(caller) ||
        (licence.CouncilOrganisationId is { } council && council == caller.OrganisationId && IsCouncil(caller)) ||
        (licence.DealerOrganisationId is { } dealer && dealer == caller.OrganisationId);

    /// <summary>Only the dealer holding the licence records receipts and disposals under it (its people or its yard system's key).</summary>
    public static bool CanRecordUnder(ScrapLicence licence, Caller caller) =>
        licence.DealerOrganisationId is { } dealer && dealer == caller.OrganisationId && caller.Role is Roles.Dealer or Roles.Machine;

    /// <summary>The receipts a caller may see (see the class summary); partners see none.</summary>
    public static IQueryable<ScrapReceipt> VisibleTo(this IQueryable<ScrapReceipt> receipts, Caller caller)
    {
        var org = caller.OrganisationId;
        if (caller.InPoliceForce || caller.IsAdmin)
        {
            return receipts;
        }

        if (IsCouncil(caller))
        {
            return receipts.Where(r => r.CouncilOrganisationId == org);
        }

        return caller.OrganisationKind == OrganisationKind.Dealer ? receipts.Where(r => r.DealerOrganisationId == org) : receipts.Where(r => false);
    }

    public static IQueryable<ScrapDisposal> VisibleTo(this IQueryable<ScrapDisposal> disposals, Caller caller)
    {
        var org = caller.OrganisationId;
        if (caller.InPoliceForce || caller.IsAdmin)
        {
            return disposals;
        }

        if (IsCouncil(caller))
        {
            return disposals.Where(d => d.CouncilOrganisationId == org);
        }

        return caller.OrganisationKind == OrganisationKind.Dealer ? disposals.Where(d => d.DealerOrganisationId == org) : disposals.Where(d => false);
    }

    /// <summary>Whether <paramref name="caller"/> may see the personal data of a trade record of <paramref name="dealer"/> under <paramref name="council"/>'s licence.</summary>
    public static bool MaySeeScrapPersonalData(Guid dealer, Guid? council, Caller caller) =>
        IsPoliceRole(caller) ||
        (dealer == caller.OrganisationId && caller.OrganisationKind == OrganisationKind.Dealer && caller.Role == Roles.Dealer) ||
        (council is { } c && c == caller.OrganisationId && IsCouncil(caller));

    /// <summary>The matched crimes and watchlist entries behind a failed check.</summary>
    public static bool MaySeeCheckIntelligence(Caller caller) => IsPoliceRole(caller);

    public static bool CanUseWatchlist(Caller caller) => IsPoliceRole(caller);

    public static bool MaySeeCompliance(Caller caller) => caller.IsAdmin || IsPoliceRole(caller) || IsCouncil(caller);
}
