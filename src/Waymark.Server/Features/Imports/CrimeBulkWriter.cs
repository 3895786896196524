using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Storage;
using SQLitePCL;
using Npgsql;
using NpgsqlTypes;
using Waymark.Server.Data;

namespace Waymark.Server.Features.Imports;

/// <summary>
/// Inserts crimes in bulk inside the caller's transaction, skipping rows whose (source, import key) already exists.
/// Bypasses EF change tracking, which would cap imports at a few thousand rows a second: on SQLite one prepared
/// INSERT … ON CONFLICT DO NOTHING re-bound per row by index; on PostgreSQL binary COPY into a temporary table, then one
/// INSERT … SELECT … ON CONFLICT DO NOTHING. Values are converted with EF's own type mappings, so a row written
/// here reads back through EF exactly as one written by SaveChanges.
/// </summary>
public sealed class CrimeBulkWriter : IAsyncDisposable
{
    /// <summary>The crimes table's columns, in one place; a test checks them against the EF model.</summary>
    public static readonly IReadOnlyList<string> Columns =
    [
        "id", "reference", "owner_organisation_id", "source", "external_id", "import_key", "category", "police_uk_category",
        "knife_enabled", "sector", "asset_affected", "occurred_from", "occurred_to", "reported_at", "latitude", "longitude",
        "easting", "northing", "itm_easting", "itm_northing", "cell100m", "cell1km", "location_description", "lsoa_code",
        "lsoa_name", "modus_operandi", "mo_tags", "property_stolen", "disruption_minutes", "customers_affected",
        "repair_cost_pounds", "outcome_type", "outcome_text", "officer_in_charge", "victim_name", "victim_contact",
        "suspect_description", "vehicles_seen", "visibility", "grading_source", "grading_intelligence", "grading_handling",
        "grading_conditions", "recorded_at", "updated_at",
    ];

    private static object?[] Values(Crime c) =>
    [
        c.Id, c.Reference, c.OwnerOrganisationId, c.Source, c.ExternalId, c.ImportKey, c.Category, c.PoliceUkCategory,
        c.KnifeEnabled, c.Sector, c.AssetAffected, c.OccurredFrom, c.OccurredTo, c.ReportedAt, c.Latitude, c.Longitude,
        c.Easting, c.Northing, c.ItmEasting, c.ItmNorthing, c.Cell100m, c.Cell1km, c.LocationDescription, c.LsoaCode,
        c.LsoaName, c.ModusOperandi, c.MoTags, PropertyJson(c.PropertyStolen), c.DisruptionMinutes, c.CustomersAffected,
        c.RepairCostPounds, c.OutcomeType, c.OutcomeText, c.OfficerInCharge, c.VictimName, c.VictimContact,
        c.SuspectDescription, c.VehiclesSeen, c.Visibility.ToString(), c.GradingSource, c.GradingIntelligence, c.GradingHandling,
        c.GradingConditions, c.RecordedAt, c.UpdatedAt,
    ];

    private readonly WaymarkDb _db;
    private readonly DbConnection _connection;
    private readonly DbTransaction _transaction;
    private sqlite3_stmt? _sqliteInsert;

    public CrimeBulkWriter(WaymarkDb db)
    {
        _db = db;
        _connection = db.Database.GetDbConnection();
        _transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("The bulk writer runs inside the import's transaction.");
    }

    /// <summary>Writes the batch; returns how many rows were new (the rest were already there).</summary>
    public Task<int> WriteAsync(IReadOnlyList<Crime> batch, CancellationToken ct) =>
        batch.Count == 0 ? Task.FromResult(0)
        : _db.Provider == DatabaseProvider.Postgres ? WritePostgresAsync(batch, ct)
        : WriteSqliteAsync(batch, ct);

