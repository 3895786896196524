using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;
using SQLitePCL;
using Waymark.Core.Anpr;
using Waymark.Server.Data;

namespace Waymark.Server.Features.Anpr;

/// <summary>
/// The append-optimised store of ANPR reads, outside EF change tracking. Reads are partitioned by UTC day so that the
/// retention purge drops whole days instead of deleting rows:
/// <list type="bullet">
/// <item>PostgreSQL: one declaratively partitioned table <c>anpr_reads</c> (range on <c>read_at</c>), a partition per day
/// created as reads for that day first arrive; written by binary COPY into a temporary table and one
/// <c>INSERT … ON CONFLICT DO NOTHING</c>.</item>
/// <item>SQLite: a table per day, <c>anpr_reads_YYYYMMDD</c>, clustered on its primary key (<c>WITHOUT ROWID</c>), written by
/// one prepared statement per day re-bound by index. Per-day tables rather than one day-keyed table because purge must be
/// cheap: <c>DROP TABLE</c> hands a day's pages back without touching its rows, where a range <c>DELETE</c> on a
/// 50-million-row day would rewrite both of its b-trees row by row inside one write transaction, stopping ingestion.</item>
/// </list>
/// On both, the primary key (plate, read_at, camera_id) makes a repeated read (same camera, time and plate) a no-op and
/// answers "movements of a plate" with one index range per day; a second index (camera_id, read_at) answers the
/// camera-and-window queries. The tables are made by idempotent SQL at first use rather than by an EF migration: the
/// day partitions must be created at run time anyway, the parent is created by the same code on both databases, and
/// nothing in EF's model could describe a partitioned table.
/// </summary>
public sealed class AnprReadStore(WaymarkDb db)
{
    public const string SqliteDayPrefix = "anpr_reads_";

    private const string Columns = "plate, read_at, camera_id, format, confidence, lane, image_ref";

    private static readonly ConcurrentDictionary<string, bool> SchemaReady = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, bool> KnownDays = new(StringComparer.Ordinal);

    private static readonly DateTime Epoch = DateTime.UnixEpoch;

    public static long ToMs(DateTime utc) => (utc.Ticks - Epoch.Ticks) / TimeSpan.TicksPerMillisecond;

    public static DateTime FromMs(long ms) => new(Epoch.Ticks + (ms * TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);

    public static int DayOf(long ms) => (int)Math.Floor(ms / 86_400_000.0);

    private static string DayName(int day) => SqliteDayPrefix + FromMs(day * 86_400_000L).ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    private static int? DayFromName(string name) =>
        name.Length == SqliteDayPrefix.Length + 8 &&
        DateTime.TryParseExact(name.AsSpan(SqliteDayPrefix.Length), "yyyyMMdd", CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var d)
            ? DayOf(ToMs(d)) : null;

    private string Key(string what) => $"{db.Provider}|{db.Database.GetConnectionString()}|{what}";

    /// <summary>Creates the PostgreSQL parent table (partitioned) if missing; SQLite needs nothing until a day's first read.</summary>
    public async Task EnsureSchemaAsync(CancellationToken ct)
    {
        if (db.Provider != DatabaseProvider.Postgres || SchemaReady.ContainsKey(Key("schema")))
        {
            return;
        }

        await db.Database.ExecuteSqlRawAsync("""
            CREATE TABLE IF NOT EXISTS anpr_reads (
                plate text NOT NULL,
                read_at timestamptz NOT NULL,
                camera_id integer NOT NULL,
                format smallint NOT NULL,
                confidence smallint,
                lane smallint,
                image_ref text,
                PRIMARY KEY (plate, read_at, camera_id)
            ) PARTITION BY RANGE (read_at);
            CREATE INDEX IF NOT EXISTS ix_anpr_reads_camera_time ON anpr_reads (camera_id, read_at);
            """, ct);
        SchemaReady[Key("schema")] = true;
    }

    /// <summary>
    /// Stores the batch inside the caller's open transaction, setting <see cref="IncomingRead.Stored"/> on each read that
    /// was new; returns how many were. The caller commits (and only then acknowledges).
    /// </summary>
    public Task<int> WriteAsync(ReadBatch batch, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Reads are written inside the batch's transaction.");
        }

        return batch.Count == 0 ? Task.FromResult(0)
            : db.Provider == DatabaseProvider.Postgres ? WritePostgresAsync(batch, ct)
            : Task.FromResult(WriteSqlite(batch, ct));
    }

