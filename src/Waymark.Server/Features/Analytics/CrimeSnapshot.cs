using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Waymark.Core.Crimes;
using Waymark.Server.Data;
using Waymark.Server.Features.Auth;
using Waymark.Server.Features.Crimes;
using Waymark.Server.Features.Sharing;

namespace Waymark.Server.Features.Analytics;

/// <summary>
/// A compact in-memory copy of every located crime's analytic fields (position, time, category, sector, owner,
/// visibility, outcome), so that maps and analyses over a million crimes answer in milliseconds rather than the
/// second a SQL GROUP BY takes. Struct-of-arrays, about 60 bytes a crime.
/// </summary>
/// <remarks>
/// The database stays the truth: before use, a snapshot older than <see cref="MaxAge"/> checks the crimes table's
/// count and latest update and reloads when either changed, so writes by other processes are seen within that
/// time; writes in this process call <see cref="Invalidate"/> and are seen at once.
/// </remarks>
public sealed class CrimeSnapshot(IServiceScopeFactory scopes, TimeProvider clock) : IDisposable
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(2);

    private static readonly DateTime Epoch = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Data? _data;
    private volatile bool _invalid = true;

    public void Invalidate() => _invalid = true;

    public void Dispose() => _gate.Dispose();

    /// <summary>The current data, reloaded if the database changed.</summary>
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
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<WaymarkDb>();
            var stamp = await StampAsync(db, ct);
            if (_data is not null && _data.Stamp == stamp)
            {
                _invalid = false;
                _data = _data with { CheckedAt = clock.GetUtcNow() };
                return _data;
            }

            _invalid = false;
            _data = await LoadAsync(db, stamp, ct);
            return _data;
        }
        finally
        {
            _gate.Release();
        }
    }

    private static async Task<string> StampAsync(WaymarkDb db, CancellationToken ct)
    {
        var count = await db.Crimes.CountAsync(ct);
        var latest = count == 0 ? DateTime.MinValue : await db.Crimes.MaxAsync(c => c.UpdatedAt, ct);
        return Stamp(count, latest);
    }

    // Microseconds: the finest instant both databases keep, so a stamp made here matches the one read back.
    private static string Stamp(long count, DateTime latest) => $"{count}:{latest.Ticks / 10}";

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
            if (data is null || _invalid || crime.Latitude is null || !TryParseStamp(data.Stamp, out var count, out var latest) ||
                (!isNew && Array.IndexOf(data.Ids, crime.Id) < 0))
            {
                _invalid = true;
                return;
            }

            var owner = Array.IndexOf(data.Owners, crime.OwnerOrganisationId);
            var owners = owner >= 0 ? data.Owners : [.. data.Owners, crime.OwnerOrganisationId];
            owner = owner >= 0 ? owner : owners.Length - 1;
            var i = isNew ? data.Count : Array.IndexOf(data.Ids, crime.Id);
            T[] Put<T>(T[] source, T value)
            {
                var copy = new T[isNew ? source.Length + 1 : source.Length];
                Array.Copy(source, copy, source.Length);
                copy[i] = value;
                return copy;
            }

            var category = CrimeCategories.All.Select(c => c.Slug).ToList().IndexOf(crime.Category);
            var sector = crime.Sector is null ? 0 : Sector.All.ToList().IndexOf(crime.Sector) + 1;
            _data = data with
            {
                Ids = Put(data.Ids, crime.Id),
                Lat = Put(data.Lat, (float)crime.Latitude!.Value),
                Lon = Put(data.Lon, (float)crime.Longitude!.Value),
                X = Put(data.X, crime.Easting is { } e ? (float)e : float.NaN),
                Y = Put(data.Y, crime.Northing is { } n ? (float)n : float.NaN),
                From = Put(data.From, Minutes(crime.OccurredFrom)),
                To = Put(data.To, Minutes(crime.OccurredTo)),
                Category = Put(data.Category, category < 0 ? byte.MaxValue : (byte)category),
                Sector = Put(data.Sector, (byte)Math.Max(sector, 0)),
                Owner = Put(data.Owner, owner),
                Visibility = Put(data.Visibility, (byte)crime.Visibility),
                Outcome = Put(data.Outcome, crime.OutcomeType is { } o ? (sbyte)o : (sbyte)-1),
                Owners = owners,
                Stamp = Stamp(isNew ? count + 1 : count, crime.UpdatedAt > latest ? crime.UpdatedAt : latest),
            };
        }
        finally
        {
            _gate.Release();
        }
    }

    private static bool TryParseStamp(string stamp, out long count, out DateTime latest)
    {
        var parts = stamp.Split(':');
        count = 0;
        latest = default;
        if (parts.Length != 2 || !long.TryParse(parts[0], System.Globalization.CultureInfo.InvariantCulture, out count) ||
            !long.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var ticks))
        {
            return false;
        }

        latest = new DateTime(ticks * 10, DateTimeKind.Utc);
        return true;
    }

    private async Task<Data> LoadAsync(WaymarkDb db, string stamp, CancellationToken ct)
    {
        var categories = CrimeCategories.All.Select((c, i) => (c.Slug, i)).ToDictionary(p => p.Slug, p => (byte)p.i, StringComparer.Ordinal);
        var sectors = Sector.All.Select((s, i) => (s, i)).ToDictionary(p => p.s, p => (byte)(p.i + 1), StringComparer.Ordinal);
        var owners = new List<Guid>();
        var ownerIndex = new Dictionary<Guid, int>();
        var b = new Builder();

        // A plain reader: EF materialisation of a million entities would take seconds and gigabytes.
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = "SELECT id, latitude, longitude, easting, northing, occurred_from, occurred_to, category, sector, owner_organisation_id, visibility, outcome_type FROM crimes WHERE latitude IS NOT NULL";
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var owner = ReadGuid(reader, 9);
                if (!ownerIndex.TryGetValue(owner, out var o))
                {
                    ownerIndex[owner] = o = owners.Count;
                    owners.Add(owner);
                }

                b.Add(
                    ReadGuid(reader, 0),
                    (float)reader.GetDouble(1), (float)reader.GetDouble(2),
                    reader.IsDBNull(3) ? float.NaN : (float)reader.GetDouble(3),
                    reader.IsDBNull(4) ? float.NaN : (float)reader.GetDouble(4),
                    Minutes(ReadTime(reader, 5)), Minutes(ReadTime(reader, 6)),
                    categories.GetValueOrDefault(reader.GetString(7), byte.MaxValue),
                    reader.IsDBNull(8) ? (byte)0 : sectors.GetValueOrDefault(reader.GetString(8)),
                    o,
                    (byte)Enum.Parse<Visibility>(reader.GetString(10)),
                    reader.IsDBNull(11) ? (sbyte)-1 : (sbyte)reader.GetInt32(11));
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return b.Build(owners.ToArray(), stamp, clock.GetUtcNow());
    }

    private static Guid ReadGuid(DbDataReader reader, int i) =>
        reader.GetFieldType(i) == typeof(Guid) ? reader.GetGuid(i) : Guid.Parse(reader.GetString(i));

    private static DateTime ReadTime(DbDataReader reader, int i) =>
        reader.GetFieldType(i) == typeof(string)
            ? DateTime.SpecifyKind(DateTime.Parse(reader.GetString(i), System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc)
            : DateTime.SpecifyKind(reader.GetDateTime(i), DateTimeKind.Utc);

    public static int Minutes(DateTime utc) => (int)((utc - Epoch).Ticks / TimeSpan.TicksPerMinute);

    public static DateTime FromMinutes(int minutes) => Epoch.AddMinutes(minutes);

    /// <summary>The arrays. Index i is one located crime; X/Y are NaN where British National Grid does not apply.</summary>
    public sealed record Data(
        Guid[] Ids, float[] Lat, float[] Lon, float[] X, float[] Y, int[] From, int[] To,
        byte[] Category, byte[] Sector, int[] Owner, byte[] Visibility, sbyte[] Outcome,
        Guid[] Owners, string Stamp, DateTimeOffset CheckedAt)
    {
        public int Count => Ids.Length;
    }

    private sealed class Builder
    {
        private readonly List<Guid> _ids = [];
        private readonly List<float> _lat = [], _lon = [], _x = [], _y = [];
        private readonly List<int> _from = [], _to = [], _owner = [];
        private readonly List<byte> _category = [], _sector = [], _visibility = [];
        private readonly List<sbyte> _outcome = [];

        public void Add(Guid id, float lat, float lon, float x, float y, int from, int to, byte category, byte sector, int owner, byte visibility, sbyte outcome)
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

        public Data Build(Guid[] owners, string stamp, DateTimeOffset at) => new(
            [.. _ids], [.. _lat], [.. _lon], [.. _x], [.. _y], [.. _from], [.. _to],
            [.. _category], [.. _sector], [.. _owner], [.. _visibility], [.. _outcome], owners, stamp, at);
    }
}

