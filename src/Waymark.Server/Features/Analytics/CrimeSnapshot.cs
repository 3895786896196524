using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using Waymark.Core.Crimes;
using Waymark.Server.Data;
using Waymark.Server.Features.Auth;
using Waymark.Server.Features.Crimes;
using Waymark.Server.Features.Sharing;

namespace Waymark.Server.Features.Analytics;

/// <summary>
/// A compact in-memory copy of every located crime's analytic fields (position, time, category, sector, owner,
/// visibility, outcome), so that maps, analyses and the search's count over a million crimes answer in milliseconds
/// rather than the seconds SQL takes. Struct-of-arrays, about 76 bytes a crime. Latitude, longitude and the occurred
/// times are kept exactly as stored (double, ticks) so that filters evaluated here give the database's answer to the
/// last bit, not an approximation of it.
/// </summary>
/// <remarks>
/// The database stays the truth: before use, a snapshot older than <see cref="MaxAge"/> checks the crimes table's
/// count and latest update, and when either changed it catches up by reading only the crimes updated since its
/// high-water mark (falling back to a full reload when the result does not add up, e.g. after a deletion), so writes
/// by other processes are seen within that time; writes in this process call <see cref="ApplyAsync"/>,
/// <see cref="CatchUpAsync"/> or <see cref="Invalidate"/> and are seen at once.
/// </remarks>
public sealed class CrimeSnapshot(IServiceScopeFactory scopes, TimeProvider clock) : IDisposable
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(2);

    /// <summary>
    /// More new crimes than this since the last check are read by a full reload: its plain reader is faster than
    /// materialising that many rows through EF, and a full reload is exact whatever happened.
    /// </summary>
    private const long MaxCatchUp = 250_000;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private Data? _data;
    private volatile bool _invalid = true;

    public void Invalidate() => _invalid = true;

    public void Dispose() => _gate.Dispose();

    /// <summary>The current data, brought up to date if the database changed (loaded on first use).</summary>
    public async Task<Data> GetAsync(CancellationToken ct)
    {
        var data = _data;
        if (data is not null && !_invalid && clock.GetUtcNow() - data.CheckedAt < MaxAge)
        {
            return data;
        }

        await _gate.WaitAsync(ct);
        try
        {
            return await RefreshAsync(null, ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// The current data like <see cref="GetAsync"/>, or null while the snapshot has never been loaded (the first load
    /// of a million crimes takes seconds; a caller that can ask the database instead should not wait for it).
    /// </summary>
    public async Task<Data?> TryGetAsync(CancellationToken ct) => _data is null ? null : await GetAsync(ct);

    /// <summary>
    /// Brings a loaded snapshot up to date now, reading the crimes updated at or after <paramref name="since"/> (UTC)
    /// as well as those after its own high-water mark. An import calls this after it commits, with the time it
    /// stamped on its rows: that time may be earlier than a write the snapshot has already seen, and rows committed
    /// late under an early time would otherwise only be found by a full reload.
    /// </summary>
    public async Task CatchUpAsync(DateTime since, CancellationToken ct)
    {
        if (_data is null)
        {
            return; // the first load reads everything anyway
        }

        await _gate.WaitAsync(ct);
        try
        {
            _invalid = true;
            await RefreshAsync(since, ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    // Called with the gate held.
    private async Task<Data> RefreshAsync(DateTime? since, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WaymarkDb>();
        var stamp = await StampAsync(db, ct);
        var data = _data;
        _invalid = false;
        if (data is not null && data.Stamp == stamp)
        {
            _data = data with { CheckedAt = clock.GetUtcNow() };
            return _data;
        }

        var caughtUp = data is null || stamp.Count - data.Stamp.Count > MaxCatchUp ? null : await CatchUpAsync(db, data, stamp, since, ct);
        _data = caughtUp ?? await LoadAsync(db, stamp, ct);
        return _data;
    }

    private static async Task<Stamp> StampAsync(WaymarkDb db, CancellationToken ct)
    {
        var count = await db.Crimes.CountAsync(ct);
        var latest = count == 0 ? DateTime.MinValue : await db.Crimes.MaxAsync(c => c.UpdatedAt, ct);
        return new Stamp(count, Micros(latest));
    }

    // Microseconds: the finest instant both databases keep (PostgreSQL truncates to it), so a stamp made here
    // matches the one read back.
    private static long Micros(DateTime time) => time.Ticks / 10;

    /// <summary>
    /// Merges the crimes updated since the high-water mark into a copy of <paramref name="data"/>: updated ones
    /// replaced in place, new ones appended, ones that lost their location removed. Null when the merged copy does
    /// not account for the database's count (a deletion, or a row committed with an update time older than the mark
    /// by another process): only a full reload is exact then.
    /// </summary>
    private async Task<Data?> CatchUpAsync(WaymarkDb db, Data data, Stamp stamp, DateTime? since, CancellationToken ct)
    {
        // Strictly after the mark: a bulk write stamps every row with one time, so ">=" would re-read a million rows.
        // A row written later within the mark's own microsecond is missed, and the count check below sends that case
        // to a full reload. An import's rows carry its start exactly, hence ">=" for `since`.
        var mark = new DateTime((data.Stamp.LatestMicros * 10) + 9, DateTimeKind.Utc);
        var changed = db.Crimes.AsNoTracking().Where(c => c.UpdatedAt > mark);
        if (since is { } s)
        {
            var from = DateTime.SpecifyKind(s, DateTimeKind.Utc);
            changed = db.Crimes.AsNoTracking().Where(c => c.UpdatedAt > mark || c.UpdatedAt >= from);
        }

        var rows = await changed
            .Select(c => new Row(c.Id, c.Latitude, c.Longitude, c.Easting, c.Northing, c.OccurredFrom, c.OccurredTo,
                c.Category, c.Sector, c.OwnerOrganisationId, c.Visibility, c.OutcomeType, c.UpdatedAt))
            .ToListAsync(ct);

        var rowOf = new Dictionary<Guid, int>(rows.Count);
        for (var r = 0; r < rows.Count; r++)
        {
            rowOf[rows[r].Id] = r;
        }

        var at = new int[rows.Count];
        Array.Fill(at, -1);
        var found = 0;
        for (var i = 0; i < data.Ids.Length && found < rows.Count; i++)
        {
            if (rowOf.TryGetValue(data.Ids[i], out var r))
            {
                at[r] = i;
                found++;
            }
        }

        var appended = 0;
        for (var r = 0; r < rows.Count; r++)
        {
            appended += rows[r].Latitude is not null && at[r] < 0 ? 1 : 0;
        }

        var n = data.Count;
        var size = n + appended;
        var d = data with
        {
            Ids = Grow(data.Ids, size), Lat = Grow(data.Lat, size), Lon = Grow(data.Lon, size), X = Grow(data.X, size), Y = Grow(data.Y, size),
            From = Grow(data.From, size), To = Grow(data.To, size), Category = Grow(data.Category, size), Sector = Grow(data.Sector, size),
            Owner = Grow(data.Owner, size), Visibility = Grow(data.Visibility, size), Outcome = Grow(data.Outcome, size),
        };
        var owners = new List<Guid>(data.Owners);
        var ownerIndex = owners.Select((o, i) => (o, i)).ToDictionary(p => p.o, p => p.i);
        var unlocated = new HashSet<Guid>(data.Unlocated);
        var drop = new bool[size];
        var dropped = 0;
        var next = n;
        var fetchedLatest = long.MinValue;
        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            fetchedLatest = Math.Max(fetchedLatest, Micros(row.UpdatedAt));
            if (row.Latitude is not { } lat || row.Longitude is not { } lon)
            {
                unlocated.Add(row.Id);
                if (at[r] >= 0)
                {
                    drop[at[r]] = true;
                    dropped++;
                }

                continue;
            }

            unlocated.Remove(row.Id);
            if (!ownerIndex.TryGetValue(row.Owner, out var owner))
            {
                ownerIndex[row.Owner] = owner = owners.Count;
                owners.Add(row.Owner);
            }

            Set(d, at[r] >= 0 ? at[r] : next++, row.Id, lat, lon, row.Easting, row.Northing, row.OccurredFrom, row.OccurredTo,
                row.Category, row.Sector, owner, row.Visibility, row.OutcomeType);
        }

        var latest = Math.Max(data.Stamp.LatestMicros, fetchedLatest);
        if (dropped > 0)
        {
            d = d with
            {
                Ids = Without(d.Ids, drop, dropped), Lat = Without(d.Lat, drop, dropped), Lon = Without(d.Lon, drop, dropped),
                X = Without(d.X, drop, dropped), Y = Without(d.Y, drop, dropped), From = Without(d.From, drop, dropped), To = Without(d.To, drop, dropped),
                Category = Without(d.Category, drop, dropped), Sector = Without(d.Sector, drop, dropped), Owner = Without(d.Owner, drop, dropped),
                Visibility = Without(d.Visibility, drop, dropped), Outcome = Without(d.Outcome, drop, dropped),
            };
        }

        // A write that landed between reading the stamp and reading the rows is included, so the copy is ahead of the
        // stamp: keep the copy's own stamp, and the next check compares it with the database and catches up again.
        // Otherwise the copy must account for the stamp exactly.
        var merged = new Stamp(size - dropped + unlocated.Count, latest);
        var ahead = fetchedLatest > stamp.LatestMicros;
        if (!ahead && merged != stamp)
        {
            return null;
        }

        return d with { Owners = [.. owners], Unlocated = unlocated, Stamp = merged, CheckedAt = clock.GetUtcNow() };
    }

    private static T[] Grow<T>(T[] source, int size)
    {
        var copy = new T[size];
        Array.Copy(source, copy, source.Length);
        return copy;
    }

    private static T[] Without<T>(T[] source, bool[] drop, int dropped)
    {
        var kept = new T[source.Length - dropped];
        var k = 0;
        for (var i = 0; i < source.Length; i++)
        {
            if (!drop[i])
            {
                kept[k++] = source[i];
            }
        }

        return kept;
    }

    private static readonly Dictionary<string, byte> CategoryIndex =
        CrimeCategories.All.Select((c, i) => (c.Slug, i)).ToDictionary(p => p.Slug, p => (byte)p.i, StringComparer.Ordinal);

    private static readonly Dictionary<string, byte> SectorIndex =
        Sector.All.Select((s, i) => (s, i)).ToDictionary(p => p.s, p => (byte)(p.i + 1), StringComparer.Ordinal);

    private static void Set(Data d, int i, Guid id, double lat, double lon, double? easting, double? northing, DateTime from, DateTime to,
        string category, string? sector, int owner, Visibility visibility, int? outcome)
    {
        d.Ids[i] = id;
        d.Lat[i] = lat;
        d.Lon[i] = lon;
        d.X[i] = easting is { } e ? (float)e : float.NaN;
        d.Y[i] = northing is { } n ? (float)n : float.NaN;
        d.From[i] = from.Ticks;
        d.To[i] = to.Ticks;
        d.Category[i] = CategoryIndex.GetValueOrDefault(category, byte.MaxValue);
        d.Sector[i] = sector is null ? (byte)0 : SectorIndex.GetValueOrDefault(sector);
        d.Owner[i] = owner;
        d.Visibility[i] = (byte)visibility;
        d.Outcome[i] = outcome is { } o ? (sbyte)o : (sbyte)-1;
    }

    /// <summary>
    /// Applies one crime just recorded (<paramref name="isNew"/>) or updated in this process, without reloading a
    /// million rows: the arrays are copied with the crime added or replaced, and the stamp moves on as the database's
    /// did. If the snapshot is not current, or another writer moved the database on too, it is simply invalidated.
    /// </summary>
    public async Task ApplyAsync(Crime crime, bool isNew, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var data = _data;

            // Times finer than a microsecond are truncated by PostgreSQL, so the stored value is not the one in hand.
            if (data is null || _invalid || crime.Latitude is not { } lat || crime.Longitude is not { } lon ||
                crime.OccurredFrom.Ticks % 10 != 0 || crime.OccurredTo.Ticks % 10 != 0 ||
                (!isNew && Array.IndexOf(data.Ids, crime.Id) < 0))
            {
                _invalid = true;
                return;
            }

            var owner = Array.IndexOf(data.Owners, crime.OwnerOrganisationId);
            var owners = owner >= 0 ? data.Owners : [.. data.Owners, crime.OwnerOrganisationId];
            owner = owner >= 0 ? owner : owners.Length - 1;
            var i = isNew ? data.Count : Array.IndexOf(data.Ids, crime.Id);
            var size = isNew ? data.Count + 1 : data.Count;
            var d = data with
            {
                Ids = Grow(data.Ids, size), Lat = Grow(data.Lat, size), Lon = Grow(data.Lon, size), X = Grow(data.X, size), Y = Grow(data.Y, size),
                From = Grow(data.From, size), To = Grow(data.To, size), Category = Grow(data.Category, size), Sector = Grow(data.Sector, size),
                Owner = Grow(data.Owner, size), Visibility = Grow(data.Visibility, size), Outcome = Grow(data.Outcome, size),
                Owners = owners,
                Stamp = new Stamp(isNew ? data.Stamp.Count + 1 : data.Stamp.Count, Math.Max(data.Stamp.LatestMicros, Micros(crime.UpdatedAt))),
            };
            Set(d, i, crime.Id, lat, lon, crime.Easting, crime.Northing, crime.OccurredFrom, crime.OccurredTo,
                crime.Category, crime.Sector, owner, crime.Visibility, crime.OutcomeType);
            _data = d;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<Data> LoadAsync(WaymarkDb db, Stamp stamp, CancellationToken ct)
    {
        var owners = new List<Guid>();
        var ownerIndex = new Dictionary<Guid, int>();
        var unlocated = new HashSet<Guid>();
        var b = new Builder();

        // A plain reader: EF materialisation of a million entities would take seconds and gigabytes.
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = "SELECT id, latitude, longitude, easting, northing, occurred_from, occurred_to, category, sector, owner_organisation_id, visibility, outcome_type FROM crimes";
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                if (reader.IsDBNull(1) || reader.IsDBNull(2))
                {
                    // Kept by id only, so that a catch-up can tell a crime that lost its location from a new one.
                    unlocated.Add(ReadGuid(reader, 0));
                    continue;
                }

                var owner = ReadGuid(reader, 9);
                if (!ownerIndex.TryGetValue(owner, out var o))
                {
                    ownerIndex[owner] = o = owners.Count;
                    owners.Add(owner);
                }

                b.Add(
                    ReadGuid(reader, 0),
                    reader.GetDouble(1), reader.GetDouble(2),
                    reader.IsDBNull(3) ? float.NaN : (float)reader.GetDouble(3),
                    reader.IsDBNull(4) ? float.NaN : (float)reader.GetDouble(4),
                    ReadTime(reader, 5).Ticks, ReadTime(reader, 6).Ticks,
                    CategoryIndex.GetValueOrDefault(reader.GetString(7), byte.MaxValue),
                    reader.IsDBNull(8) ? (byte)0 : SectorIndex.GetValueOrDefault(reader.GetString(8)),
                    o,
                    (byte)Enum.Parse<Visibility>(reader.GetString(10)),
                    reader.IsDBNull(11) ? (sbyte)-1 : (sbyte)reader.GetInt32(11));
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return b.Build([.. owners], unlocated, stamp, clock.GetUtcNow());
    }

    private static Guid ReadGuid(DbDataReader reader, int i) =>
        reader.GetFieldType(i) == typeof(Guid) ? reader.GetGuid(i) : Guid.Parse(reader.GetString(i));

    private static DateTime ReadTime(DbDataReader reader, int i) =>
        reader.GetFieldType(i) == typeof(string)
            ? DateTime.SpecifyKind(DateTime.Parse(reader.GetString(i), System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc)
            : DateTime.SpecifyKind(reader.GetDateTime(i), DateTimeKind.Utc);

    /// <summary>What the database looked like when the data was read: every crime's count and the latest update (µs).</summary>
    public readonly record struct Stamp(long Count, long LatestMicros);

    private sealed record Row(Guid Id, double? Latitude, double? Longitude, double? Easting, double? Northing, DateTime OccurredFrom, DateTime OccurredTo,
        string Category, string? Sector, Guid Owner, Visibility Visibility, int? OutcomeType, DateTime UpdatedAt);

    /// <summary>
    /// The arrays. Index i is one located crime: WGS84 latitude/longitude in degrees as stored, X/Y British National
    /// Grid metres (NaN where it does not apply), From/To the occurred window in UTC ticks as stored. Crimes without a
    /// location are held by id only, in <see cref="Unlocated"/>.
    /// </summary>
    public sealed record Data(
        Guid[] Ids, double[] Lat, double[] Lon, float[] X, float[] Y, long[] From, long[] To,
        byte[] Category, byte[] Sector, int[] Owner, byte[] Visibility, sbyte[] Outcome,
        Guid[] Owners, IReadOnlySet<Guid> Unlocated, Stamp Stamp, DateTimeOffset CheckedAt)
    {
        public int Count => Ids.Length;
    }

    private sealed class Builder
    {
        private readonly List<Guid> _ids = [];
        private readonly List<double> _lat = [], _lon = [];
        private readonly List<float> _x = [], _y = [];
        private readonly List<long> _from = [], _to = [];
        private readonly List<int> _owner = [];
        private readonly List<byte> _category = [], _sector = [], _visibility = [];
        private readonly List<sbyte> _outcome = [];

        public void Add(Guid id, double lat, double lon, float x, float y, long from, long to, byte category, byte sector, int owner, byte visibility, sbyte outcome)
        {
            _ids.Add(id);
            _lat.Add(lat);
            _lon.Add(lon);
            _x.Add(x);
            _y.Add(y);
            _from.Add(from);
            _to.Add(to);
            _category.Add(category);
            _sector.Add(sector);
            _owner.Add(owner);
            _visibility.Add(visibility);
            _outcome.Add(outcome);
        }

        public Data Build(Guid[] owners, IReadOnlySet<Guid> unlocated, Stamp stamp, DateTimeOffset at) => new(
            [.. _ids], [.. _lat], [.. _lon], [.. _x], [.. _y], [.. _from], [.. _to],
            [.. _category], [.. _sector], [.. _owner], [.. _visibility], [.. _outcome], owners, unlocated, stamp, at);
    }
}

/// <summary>
/// The crime filters applied to a <see cref="CrimeSnapshot"/>, with exactly the meaning <see cref="CrimeSearch"/>
/// gives them in SQL: the same comparisons on the same stored values (latitude/longitude as doubles, times as ticks),
/// the same boxes, the same polygon test and the same great-circle distance, and the same sharing rule
/// (<see cref="SharingRules.CanSee(Visibility, Guid, Caller)"/>). Free text needs the database; <see cref="TryCreate"/>
/// declines it, and any input whose database answer could depend on the provider's own rounding.
/// </summary>
public sealed class SnapshotFilter
{
    private readonly bool[] _visibleOwnerVisibility; // [owner * 3 + visibility]
    private readonly bool[]? _categories;
    private readonly bool[]? _sectors;
    private readonly bool[]? _owners;
    private readonly long _from = long.MinValue, _to = long.MaxValue;
    private readonly (double MinLat, double MinLon, double MaxLat, double MaxLon)? _box;
    private readonly IPreparedGeometry? _polygon;
    private readonly (double Lat, double Lon, double Radius)? _circle;

    private SnapshotFilter(CrimeSnapshot.Data data, CrimeSearch search, Caller caller)
    {
        _visibleOwnerVisibility = new bool[data.Owners.Length * 3];
        for (var o = 0; o < data.Owners.Length; o++)
        {
            for (var v = 0; v < 3; v++)
            {
                _visibleOwnerVisibility[(o * 3) + v] = SharingRules.CanSee((Visibility)v, data.Owners[o], caller);
            }
        }

        if (search.Category is { Length: > 0 })
        {
            _categories = new bool[256];
            foreach (var slug in Split(search.Category).SelectMany(CrimeCategories.Expand))
            {
                var i = CrimeCategories.All.ToList().FindIndex(c => c.Slug == slug);
                _categories[i] = true;
            }
        }

        if (search.Sector is { Length: > 0 })
        {
            _sectors = new bool[256];
            foreach (var s in Split(search.Sector))
            {
                _sectors[Sector.All.ToList().IndexOf(s) + 1] = true;
            }
        }

        if (search.Owner is { Length: > 0 })
        {
            var wanted = Split(search.Owner).Select(o => o.Equals("mine", StringComparison.OrdinalIgnoreCase) ? caller.OrganisationId : Guid.Parse(o)).ToHashSet();
            _owners = data.Owners.Select(wanted.Contains).ToArray();
        }

        if (search.From is { } f)
        {
            _from = f.UtcDateTime.Ticks;
        }

        if (search.To is { } t)
        {
            _to = t.UtcDateTime.Ticks;
        }

        // The database search narrows by one lat/lon box per spatial filter; their intersection is the same test.
        (double MinLat, double MinLon, double MaxLat, double MaxLon)? box = null;
        void Narrow(double minLon, double minLat, double maxLon, double maxLat) =>
            box = box is not { } b ? (minLat, minLon, maxLat, maxLon)
                : (Math.Max(b.MinLat, minLat), Math.Max(b.MinLon, minLon), Math.Min(b.MaxLat, maxLat), Math.Min(b.MaxLon, maxLon));

        if (!string.IsNullOrWhiteSpace(search.Bbox))
        {
            var v = search.Bbox.Split(',').Select(p => double.Parse(p, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            Narrow(v[0], v[1], v[2], v[3]);
        }

        if (!string.IsNullOrWhiteSpace(search.Polygon) && CrimeSearch.ParsePolygon(search.Polygon) is { } polygon)
        {
            var env = polygon.EnvelopeInternal;
            Narrow(env.MinX, env.MinY, env.MaxX, env.MaxY);
            _polygon = PreparedGeometryFactory.Prepare(polygon);
        }

        if (search.Lat is { } lat && search.Lon is { } lon && search.Radius is { } r)
        {
            var around = CrimeSearch.RadiusBox(lat, lon, r);
            Narrow(around.MinLon, around.MinLat, around.MaxLon, around.MaxLat);
            _circle = (lat, lon, r);
        }

        _box = box;
    }

    /// <summary>
    /// True when the search has a spatial filter (bbox, polygon or radius). Only then does the database search, like
    /// the snapshot, consider located crimes alone, so only then are the snapshot's counts the search's counts.
    /// </summary>
    public bool LocatedOnly => _box is not null;

    /// <summary>A filter for the snapshot, or null when the search needs the database (free text) or is invalid.</summary>
    public static SnapshotFilter? TryCreate(CrimeSnapshot.Data data, CrimeSearch search, Caller caller)
    {
        if (!string.IsNullOrWhiteSpace(search.Q))
        {
            return null;
        }

        // A sector the snapshot has no code for could still be stored by some other writer: let SQL compare the text.
        if (search.Sector is { Length: > 0 } && Split(search.Sector).Any(s => !Sector.All.Contains(s)))
        {
            return null;
        }

        // PostgreSQL keeps microseconds and truncates a finer parameter; the snapshot compares ticks. Agree by declining.
        if ((search.From is { } f && f.UtcDateTime.Ticks % 10 != 0) || (search.To is { } t && t.UtcDateTime.Ticks % 10 != 0))
        {
            return null;
        }

        // Validate exactly as the database search does, so both paths refuse the same input.
        var (compiled, _) = search.Compile(Enumerable.Empty<Crime>().AsQueryable(), caller);
        return compiled is null ? null : new SnapshotFilter(data, search, caller);
    }

    public bool Matches(CrimeSnapshot.Data d, int i)
    {
        if (!_visibleOwnerVisibility[(d.Owner[i] * 3) + d.Visibility[i]] || d.To[i] < _from || d.From[i] > _to)
        {
            return false;
        }

        if ((_categories is not null && !_categories[d.Category[i]]) || (_sectors is not null && !_sectors[d.Sector[i]]) || (_owners is not null && !_owners[d.Owner[i]]))
        {
            return false;
        }

        if (_box is { } b && (d.Lat[i] < b.MinLat || d.Lat[i] > b.MaxLat || d.Lon[i] < b.MinLon || d.Lon[i] > b.MaxLon))
        {
            return false;
        }

        if (_polygon is not null && !_polygon.Covers(new Point(d.Lon[i], d.Lat[i])))
        {
            return false;
        }

        return _circle is not { } c || CrimeSearch.Haversine(c.Lat, c.Lon, d.Lat[i], d.Lon[i]) <= c.Radius;
    }

    private static IEnumerable<string> Split(string[] values) =>
        values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct();
}
