using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;
using SQLitePCL;
using Waymark.Server.Data;

namespace Waymark.Server.Features.Marking;

/// <summary>
/// Writes registrations in bulk inside the caller's transaction, as the crime importer writes crimes: on SQLite one
/// prepared INSERT bound by index through SQLitePCL; on PostgreSQL binary COPY. Values take the forms EF uses
/// (<see cref="SqliteValues"/>, <see cref="JsonColumn"/>), so rows read back through EF unchanged. The caller has checked
/// that no code is registered already; a clash still fails the whole transaction on the unique index.
/// </summary>
public sealed class RegistrationBulkWriter : IDisposable
{
    /// <summary>The registrations table's columns; a test checks them against the EF model.</summary>
    public static readonly IReadOnlyList<string> Columns =
    [
        "id", "code", "programme_id", "owner_organisation_id", "holder_kind", "holder_name", "address", "postcode", "lsoa_code",
        "ward", "contact", "asset_reference", "latitude", "longitude", "items", "registered_at", "registered_by",
    ];

    private static object?[] Values(MarkingRegistration r) =>
    [
        r.Id, r.Code, r.ProgrammeId, r.OwnerOrganisationId, r.HolderKind, r.HolderName, r.Address, r.Postcode, r.LsoaCode,
        r.Ward, r.Contact, r.AssetReference, r.Latitude, r.Longitude, JsonColumn.Serialize(r.Items), r.RegisteredAt, r.RegisteredBy,
    ];

    private readonly WaymarkDb _db;
    private readonly DbConnection _connection;
    private sqlite3_stmt? _insert;

    public RegistrationBulkWriter(WaymarkDb db)
    {
        _db = db;
        _connection = db.Database.GetDbConnection();
        _ = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("The bulk writer runs inside the caller's transaction.");
    }

    public Task WriteAsync(IReadOnlyList<MarkingRegistration> batch, CancellationToken ct) =>
        batch.Count == 0 ? Task.CompletedTask
        : _db.Provider == DatabaseProvider.Postgres ? WritePostgresAsync(batch, ct)
        : WriteSqlite(batch, ct);

    private Task WriteSqlite(IReadOnlyList<MarkingRegistration> batch, CancellationToken ct)
    {
        var handle = ((SqliteConnection)_connection).Handle!;
        if (_insert is null)
        {
            var sql = $"INSERT INTO marking_registrations ({string.Join(", ", Columns)}) VALUES ({string.Join(", ", Columns.Select(_ => "?"))})";
            Check(raw.sqlite3_prepare_v2(handle, sql, out var statement), handle);
            _insert = statement;
        }

        foreach (var r in batch)
        {
            ct.ThrowIfCancellationRequested();
            var values = Values(r);
            for (var i = 0; i < values.Length; i++)
            {
                var rc = values[i] switch
                {
                    null => raw.sqlite3_bind_null(_insert, i + 1),
                    string text => raw.sqlite3_bind_text(_insert, i + 1, text),
                    Guid id => raw.sqlite3_bind_text(_insert, i + 1, SqliteValues.Text(id)),
                    DateTime time => raw.sqlite3_bind_text(_insert, i + 1, SqliteValues.Text(time)),
                    double d => raw.sqlite3_bind_double(_insert, i + 1, d),
                    var other => throw new InvalidOperationException($"No SQLite binding for {other.GetType()} in column {Columns[i]}."),
                };
                Check(rc, handle);
            }

            var step = raw.sqlite3_step(_insert);
            raw.sqlite3_reset(_insert);
            Check(step, handle);
        }

        return Task.CompletedTask;
    }

    private static void Check(int rc, sqlite3 db)
    {
        if (rc != raw.SQLITE_OK && rc != raw.SQLITE_DONE && rc != raw.SQLITE_ROW)
        {
            throw new SqliteException(raw.sqlite3_errmsg(db).utf8_to_string(), rc);
        }
    }

    private async Task WritePostgresAsync(IReadOnlyList<MarkingRegistration> batch, CancellationToken ct)
    {
        var pg = (NpgsqlConnection)_connection;
        await using var copy = await pg.BeginBinaryImportAsync($"COPY marking_registrations ({string.Join(", ", Columns)}) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var r in batch)
        {
            await copy.StartRowAsync(ct);
            foreach (var value in Values(r))
            {
                switch (value)
                {
                    case null:
                        await copy.WriteNullAsync(ct);
                        break;
                    case Guid g:
                        await copy.WriteAsync(g, NpgsqlDbType.Uuid, ct);
                        break;
                    case string s:
                        await copy.WriteAsync(s, NpgsqlDbType.Text, ct);
                        break;
                    case double d:
                        await copy.WriteAsync(d, NpgsqlDbType.Double, ct);
                        break;
                    case DateTime t:
                        await copy.WriteAsync(t, NpgsqlDbType.TimestampTz, ct);
                        break;
                    default:
                        throw new InvalidOperationException($"No PostgreSQL type for {value.GetType()}.");
                }
            }
        }

        await copy.CompleteAsync(ct);
    }

    public void Dispose() => _insert?.Dispose();
}