    private Task<int> WriteSqliteAsync(IReadOnlyList<Crime> batch, CancellationToken ct)
    {
        // Bound by index straight through SQLitePCL: Microsoft.Data.Sqlite looks every parameter up by name on every
        // execution (O(columns²) a row), which cost more than SQLite's own work. Values are written in the forms
        // Microsoft.Data.Sqlite and EF Core use on SQLite (Guid and DateTime as text, see SqliteValues), and a test
        // reads bulk-written rows back through EF to hold the two in step.
        if (_sqliteInsert is null)
        {
            var sql = $"INSERT INTO crimes ({string.Join(", ", Columns)}) VALUES ({string.Join(", ", Columns.Select(_ => "?"))}) ON CONFLICT (source, import_key) DO NOTHING";
            var handle = ((SqliteConnection)_connection).Handle!;
            Check(raw.sqlite3_prepare_v2(handle, sql, out var statement), handle);
            _sqliteInsert = statement;
        }

        var stmt = _sqliteInsert;
        var db = ((SqliteConnection)_connection).Handle!;
        var inserted = 0;
        foreach (var crime in batch)
        {
            ct.ThrowIfCancellationRequested();
            var values = Values(crime);
            for (var i = 0; i < values.Length; i++)
            {
                var index = i + 1;
                var rc = values[i] switch
                {
                    null => raw.sqlite3_bind_null(stmt, index),
                    string text => raw.sqlite3_bind_text(stmt, index, text),
                    Guid id => raw.sqlite3_bind_text(stmt, index, SqliteValues.Text(id)),
                    DateTime time => raw.sqlite3_bind_text(stmt, index, SqliteValues.Text(time)),
                    double d => raw.sqlite3_bind_double(stmt, index, d),
                    int n => raw.sqlite3_bind_int64(stmt, index, n),
                    bool b => raw.sqlite3_bind_int64(stmt, index, b ? 1 : 0),
                    decimal m => raw.sqlite3_bind_text(stmt, index, SqliteValues.Text(m)),
                    var other => throw new InvalidOperationException($"No SQLite binding for {other.GetType()} in column {Columns[i]}."),
                };
                Check(rc, db);
            }

            var step = raw.sqlite3_step(stmt);
            if (step != raw.SQLITE_DONE)
            {
                raw.sqlite3_reset(stmt);
                Check(step, db);
            }

            inserted += raw.sqlite3_changes(db);
            raw.sqlite3_reset(stmt);
        }

        return Task.FromResult(inserted);
    }

    private static void Check(int rc, sqlite3 db)
    {
        if (rc != raw.SQLITE_OK && rc != raw.SQLITE_DONE && rc != raw.SQLITE_ROW)
        {
            throw new SqliteException(raw.sqlite3_errmsg(db).utf8_to_string(), rc);
        }
    }

    private static readonly Dictionary<Type, NpgsqlDbType> PgTypes = new()
    {
        [typeof(Guid)] = NpgsqlDbType.Uuid,
        [typeof(string)] = NpgsqlDbType.Text,
        [typeof(DateTime)] = NpgsqlDbType.TimestampTz,
        [typeof(double)] = NpgsqlDbType.Double,
        [typeof(int)] = NpgsqlDbType.Integer,
        [typeof(bool)] = NpgsqlDbType.Boolean,
        [typeof(decimal)] = NpgsqlDbType.Numeric,
    };

    private async Task<int> WritePostgresAsync(IReadOnlyList<Crime> batch, CancellationToken ct)
    {
        var pg = (NpgsqlConnection)_connection;
        await using (var create = new NpgsqlCommand("CREATE TEMP TABLE IF NOT EXISTS crimes_incoming (LIKE crimes INCLUDING DEFAULTS) ON COMMIT DROP; TRUNCATE crimes_incoming;", pg, (NpgsqlTransaction)_transaction))
        {
            await create.ExecuteNonQueryAsync(ct);
        }

        var columns = string.Join(", ", Columns);
        await using (var copy = await pg.BeginBinaryImportAsync($"COPY crimes_incoming ({columns}) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var crime in batch)
            {
                await copy.StartRowAsync(ct);
                foreach (var (value, i) in Values(crime).Select((v, i) => (v, i)))
                {
                    if (value is null)
                    {
                        await copy.WriteNullAsync(ct);
                    }
                    else if (Columns[i] == "property_stolen")
                    {
                        await copy.WriteAsync((string)value, NpgsqlDbType.Text, ct);
                    }
                    else
                    {
                        await copy.WriteAsync(value, PgTypes[value.GetType()], ct);
                    }
                }
            }

            await copy.CompleteAsync(ct);
        }

        await using var insert = new NpgsqlCommand($"INSERT INTO crimes ({columns}) SELECT {columns} FROM crimes_incoming ON CONFLICT (source, import_key) DO NOTHING", pg, (NpgsqlTransaction)_transaction);
        return await insert.ExecuteNonQueryAsync(ct);
    }

    private static string PropertyJson(List<PropertyItem> items) => JsonColumn.Serialize(items);

    public async ValueTask DisposeAsync()
    {
        _sqliteInsert?.Dispose();
        await Task.CompletedTask;
    }
}
