using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;
using Waymark.Server.Data;

namespace Waymark.Server.Features.Imports;

/// <summary>
/// Inserts crimes in bulk inside the caller's transaction, skipping rows whose (source, import key) already exists.
/// Bypasses EF change tracking, which would cap imports at a few thousand rows a second: on SQLite one prepared
/// INSERT … ON CONFLICT DO NOTHING re-bound per row; on PostgreSQL binary COPY into a temporary table, then one
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
    private DbCommand? _sqliteInsert;
    private Func<object?, object?>?[]? _converters;

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

    private async Task<int> WriteSqliteAsync(IReadOnlyList<Crime> batch, CancellationToken ct)
    {
        if (_sqliteInsert is null)
        {
            var entity = _db.Model.FindEntityType(typeof(Crime))!;
            var cmd = _connection.CreateCommand();
            cmd.Transaction = _transaction;
            cmd.CommandText = $"INSERT INTO crimes ({string.Join(", ", Columns)}) VALUES ({string.Join(", ", Columns.Select((_, i) => "@p" + i))}) ON CONFLICT (source, import_key) DO NOTHING";
            _converters = new Func<object?, object?>?[Columns.Count];
            for (var i = 0; i < Columns.Count; i++)
            {
                var property = entity.GetProperties().FirstOrDefault(p => p.GetColumnName() == Columns[i]);
                if (property is null)
                {
                    var json = cmd.CreateParameter();
                    json.ParameterName = "@p" + i;
                    cmd.Parameters.Add(json);
                    continue;
                }

                var mapping = (RelationalTypeMapping)property.GetRelationalTypeMapping();
                cmd.Parameters.Add(mapping.CreateParameter(cmd, "@p" + i, null, nullable: true));
                var converter = mapping.Converter ?? property.GetValueConverter();
                _converters[i] = converter is null ? null : converter.ConvertToProvider;
            }

            cmd.Prepare();
            _sqliteInsert = cmd;
        }

        var inserted = 0;
        foreach (var crime in batch)
        {
            var values = Values(crime);
            for (var i = 0; i < values.Length; i++)
            {
                var v = values[i];
                if (v is not null && _converters![i] is { } convert && v is not string)
                {
                    v = convert(v);
                }

                _sqliteInsert.Parameters[i].Value = v ?? DBNull.Value;
            }

            inserted += await _sqliteInsert.ExecuteNonQueryAsync(ct);
        }

        return inserted;
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
        if (_sqliteInsert is not null)
        {
            await _sqliteInsert.DisposeAsync();
        }
    }
}
