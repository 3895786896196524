namespace Waymark.Server.Data;

/// <summary>
/// A key for a machine client (a partner system, an ANPR camera). Only a SHA-256 hash of the key is stored:
/// keys are 256 random bits, so a fast hash is enough and a stolen database does not yield usable keys.
/// </summary>
public sealed class ApiKey
{
    public Guid Id { get; set; }

    public Guid OrganisationId { get; set; }

    public required string Name { get; set; }

    /// <summary>The role slug the key acts with.</summary>
    public required string Role { get; set; }

    /// <summary>The first characters of the key, shown to admins so a key can be recognised without being revealed.</summary>
    public required string Prefix { get; set; }

    public required string Hash { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? RevokedAt { get; set; }
}