/// <summary>
/// The crime filters applied to a <see cref="CrimeSnapshot"/>: the same meaning as <see cref="CrimeSearch"/> and the
/// same sharing rule (<see cref="SharingRules.CanSee(Visibility, Guid, Caller)"/>). Free text and polygons need the
/// database; <see cref="TryCreate"/> declines those.
/// </summary>
public sealed class SnapshotFilter
{
    private readonly bool[] _visibleOwnerVisibility; // [owner * 3 + visibility]
    private readonly bool[]? _categories;
    private readonly bool[]? _sectors;
    private readonly bool[]? _owners;
    private readonly int _from = int.MinValue, _to = int.MaxValue;
    private readonly (float MinLat, float MinLon, float MaxLat, float MaxLon)? _box;
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
                var i = Sector.All.ToList().IndexOf(s);
                if (i >= 0)
                {
                    _sectors[i + 1] = true;
                }
            }
        }

        if (search.Owner is { Length: > 0 })
        {
            var wanted = Split(search.Owner).Select(o => o.Equals("mine", StringComparison.OrdinalIgnoreCase) ? caller.OrganisationId : Guid.Parse(o)).ToHashSet();
            _owners = data.Owners.Select(wanted.Contains).ToArray();
        }

        if (search.From is { } f)
        {
            _from = CrimeSnapshot.Minutes(f.UtcDateTime);
        }

        if (search.To is { } t)
        {
            _to = CrimeSnapshot.Minutes(t.UtcDateTime);
        }

        if (!string.IsNullOrWhiteSpace(search.Bbox))
        {
            var v = search.Bbox.Split(',').Select(p => double.Parse(p, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            _box = ((float)v[1], (float)v[0], (float)v[3], (float)v[2]);
        }

        if (search.Lat is { } lat && search.Lon is { } lon && search.Radius is { } r)
        {
            _circle = (lat, lon, r);
        }
    }

    /// <summary>A filter for the snapshot, or null when the search needs the database (free text, polygon) or is invalid.</summary>
    public static SnapshotFilter? TryCreate(CrimeSnapshot.Data data, CrimeSearch search, Caller caller)
    {
        if (!string.IsNullOrWhiteSpace(search.Q) || !string.IsNullOrWhiteSpace(search.Polygon))
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

        return _circle is not { } c || CrimeSearch.Haversine(c.Lat, c.Lon, d.Lat[i], d.Lon[i]) <= c.Radius;
    }

    private static IEnumerable<string> Split(string[] values) =>
        values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct();
}
