namespace Waymark.Server.Data;

/// <summary>
/// One row of the append-only audit log. Each row's hash covers its content and the previous row's hash,
/// so altering or removing a row breaks the chain from that row on (see <c>AuditChain</c>).
/// </summary>
public sealed class AuditEntry
{
    /// <summary>1, 2, 3, … without gaps.</summary>
    public long Sequence { get; set; }

    public DateTime At { get; set; }

    public Guid? UserId { get; set; }

    public required string Actor { get; set; }

    public Guid? OrganisationId { get; set; }

    public required string Action { get; set; }

    public string? RecordType { get; set; }

    public string? RecordId { get; set; }

    public string? Purpose { get; set; }

    public string? Detail { get; set; }

    public required string PreviousHash { get; set; }

    public required string Hash { get; set; }
}

/// <summary>
/// The single row that records the chain's last sequence and hash, updated in the same transaction as each append,
/// so that removing the newest rows (which leaves a chain that is valid as far as it goes) is detected too.
/// </summary>
public sealed class AuditHead
{
    public int Id { get; set; } = 1;

    public long LastSequence { get; set; }

    public required string LastHash { get; set; }
}
