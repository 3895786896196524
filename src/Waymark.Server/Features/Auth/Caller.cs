using System.Security.Claims;
using Waymark.Server.Data;

namespace Waymark.Server.Features.Auth;

/// <summary>Who is asking: a person or a machine key, their organisation and role. Built from the authenticated principal.</summary>
public sealed record Caller(Guid? UserId, string Name, Guid OrganisationId, OrganisationKind OrganisationKind, string Role)
{
    public const string OrganisationClaim = "waymark:org";
    public const string OrganisationKindClaim = "waymark:org_kind";
    public const string RoleClaim = ClaimTypes.Role;

    /// <summary>The command line acts as the system, with no organisation of its own.</summary>
    public static Caller System(string what) => new(null, $"system:{what}", Guid.Empty, OrganisationKind.PoliceForce, Roles.Admin);

    public bool InPoliceForce => OrganisationKind == OrganisationKind.PoliceForce && OrganisationId != Guid.Empty;

    public bool IsAdmin => Role == Roles.Admin;

    public static Caller? From(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true)
        {
            return null;
        }

        var org = principal.FindFirstValue(OrganisationClaim);
        var kind = principal.FindFirstValue(OrganisationKindClaim);
        var role = principal.FindFirstValue(RoleClaim);
        if (!Guid.TryParse(org, out var orgId) || !Enum.TryParse<OrganisationKind>(kind, out var orgKind) || role is null)
        {
            return null;
        }

        Guid? userId = Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
        return new Caller(userId, principal.Identity.Name ?? "unknown", orgId, orgKind, role);
    }
}
