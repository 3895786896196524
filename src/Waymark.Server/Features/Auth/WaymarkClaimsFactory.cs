using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Waymark.Server.Data;

namespace Waymark.Server.Features.Auth;

/// <summary>Puts the user's organisation and its kind into the login cookie, so every request knows them without a look-up.</summary>
public sealed class WaymarkClaimsFactory(
    UserManager<WaymarkUser> users, RoleManager<IdentityRole<Guid>> roles, IOptions<IdentityOptions> options, WaymarkDb db)
    : UserClaimsPrincipalFactory<WaymarkUser, IdentityRole<Guid>>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(WaymarkUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        var org = await db.Organisations.FindAsync(user.OrganisationId)
            ?? throw new InvalidOperationException($"User {user.UserName} belongs to no organisation.");
        identity.AddClaim(new Claim(Caller.OrganisationClaim, org.Id.ToString()));
        identity.AddClaim(new Claim(Caller.OrganisationKindClaim, org.Kind.ToString()));
        return identity;
    }
}
