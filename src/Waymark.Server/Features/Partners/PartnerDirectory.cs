using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Waymark.Server.Data;
using Waymark.Server.Features.Audit;
using Waymark.Server.Features.Auth;

namespace Waymark.Server.Features.Partners;

/// <summary>Creates organisations, people and API keys: one place for the rules, used by the API, the command line and the demo seed.</summary>
public sealed class PartnerDirectory(WaymarkDb db, UserManager<WaymarkUser> users, RoleManager<IdentityRole<Guid>> roles, AuditLog audit, TimeProvider clock)
{
    public static readonly IReadOnlyDictionary<string, OrganisationKind> KindSlugs = new Dictionary<string, OrganisationKind>(StringComparer.OrdinalIgnoreCase)
    {
        ["police"] = OrganisationKind.PoliceForce,
        ["partner"] = OrganisationKind.InfrastructurePartner,
        ["business"] = OrganisationKind.Business,
        ["dealer"] = OrganisationKind.Dealer,
        ["local-authority"] = OrganisationKind.LocalAuthority,
    };

    /// <summary>Which roles an organisation of a kind may hold: police roles only in police forces, dealers only in dealers.</summary>
    public static string? RoleRefusal(OrganisationKind kind, string role) => role switch
    {
        Roles.PoliceAnalyst or Roles.PoliceOfficer when kind != OrganisationKind.PoliceForce =>
            $"Role '{role}' is for police forces only.",
        Roles.Dealer when kind != OrganisationKind.Dealer => "Role 'dealer' is for scrap-metal dealers only.",
        Roles.PartnerAnalyst when kind == OrganisationKind.PoliceForce => "Police forces use the police roles.",
        _ when !Roles.IsKnown(role) => $"Unknown role '{role}'. Roles: {string.Join(", ", Roles.All)}.",
        _ => null,
    };

    public async Task<Organisation> CreateOrganisationAsync(Caller caller, string name, OrganisationKind kind, string? sector, CancellationToken ct)
    {
        name = name.Trim();
        if (await db.Organisations.AnyAsync(o => o.Name == name, ct))
        {
            throw new PartnerException($"An organisation named '{name}' already exists.");
        }

        var org = new Organisation { Id = Guid.NewGuid(), Name = name, Kind = kind, Sector = sector, CreatedAt = clock.GetUtcNow().UtcDateTime };
        db.Organisations.Add(org);
        audit.Record(caller, "organisation.create", "organisation", org.Id.ToString(), detail: $"{name} ({kind})");
        await audit.SaveChangesAsync(ct);
        return org;
    }

    public async Task<Organisation> FindOrganisationAsync(string name, CancellationToken ct) =>
        await db.Organisations.FirstOrDefaultAsync(o => o.Name == name, ct)
        ?? throw new PartnerException($"No organisation named '{name}'.");

    public async Task<WaymarkUser> CreateUserAsync(Caller caller, Organisation org, string email, string displayName, string role, string password, CancellationToken ct)
    {
        if (RoleRefusal(org.Kind, role) is { } refusal)
        {
            throw new PartnerException(refusal);
        }

        await EnsureRolesAsync();
        var user = new WaymarkUser { Id = Guid.NewGuid(), UserName = email, Email = email, EmailConfirmed = true, DisplayName = displayName, OrganisationId = org.Id };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            throw new PartnerException(string.Join(" ", created.Errors.Select(e => e.Description)));
        }

        await users.AddToRoleAsync(user, role);
        audit.Record(caller, "user.create", "user", user.Id.ToString(), detail: $"{email} as {role} in {org.Name}");
        await audit.SaveChangesAsync(ct);
        return user;
    }

    /// <summary>Creates a key and returns it in clear, once; only its hash is kept.</summary>
    public async Task<(ApiKey Key, string Secret)> CreateApiKeyAsync(Caller caller, Organisation org, string role, string? name, CancellationToken ct)
    {
        if (RoleRefusal(org.Kind, role) is { } refusal)
        {
            throw new PartnerException(refusal);
        }

        var secret = ApiKeyAuthentication.NewKey();
        var key = new ApiKey
        {
            Id = Guid.NewGuid(),
            OrganisationId = org.Id,
            Name = string.IsNullOrWhiteSpace(name) ? $"{org.Name} {role}" : name.Trim(),
            Role = role,
            Prefix = secret[..10],
            Hash = ApiKeyAuthentication.Hash(secret),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.ApiKeys.Add(key);
        audit.Record(caller, "apikey.create", "apikey", key.Id.ToString(), detail: $"{key.Prefix}… as {role} for {org.Name}");
        await audit.SaveChangesAsync(ct);
        return (key, secret);
    }

    private async Task EnsureRolesAsync()
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole<Guid>(role) { Id = Guid.NewGuid() });
            }
        }
    }
}

/// <summary>A request the directory refuses, with a reason a person can act on.</summary>
public sealed class PartnerException(string message) : Exception(message);
