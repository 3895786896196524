using System.Globalization;

namespace Waymark.Core.Analytics.Spatial;

public sealed partial class SpatialWeights
{
    /// <summary>
    /// Reads binary contiguity weights from the text of a GAL file (GeoDa's format, as read by
    /// PySAL's <c>libpysal.io</c> <c>GalIO</c>).
    /// </summary>
    /// <remarks>
    /// <para>
    /// Format: a header line that is either <c>n</c> or <c>0 n shapefile key-field</c>; then for
    /// each of the n observations a record <c>id k</c> followed by the k identifiers of its
    /// neighbours. Identifiers are opaque strings (1-based, 0-based or e.g. FIPS codes all work);
    /// neighbour lists may wrap over several lines and an island's empty list may be a blank
    /// line or nothing, because after the header the text is read as a stream of tokens.
    /// </para>
    /// <para>
    /// Positions follow the order in which the records appear, exactly as <c>GalIO</c> passes
    /// <c>id_order=ids</c> to <c>W</c>. That order is what aligns the weights with the data
    /// files shipped beside the GAL files: stl.gal and desmith.gal run 1..n, and sids2.gal lists
    /// FIPS codes (37009, 37005, …) in the record order of sids2.dbf, not in sorted order.
    /// <see cref="Ids"/> keeps the identifiers; neighbour order within a record is kept.
    /// </para>
    /// </remarks>
    /// <exception cref="FormatException">
    /// The header or a count is not a number, the text ends early or goes on after n records, an
    /// identifier is declared twice, or a neighbour is never declared as an observation.
    /// </exception>
    /// <exception cref="ArgumentException">An observation lists itself or a neighbour twice.</exception>
    public static SpatialWeights FromGal(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int lineEnd = text.IndexOf('\n', StringComparison.Ordinal);
        string header = (lineEnd < 0 ? text : text[..lineEnd]).Trim();
        string[] headerFields = header.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (headerFields.Length == 0)
        {
            throw new FormatException("A GAL file starts with a header line giving the number of observations.");
        }

        // GalIO: n = header[0], or header[1] when the header has more than one field.
        int n = ParseCount(headerFields.Length > 1 ? headerFields[1] : headerFields[0], "the header's observation count");
        string[] tokens = (lineEnd < 0 ? string.Empty : text[(lineEnd + 1)..])
            .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

        var ids = new string[n];
        var idIndex = new Dictionary<string, int>(n, StringComparer.Ordinal);
        var offsets = new int[n + 1];
        var neighbourIds = new List<string>();
        int t = 0;
        for (int i = 0; i < n; i++)
        {
            if (t + 2 > tokens.Length)
            {
                throw new FormatException($"The GAL text ends after {i} of the {n} records its header announces.");
            }

            string id = tokens[t++];
            if (!idIndex.TryAdd(id, i))
            {
                throw new FormatException($"Observation '{id}' has more than one record.");
            }

            ids[i] = id;
            int k = ParseCount(tokens[t++], $"the neighbour count of '{id}'");
            if (t + k > tokens.Length)
            {
                throw new FormatException($"Observation '{id}' announces {k} neighbours but the text ends first.");
            }

            for (int e = 0; e < k; e++)
            {
                neighbourIds.Add(tokens[t++]);
            }

            offsets[i + 1] = neighbourIds.Count;
        }

        if (t != tokens.Length)
        {
            throw new FormatException($"The GAL text continues after the {n} records its header announces (at '{tokens[t]}').");
        }

        var neighbours = new int[neighbourIds.Count];
        for (int i = 0; i < n; i++)
        {
            for (int e = offsets[i]; e < offsets[i + 1]; e++)
            {
                if (!idIndex.TryGetValue(neighbourIds[e], out int j))
                {
                    throw new FormatException($"Observation '{ids[i]}' lists neighbour '{neighbourIds[e]}', which has no record of its own.");
                }

                neighbours[e] = j;
            }
        }

        return Create(offsets, neighbours, ids, idIndex);
    }

    private static int ParseCount(string token, string what) =>
        int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out int value)
            ? value
            : throw new FormatException($"Expected a non-negative whole number for {what}, found '{token}'.");
}
