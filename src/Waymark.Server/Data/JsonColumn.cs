using System.Text.Json;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Waymark.Server.Data;

/// <summary>
/// Lists kept as a JSON text column, written the same way by EF and by the bulk writers on both databases
/// (EF's own JSON mapping writes decimals differently on SQLite and PostgreSQL, which hand-written SQL cannot follow).
/// </summary>
public static class JsonColumn
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string Serialize<T>(List<T> items) => items.Count == 0 ? "[]" : JsonSerializer.Serialize(items, Options);

    public static List<T> Deserialize<T>(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<List<T>>(json, Options) ?? [];

    public static PropertyBuilder<List<T>> HasJsonConversion<T>(this PropertyBuilder<List<T>> property) =>
        property.HasConversion(
            v => Serialize(v),
            v => Deserialize<T>(v),
            new ValueComparer<List<T>>((a, b) => Serialize(a!) == Serialize(b!), v => Serialize(v).GetHashCode(StringComparison.Ordinal), v => Deserialize<T>(Serialize(v))));
}
