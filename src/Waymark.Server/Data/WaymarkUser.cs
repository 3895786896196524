using Microsoft.AspNetCore.Identity;

namespace Waymark.Server.Data;

/// <summary>A person who logs in. Passwords are hashed and lockout applies (ASP.NET Core Identity).</summary>
public sealed class WaymarkUser : IdentityUser<Guid>
{
    public Guid OrganisationId { get; set; }

    public string DisplayName { get; set; } = "";
}