    private int WriteSqlite(ReadBatch batch, CancellationToken ct)
    {
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        var handle = connection.Handle!;
        // Reads arrive in plate order within no day: each insert lands at a random place in the day's primary key. With
        // SQLite's default 2 MiB page cache every insert would fetch its page again; 256 MiB holds a busy day's upper
        // b-tree levels and the pages being filled (the cache is the connection's; pooled connections keep it).
        Check(raw.sqlite3_exec(handle, "PRAGMA cache_size = -262144"), handle);
        var statements = new Dictionary<int, sqlite3_stmt>();
        var stored = 0;
        try
        {
            var reads = batch.Reads;
            foreach (var i in KeyOrder(batch))
            {
                if ((i & 4095) == 0)
                {
                    ct.ThrowIfCancellationRequested();
                }

                ref var read = ref reads[i];
                var day = DayOf(read.AtMs);
                if (!statements.TryGetValue(day, out var stmt))
                {
                    var table = DayName(day);
                    EnsureSqliteDay(handle, table);
                    Check(raw.sqlite3_prepare_v2(handle, $"INSERT INTO {table} ({Columns}) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", out stmt), handle);
                    statements[day] = stmt;
                }

                Check(raw.sqlite3_bind_text16(stmt, 1, batch.PlateOf(read)), handle);
                Check(raw.sqlite3_bind_int64(stmt, 2, read.AtMs), handle);
                Check(raw.sqlite3_bind_int(stmt, 3, read.CameraId), handle);
                Check(raw.sqlite3_bind_int(stmt, 4, (int)read.Format), handle);
                Check(read.Confidence < 0 ? raw.sqlite3_bind_null(stmt, 5) : raw.sqlite3_bind_int(stmt, 5, read.Confidence), handle);
                Check(read.Lane <= 0 ? raw.sqlite3_bind_null(stmt, 6) : raw.sqlite3_bind_int(stmt, 6, read.Lane), handle);
                Check(read.ImageRef is null ? raw.sqlite3_bind_null(stmt, 7) : raw.sqlite3_bind_text(stmt, 7, read.ImageRef), handle);
                var rc = raw.sqlite3_step(stmt);
                raw.sqlite3_reset(stmt);
                if (rc != raw.SQLITE_DONE)
                {
                    Check(rc, handle);
                }

                read.Stored = raw.sqlite3_changes(handle) == 1;
                stored += read.Stored ? 1 : 0;
            }
        }
        finally
        {
            foreach (var stmt in statements.Values)
            {
                stmt.Dispose();
            }
        }

        return stored;
    }

