using System.Globalization;

namespace Waymark.Server.Data;

/// <summary>
/// How Microsoft.Data.Sqlite (and so EF Core) stores values that SQLite has no type for: GUIDs as upper-case text,
/// date-times as sortable ISO text, decimals as invariant text. Hand-written SQL must write the same forms, or EF's
/// comparisons (an id lookup, a date range) would miss the rows.
/// </summary>
public static class SqliteValues
{
    public static string Text(Guid id) => id.ToString().ToUpperInvariant();

    public static string Text(DateTime time) => time.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", CultureInfo.InvariantCulture);

    public static string Text(decimal value) => value.ToString("0.0###########################", CultureInfo.InvariantCulture);
}
