using System.Security.Cryptography;
using System.Text;

namespace Waymark.Core.PoliceUk;

/// <summary>
/// Gives every row of a police.uk street-level file a deterministic key, so that importing a file again adds nothing.
/// </summary>
/// <remarks>
/// police.uk's "Crime ID" cannot be the key on its own: it is empty for anti-social behaviour (and for every row
/// of some forces), and the same Crime ID can appear on more than one row of a month's file (in Avon and Somerset
/// August 2021, 98 IDs appear twice, once located and once at "No Location"). Identical rows are distinct crimes,
/// because locations are snapped to anonymous points. So a row's key is its Crime ID — or, without one, a hash of
/// its content — followed by its ordinal among the rows of the same file sharing that ID or content. Re-importing the
/// same file yields the same keys in the same order; reordering unrelated rows does not change them.
/// </remarks>
public sealed class PoliceUkRowKeys
{
    private readonly Dictionary<string, int> _seen = new(StringComparer.Ordinal);

    /// <summary>The key for the next row read from the file.</summary>
    /// <param name="crimeId">The Crime ID column, possibly empty.</param>
    /// <param name="fields">All columns of the row, in file order.</param>
    public string Next(string? crimeId, IReadOnlyList<string> fields)
    {
        var stem = string.IsNullOrWhiteSpace(crimeId) ? "c:" + ContentHash(fields) : crimeId.Trim();
        var ordinal = _seen.TryGetValue(stem, out var n) ? n + 1 : 1;
        _seen[stem] = ordinal;
        return ordinal == 1 ? stem : $"{stem}#{ordinal}";
    }

    private static string ContentHash(IReadOnlyList<string> fields)
    {
        var joined = string.Join('\u001f', fields.Select(f => f.Trim()));
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(joined), hash);
        return Convert.ToHexStringLower(hash[..16]);
    }
}