    /// <summary>
    /// The batch's reads in the order of the day tables' primary key (day, plate, time, camera). Inserted in that order,
    /// consecutive reads of a batch land on the same or the next leaf of the b-tree, so each page is fetched and dirtied
    /// once per batch instead of once per read.
    /// </summary>
    private static int[] KeyOrder(ReadBatch batch)
    {
        var order = new int[batch.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        var reads = batch.Reads;
        Array.Sort(order, (a, b) =>
        {
            ref readonly var x = ref reads[a];
            ref readonly var y = ref reads[b];
            var c = DayOf(x.AtMs).CompareTo(DayOf(y.AtMs));
            if (c == 0)
            {
                c = batch.PlateOf(x).SequenceCompareTo(batch.PlateOf(y));
            }

            if (c == 0)
            {
                c = x.AtMs.CompareTo(y.AtMs);
            }

            return c != 0 ? c : x.CameraId.CompareTo(y.CameraId);
        });
        return order;
    }

    private void EnsureSqliteDay(sqlite3 handle, string table)
    {
        var key = Key(table);
        if (KnownDays.ContainsKey(key))
        {
            return;
        }

        var sql = $"""
            CREATE TABLE IF NOT EXISTS {table} (
                plate TEXT NOT NULL,
                read_at INTEGER NOT NULL,
                camera_id INTEGER NOT NULL,
                format INTEGER NOT NULL,
                confidence INTEGER,
                lane INTEGER,
                image_ref TEXT,
                PRIMARY KEY (plate, read_at, camera_id)
            ) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS ix_{table}_camera_time ON {table} (camera_id, read_at);
            """;
        Check(raw.sqlite3_exec(handle, sql), handle);
        // Remembered only once committed would be exact; a day created in a transaction that rolls back is re-created
        // by IF NOT EXISTS the next time because the cache is cleared on any failure (see Forget).
        KnownDays[key] = true;
    }

    /// <summary>Forgets which day tables exist (after a rolled-back batch, a purge, or another process's purge).</summary>
    public static void Forget() => KnownDays.Clear();

    private static void Check(int rc, sqlite3 handle)
    {
        if (rc != raw.SQLITE_OK && rc != raw.SQLITE_DONE && rc != raw.SQLITE_ROW)
        {
            throw new SqliteException(raw.sqlite3_errmsg(handle).utf8_to_string(), rc);
        }
    }

    private async Task<int> WritePostgresAsync(ReadBatch batch, CancellationToken ct)
    {
        await EnsureSchemaAsync(ct);
        var pg = (NpgsqlConnection)db.Database.GetDbConnection();
        var tx = (NpgsqlTransaction)db.Database.CurrentTransaction!.GetDbTransaction();

        var days = new HashSet<int>();
        for (var i = 0; i < batch.Count; i++)
        {
            days.Add(DayOf(batch.Reads[i].AtMs));
        }

        foreach (var day in days)
        {
            await EnsurePostgresDayAsync(pg, tx, day, ct);
        }

        await using (var create = new NpgsqlCommand(
            "CREATE TEMP TABLE IF NOT EXISTS anpr_incoming (seq integer, plate text, read_at timestamptz, camera_id integer, format smallint, confidence smallint, lane smallint, image_ref text) ON COMMIT DROP; TRUNCATE anpr_incoming;",
            pg, tx))
        {
            await create.ExecuteNonQueryAsync(ct);
        }

        await using (var copy = await pg.BeginBinaryImportAsync("COPY anpr_incoming (seq, plate, read_at, camera_id, format, confidence, lane, image_ref) FROM STDIN (FORMAT BINARY)", ct))
        {
            for (var i = 0; i < batch.Count; i++)
            {
                var read = batch.Reads[i];
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(i, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(batch.PlateString(read), NpgsqlDbType.Text, ct);
                await copy.WriteAsync(FromMs(read.AtMs), NpgsqlDbType.TimestampTz, ct);
                await copy.WriteAsync(read.CameraId, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync((short)read.Format, NpgsqlDbType.Smallint, ct);
                if (read.Confidence < 0)
                {
                    await copy.WriteNullAsync(ct);
                }
                else
                {
                    await copy.WriteAsync(read.Confidence, NpgsqlDbType.Smallint, ct);
                }

                if (read.Lane <= 0)
                {
                    await copy.WriteNullAsync(ct);
                }
                else
                {
                    await copy.WriteAsync(read.Lane, NpgsqlDbType.Smallint, ct);
                }

                if (read.ImageRef is null)
                {
                    await copy.WriteNullAsync(ct);
                }
                else
                {
                    await copy.WriteAsync(read.ImageRef, NpgsqlDbType.Text, ct);
                }
            }

            await copy.CompleteAsync(ct);
        }

        // The first of each (plate, time, camera) in the batch is the one that may be new; RETURNING names the rows
        // actually inserted, so duplicates (already stored, or repeated within the batch) are known per read.
        var stored = 0;
        await using var insert = new NpgsqlCommand($"""
            WITH firsts AS (SELECT DISTINCT ON (plate, read_at, camera_id) * FROM anpr_incoming ORDER BY plate, read_at, camera_id, seq),
                 ins AS (INSERT INTO anpr_reads ({Columns}) SELECT {Columns} FROM firsts ON CONFLICT DO NOTHING RETURNING plate, read_at, camera_id)
            SELECT f.seq FROM ins JOIN firsts f USING (plate, read_at, camera_id)
            """, pg, tx);
        await using (var reader = await insert.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                batch.Reads[reader.GetInt32(0)].Stored = true;
                stored++;
            }
        }

        return stored;
    }

    private async Task EnsurePostgresDayAsync(NpgsqlConnection pg, NpgsqlTransaction tx, int day, CancellationToken ct)
    {
        var table = DayName(day);
        var key = Key(table);
        if (KnownDays.ContainsKey(key))
        {
            return;
        }

        var from = FromMs(day * 86_400_000L);
        // Two processes creating the same partition would race on IF NOT EXISTS: serialise on an advisory lock.
        await using var cmd = new NpgsqlCommand($"""
            SELECT pg_advisory_xact_lock(7365827201);
            CREATE TABLE IF NOT EXISTS {table} PARTITION OF anpr_reads
                FOR VALUES FROM ('{from:yyyy-MM-dd} 00:00:00+00') TO ('{from.AddDays(1):yyyy-MM-dd} 00:00:00+00');
            """, pg, tx);
        await cmd.ExecuteNonQueryAsync(ct);
        KnownDays[key] = true;
    }

    /// <summary>The days (as day numbers since the epoch) that hold reads, oldest first.</summary>
    public async Task<List<int>> DaysAsync(CancellationToken ct)
    {
        await EnsureSchemaAsync(ct);
        var sql = db.Provider == DatabaseProvider.Postgres
            ? "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'anpr_reads'"
            : $"SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '{SqliteDayPrefix}%'";
        var days = new List<int>();
        await using var cmd = await CommandAsync(sql, ct);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            if (DayFromName(reader.GetString(0)) is { } day)
            {
                days.Add(day);
            }
        }

        days.Sort();
        return days;
    }

    /// <summary>Drops every day wholly before <paramref name="cutoff"/>; returns the days dropped.</summary>
    public async Task<List<DateOnly>> PurgeBeforeAsync(DateTime cutoff, CancellationToken ct)
    {
        var last = DayOf(ToMs(cutoff)) - 1;
        var dropped = new List<DateOnly>();
        foreach (var day in await DaysAsync(ct))
        {
            if (day > last)
            {
                break;
            }

            await using var cmd = await CommandAsync($"DROP TABLE IF EXISTS {DayName(day)}", ct);
            await cmd.ExecuteNonQueryAsync(ct);
            dropped.Add(DateOnly.FromDateTime(FromMs(day * 86_400_000L)));
        }

        Forget();
        return dropped;
    }

    /// <summary>Every read of <paramref name="plate"/> (normal form) from <paramref name="from"/> to <paramref name="to"/>, in time order.</summary>
    public Task<List<AnprRead>> ByPlateAsync(string plate, DateTime from, DateTime to, CancellationToken ct) =>
        SelectAsync("plate = @plate", from, to, c => Add(c, "@plate", plate), ct);

    /// <summary>Every read at the given cameras in the window, in time order.</summary>
    public Task<List<AnprRead>> AtCamerasAsync(IReadOnlyCollection<int> cameras, DateTime from, DateTime to, CancellationToken ct) =>
        cameras.Count == 0 ? Task.FromResult(new List<AnprRead>())
            : SelectAsync($"camera_id IN ({string.Join(',', cameras.Select(c => c.ToString(CultureInfo.InvariantCulture)))})", from, to, _ => { }, ct);

    /// <summary>Reads per camera and hour (UTC hour start) in the window, at the given cameras or at all.</summary>
    public async Task<List<(int CameraId, DateTime Hour, long Count)>> CountsAsync(IReadOnlyCollection<int>? cameras, DateTime from, DateTime to, CancellationToken ct)
    {
        var filter = cameras is { Count: > 0 } ? $" AND camera_id IN ({string.Join(',', cameras.Select(c => c.ToString(CultureInfo.InvariantCulture)))})" : "";
        var result = new List<(int, DateTime, long)>();
        if (db.Provider == DatabaseProvider.Postgres)
        {
            await EnsureSchemaAsync(ct);
            await using var cmd = await CommandAsync(
                $"SELECT camera_id, date_trunc('hour', read_at) AS h, count(*) FROM anpr_reads WHERE read_at >= @from AND read_at <= @to{filter} GROUP BY 1, 2 ORDER BY 1, 2", ct);
            Add(cmd, "@from", from);
            Add(cmd, "@to", to);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                result.Add((reader.GetInt32(0), DateTime.SpecifyKind(reader.GetDateTime(1), DateTimeKind.Utc), reader.GetInt64(2)));
            }

            return result;
        }

        foreach (var table in await SqliteTablesAsync(from, to, ct))
        {
            await using var cmd = await CommandAsync(
                $"SELECT camera_id, read_at / 3600000 AS h, count(*) FROM {table} WHERE read_at >= @from AND read_at <= @to{filter} GROUP BY 1, 2", ct);
            Add(cmd, "@from", ToMs(from));
            Add(cmd, "@to", ToMs(to));
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                result.Add((reader.GetInt32(0), FromMs(reader.GetInt64(1) * 3_600_000L), reader.GetInt64(2)));
            }
        }

