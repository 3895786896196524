using Microsoft.EntityFrameworkCore;
using Waymark.Server.Data;
using Waymark.Server.Features.Analytics;
using Waymark.Server.Features.Auth;

namespace Waymark.Server.Features.Crimes;

/// <summary>
/// Answers a crime search's total, and picks its page, from the in-memory <see cref="CrimeSnapshot"/> instead of a
/// SQL COUNT and ORDER BY over every matching row (seconds at a million crimes); the page's rows are then read from
/// the database by id.
/// </summary>
/// <remarks>
/// Only searches the snapshot answers exactly are taken (see <see cref="SnapshotFilter"/>), and only those with a
/// spatial filter, since the snapshot holds located crimes alone. The order is the database search's: occurred-from
/// newest first, then id ascending. Ids compare alike everywhere: <see cref="Guid.CompareTo(Guid)"/> orders by the
/// canonical text left to right, which is PostgreSQL's uuid order and SQLite's order of the upper-case text EF stores.
/// Rather than trust that, the page is re-read through the compiled SQL query (filters, sharing rule and ORDER BY) and
/// must come back as exactly the ids picked, in the same order; otherwise — the database changed since the snapshot
/// last checked, or the orders disagree — the whole search is answered by SQL. The database is the truth either way.
/// </remarks>
public static class SnapshotSearch
{
    public static async Task<(int Total, List<Crime> Items)?> TryPageAsync(
        CrimeSnapshot snapshot, CrimeSearch search, CrimeSearch.Compiled compiled, Caller caller, int page, int pageSize, CancellationToken ct)
    {
        var data = await snapshot.TryGetAsync(ct);
        if (data is null || SnapshotFilter.TryCreate(data, search, caller) is not { LocatedOnly: true } filter)
        {
            return null;
        }

        var (total, ids) = Pick(data, filter, (long)(page - 1) * pageSize, pageSize);
        if (ids.Length == 0)
        {
            return (total, []);
        }

        var rows = await compiled.Query.Where(c => ids.Contains(c.Id)).ToListAsync(ct);
        if (compiled.Exact is { } exact)
        {
            rows = rows.Where(exact).ToList();
        }

        return rows.Select(c => c.Id).SequenceEqual(ids) ? (total, rows) : null;
    }

    /// <summary>The number of matches and the ids of matches number skip+1 to skip+take in the search's order.</summary>
    public static (int Total, Guid[] Ids) Pick(CrimeSnapshot.Data data, SnapshotFilter filter, long skip, int take)
    {
        var keep = (int)Math.Min(skip + take, int.MaxValue);
        var order = new PageOrder(data);

        // The best `keep` matches so far, worst at the top, so each match costs a comparison and rarely a heap update.
        var worstFirst = Comparer<int>.Create((a, b) => order.Compare(b, a));
        var best = new PriorityQueue<int, int>(worstFirst);
        var total = 0;
        for (var i = 0; i < data.Count; i++)
        {
            if (!filter.Matches(data, i))
            {
                continue;
            }

            total++;
            if (best.Count < keep)
            {
                best.Enqueue(i, i);
            }
            else if (order.Compare(i, best.Peek()) < 0)
            {
                best.EnqueueDequeue(i, i);
            }
        }

        var kept = best.UnorderedItems.Select(e => e.Element).ToArray();
        Array.Sort(kept, order);
        return (total, kept.Skip((int)Math.Min(skip, kept.Length)).Select(i => data.Ids[i]).ToArray());
    }

    /// <summary>The database search's order: occurred-from newest first, then id.</summary>
    private sealed class PageOrder(CrimeSnapshot.Data data) : IComparer<int>
    {
        public int Compare(int a, int b)
        {
            var byTime = data.From[b].CompareTo(data.From[a]);
            return byTime != 0 ? byTime : data.Ids[a].CompareTo(data.Ids[b]);
        }
    }
}
