using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace Waymark.Server.Features.ScrapMetal;

/// <summary>A CSV file the metal-trade uploads cannot read at all (no header, unknown columns): nothing is written.</summary>
public sealed class ScrapCsvFormatException(string message) : Exception(message);

/// <summary>One data row of an upload: its line in the file and its cells by snake_case column.</summary>
public sealed record CsvRow(int Line, IReadOnlyDictionary<string, string?> Cells)
{
    public string? this[string column] => Cells.TryGetValue(column, out var v) ? v : null;
}

/// <summary>A rejected row of an upload: its line and why.</summary>
public sealed record RejectedLine(int Line, string Reason);

/// <summary>Reads the metal-trade CSV uploads: a header of known snake_case columns, then rows (blank cells are null).</summary>
public static partial class ScrapCsv
{
    public static async Task<List<CsvRow>> ReadAsync(Stream stream, IReadOnlyCollection<string> columns, IReadOnlyCollection<string> required, CancellationToken ct)
    {
        using var reader = new StreamReader(stream);
        using var csv = new CsvParser(reader, new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            HasHeaderRecord = true,
            BadDataFound = null,
            MissingFieldFound = null,
            DetectColumnCountChanges = false,
            IgnoreBlankLines = true,
        });
        if (!await csv.ReadAsync())
        {
            throw new ScrapCsvFormatException("The file is empty: it needs a header row.");
        }

        var header = csv.Record!.Select(h => h.Trim().ToLowerInvariant()).ToArray();
        var missing = required.Where(r => !header.Contains(r)).ToList();
        if (missing.Count > 0)
        {
            throw new ScrapCsvFormatException($"The header lacks the column(s) {string.Join(", ", missing)}. Columns: {string.Join(",", columns)}.");
        }

        var unknown = header.Where(h => !columns.Contains(h)).ToList();
        if (unknown.Count > 0)
        {
            throw new ScrapCsvFormatException($"The header has column(s) the template does not know: {string.Join(", ", unknown)}. Columns: {string.Join(",", columns)}.");
        }

        var rows = new List<CsvRow>();
        while (await csv.ReadAsync())
        {
            ct.ThrowIfCancellationRequested();
            var f = csv.Record!;
            var cells = new Dictionary<string, string?>(StringComparer.Ordinal);
            for (var i = 0; i < header.Length; i++)
            {
                cells[header[i]] = i < f.Length ? ScrapPlaces.Clean(f[i]) : null;
            }

            if (f.Length > header.Length)
            {
                cells["__extra"] = $"{f.Length} cells for {header.Length} columns";
            }

            rows.Add(new CsvRow(csv.RawRow, cells));
        }

        return rows;
    }

    /// <summary>Parses an enum by its name, ignoring case, spaces, hyphens and underscores ("electronic-transfer").</summary>
    public static bool TryEnum<T>(string? text, out T value) where T : struct, Enum
    {
        value = default;
        return text is not null && Enum.TryParse(text.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal), ignoreCase: true, out value)
            && Enum.IsDefined(value) && !int.TryParse(text, out _);
    }

    public static bool TryDouble(string? text, out double value) => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    public static bool TryDecimal(string? text, out decimal value) => decimal.TryParse(text?.TrimStart('£'), NumberStyles.Number, CultureInfo.InvariantCulture, out value);

    /// <summary>An ISO 8601 date-time; without an offset it is UK local time (Europe/London), as a yard's clock shows it.</summary>
    public static bool TryInstant(string? text, out DateTimeOffset value)
    {
        value = default;
        if (text is null)
        {
            return false;
        }

        if (OffsetSuffix().IsMatch(text))
        {
            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
        }

        if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return false;
        }

        var zone = Waymark.Core.Analytics.Trends.UkTime.London;
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(unspecified))
        {
            unspecified = unspecified.AddHours(1); // the hour the clocks skip in March
        }

        value = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(unspecified, zone), TimeSpan.Zero);
        return true;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"(Z|[+-][0-9]{2}:?[0-9]{2})$", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex OffsetSuffix();

    public static bool TryDate(string? text, out DateOnly value) => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
}