        result.Sort((a, b) => a.Item1 != b.Item1 ? a.Item1.CompareTo(b.Item1) : a.Item2.CompareTo(b.Item2));
        return result;
    }

    /// <summary>How many reads are stored (all days).</summary>
    public async Task<long> CountAllAsync(CancellationToken ct)
    {
        long total = 0;
        if (db.Provider == DatabaseProvider.Postgres)
        {
            await EnsureSchemaAsync(ct);
            await using var cmd = await CommandAsync("SELECT count(*) FROM anpr_reads", ct);
            return (long)(await cmd.ExecuteScalarAsync(ct))!;
        }

        foreach (var day in await DaysAsync(ct))
        {
            await using var cmd = await CommandAsync($"SELECT count(*) FROM {DayName(day)}", ct);
            total += (long)(await cmd.ExecuteScalarAsync(ct))!;
        }

        return total;
    }

    private async Task<List<AnprRead>> SelectAsync(string where, DateTime from, DateTime to, Action<DbCommand> bind, CancellationToken ct)
    {
        var reads = new List<AnprRead>();
        if (db.Provider == DatabaseProvider.Postgres)
        {
            await EnsureSchemaAsync(ct);
            await using var cmd = await CommandAsync($"SELECT {Columns} FROM anpr_reads WHERE {where} AND read_at >= @from AND read_at <= @to ORDER BY read_at, camera_id", ct);
            bind(cmd);
            Add(cmd, "@from", from);
            Add(cmd, "@to", to);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                reads.Add(new AnprRead(reader.GetString(0), DateTime.SpecifyKind(reader.GetDateTime(1), DateTimeKind.Utc), reader.GetInt32(2),
                    (PlateFormat)reader.GetInt16(3), reader.IsDBNull(4) ? null : reader.GetInt16(4), reader.IsDBNull(5) ? null : reader.GetInt16(5),
                    reader.IsDBNull(6) ? null : reader.GetString(6)));
            }

            return reads;
        }

        var tables = await SqliteTablesAsync(from, to, ct);
        if (tables.Count == 0)
        {
            return reads;
        }

        // One statement over the days' tables: each branch is an index range on its own day.
        var sql = string.Join(" UNION ALL ", tables.Select(t => $"SELECT {Columns} FROM {t} WHERE {where} AND read_at >= @from AND read_at <= @to")) +
                  " ORDER BY read_at, camera_id";
        await using (var cmd = await CommandAsync(sql, ct))
        {
            bind(cmd);
            Add(cmd, "@from", ToMs(from));
            Add(cmd, "@to", ToMs(to));
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                reads.Add(new AnprRead(reader.GetString(0), FromMs(reader.GetInt64(1)), reader.GetInt32(2), (PlateFormat)reader.GetInt32(3),
                    reader.IsDBNull(4) ? null : reader.GetInt32(4), reader.IsDBNull(5) ? null : reader.GetInt32(5), reader.IsDBNull(6) ? null : reader.GetString(6)));
            }
        }

        return reads;
    }

    private async Task<List<string>> SqliteTablesAsync(DateTime from, DateTime to, CancellationToken ct)
    {
        var first = DayOf(ToMs(from));
        var last = DayOf(ToMs(to));
        return (await DaysAsync(ct)).Where(d => d >= first && d <= last).Select(DayName).ToList();
    }

    private async Task<DbCommand> CommandAsync(string sql, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        var cmd = db.Database.GetDbConnection().CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        return cmd;
    }

    private static void Add(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }
}
