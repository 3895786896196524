using Waymark.Server.Data;
using Waymark.Server.Features.Anpr;
using Waymark.Server.Features.Auth;

namespace Waymark.Server.Features.Sharing;

/// <summary>
/// ANPR: who may send reads, query them, keep hotlists and see cameras (README, "ANPR").
/// <list type="bullet">
/// <item>Reads are sent only by machine keys (<c>machine</c>), for cameras of the key's own organisation — and, when a
/// camera is bound to a key, only by that key.</item>
/// <item>Reads are queried only by police analysts and officers, each query with a purpose and an investigation reference.
/// Partners, dealers, admins and machines never see plates.</item>
/// <item>Reads older than the open period (default 90 days) are restricted: only a police analyst (the force's
/// intelligence role: the "senior" authorisation NASPLE asks for) may reach them, and only with a written justification,
/// which is recorded. Police officers are refused.</item>
/// <item>Hotlists belong to police forces: police analysts and officers keep their own force's entries and see only
/// those; hits alert the owning force only.</item>
/// <item>Cameras: police forces see every camera; other organisations see only their own. An organisation's admin
/// registers and changes its own cameras.</item>
/// <item>Monthly figures (counts only, no plates): police analysts for their force, admins for their organisation.</item>
/// </list>
/// </summary>
public static partial class SharingRules
{
    public static bool MaySendAnprReads(Caller caller) => caller.Role == Roles.Machine && caller.OrganisationId != Guid.Empty;

    public static bool MayQueryAnprReads(Caller caller) => IsPoliceRole(caller);

    /// <summary>Reads older than the open period: police analysts only (and the endpoint demands a justification).</summary>
    public static bool MayQueryRestrictedAnprReads(Caller caller) => caller.InPoliceForce && caller.Role == Roles.PoliceAnalyst;

    public static bool MayKeepHotlists(Caller caller) => IsPoliceRole(caller);

    public static bool CanSeeHotlistEntry(HotlistEntry entry, Caller caller) =>
        IsPoliceRole(caller) && entry.OwnerOrganisationId == caller.OrganisationId;

    public static bool CanSeeCamera(Guid cameraOwner, Caller caller) =>
        caller.InPoliceForce || cameraOwner == caller.OrganisationId;

    public static bool MayManageCamera(Guid cameraOwner, Caller caller) =>
        caller.IsAdmin && cameraOwner == caller.OrganisationId;

    public static bool MaySeeAnprFigures(Caller caller) =>
        (caller.InPoliceForce && caller.Role == Roles.PoliceAnalyst) || (caller.IsAdmin && caller.OrganisationId != Guid.Empty);

    /// <summary>Why a read from <paramref name="camera"/> sent with key <paramref name="keyId"/> of <paramref name="caller"/>'s organisation is refused, or null.</summary>
    public static string? AnprReadRefusal(CameraDirectory.Camera camera, Caller caller, Guid? keyId, bool keyIsBound)
    {
        if (camera.Owner != caller.OrganisationId)
        {
            return "camera belongs to another organisation";
        }

        if ((camera.ApiKeyId is { } bound && bound != keyId) || (camera.ApiKeyId is null && keyIsBound))
        {
            return "camera key used for another camera";
        }

        return camera.Status == CameraStatus.Decommissioned ? "camera decommissioned" : null;
    }
}
