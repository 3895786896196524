using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Waymark.Server.Data;

namespace Waymark.Server.Features.Audit;

/// <summary>
/// The hash chain over the audit log: each row's hash is SHA-256 over the previous row's hash and the row's own
/// fields, so a row altered or removed after the fact no longer matches, and every later row inherits the break.
/// </summary>
public static class AuditChain
{
    /// <summary>The previous hash of the first row.</summary>
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    public static string ComputeHash(AuditEntry e)
    {
        var text = string.Join('\u001f',
            e.PreviousHash,
            e.Sequence.ToString(CultureInfo.InvariantCulture),
            e.At.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture),
            e.UserId?.ToString() ?? "",
            e.Actor,
            e.OrganisationId?.ToString() ?? "",
            e.Action,
            e.RecordType ?? "",
            e.RecordId ?? "",
            e.Purpose ?? "",
            e.Detail ?? "");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>Timestamps are kept to the microsecond, the finest both databases store.</summary>
    public static DateTime Truncate(DateTime at) => new(at.Ticks - (at.Ticks % 10), DateTimeKind.Utc);

    /// <summary>Walks the chain in order and returns the first broken link, or null when the chain is whole.</summary>
    public static AuditBreak? Verify(IEnumerable<AuditEntry> entriesInOrder, AuditHead? head)
    {
        var expectedSequence = 1L;
        var previous = Genesis;
        foreach (var e in entriesInOrder)
        {
            if (e.Sequence != expectedSequence)
            {
                return new AuditBreak(expectedSequence, $"row {expectedSequence} is missing (the next row present is {e.Sequence}): rows were removed");
            }

            if (e.PreviousHash != previous)
            {
                return new AuditBreak(e.Sequence, $"row {e.Sequence} does not link to row {e.Sequence - 1}: a row was altered or replaced");
            }

            if (ComputeHash(e) != e.Hash)
            {
                return new AuditBreak(e.Sequence, $"row {e.Sequence} ({e.Action} by {e.Actor}) does not match its hash: the row was altered");
            }

            previous = e.Hash;
            expectedSequence++;
        }

        var last = expectedSequence - 1;
        if (head is not null && (head.LastSequence != last || head.LastHash != (last == 0 ? Genesis : previous)))
        {
            return head.LastSequence > last
                ? new AuditBreak(last + 1, $"the log ends at row {last} but row {head.LastSequence} was written: the newest rows were removed")
                : new AuditBreak(last, $"the chain head records row {head.LastSequence}, the log ends at row {last}: the head or the log was altered");
        }

        return null;
    }
}

/// <summary>Where the chain breaks, and why.</summary>
public sealed record AuditBreak(long Sequence, string Reason);
