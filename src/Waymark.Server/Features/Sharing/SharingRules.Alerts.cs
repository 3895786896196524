using Waymark.Server.Features.Alerts;
using Waymark.Server.Features.Auth;

namespace Waymark.Server.Features.Sharing;

/// <summary>
/// Assets and alerts:
/// <list type="bullet">
/// <item>An organisation's assets, rules, webhooks and alerts are its own: no other organisation lists or opens them.</item>
/// <item>Police analysts and officers may see the positions of other organisations' assets their owners shared with police.</item>
/// <item>Assets, rules and webhooks are changed by the organisation's admins and analysts; officers and machine keys read alerts and act on them.</item>
/// <item>What an alert says about a crime is limited to what the receiving organisation may see (see CrimeMatcher).</item>
/// </list>
/// </summary>
public static partial class SharingRules
{
    public static bool CanSee(Asset asset, Caller caller) =>
        asset.OrganisationId == caller.OrganisationId || (asset.SharedWithPolice && IsPoliceRole(caller));

    public static bool CanManageAlerting(Caller caller) =>
        caller.OrganisationId != Guid.Empty && caller.Role is Roles.Admin or Roles.PartnerAnalyst or Roles.PoliceAnalyst;

    public static bool CanReadAlerts(Caller caller) =>
        caller.OrganisationId != Guid.Empty && caller.Role != Roles.Dealer;

    public static bool CanSee(Alert alert, Caller caller) => alert.OrganisationId == caller.OrganisationId && CanReadAlerts(caller);
}
