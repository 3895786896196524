using Microsoft.EntityFrameworkCore;
using Waymark.Core.ScrapMetal;

namespace Waymark.Server.Features.ScrapMetal.Checks;

/// <summary>The seller (by name key) or the vehicle (by registration) on a police watchlist entry that has not expired.</summary>
public sealed class WatchlistCheck : IReceiptCheck
{
    public const string CheckName = "watchlist";

    public string Name => CheckName;

    public async Task<CheckOutcome> RunAsync(ReceiptCheckContext context, CancellationToken ct)
    {
        var r = context.Receipt;
        var nameKey = NameKey.Of(r.SellerName);
        var plate = r.VehicleRegistration;
        var now = context.Now;
        // Two indexed equalities ORed (SQLite's multi-index OR); expiry is checked on the few rows found.
        var entries = context.Db.Set<WatchlistEntry>().AsNoTracking();
        var query = plate is null
            ? entries.Where(w => w.NameKey == nameKey && w.Subject == WatchlistSubject.Person)
            : entries.Where(w => (w.NameKey == nameKey && w.Subject == WatchlistSubject.Person) || (w.Registration == plate && w.Subject == WatchlistSubject.Vehicle));
        var hits = (await query.ToListAsync(ct)).Where(w => w.ExpiresAt is null || w.ExpiresAt > now).ToList();
        var result = new ReceiptCheckResult { Check = Name, Kind = CheckKinds.Intelligence, Passed = hits.Count == 0 };
        if (hits.Count > 0)
        {
            result.Code = "watchlist";
            result.RelatedIds = hits.Select(h => h.Id.ToString()).ToList();
            result.Detail = string.Join("; ", hits.Select(h =>
                $"{(h.Subject == WatchlistSubject.Person ? "seller " + h.Name : "vehicle " + h.Registration)} on the watchlist: {h.Reason}{(h.Grading is null ? "" : $" [{h.Grading}]")}{(h.Contact is null ? "" : $" — contact {h.Contact}")}"));
        }

        return new CheckOutcome(result);
    }
}
