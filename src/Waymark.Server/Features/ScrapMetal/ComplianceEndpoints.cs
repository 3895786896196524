using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Waymark.Server.Data;
using Waymark.Server.Features.Auth;
using Waymark.Server.Features.ScrapMetal.Checks;
using Waymark.Server.Features.Sharing;

namespace Waymark.Server.Features.ScrapMetal;

/// <summary>
/// Compliance per dealer for police licensing officers and councils: receipts, the share with the seller's identity
/// verified, breaches by kind, flagged receipts, disposals — and the sites on the map. No personal data.
/// </summary>
public static class ComplianceEndpoints
{
    public sealed record LicenceSummary(Guid Id, string LicenceNumber, LicenceType Type, string IssuingCouncil, DateOnly ExpiresOn, string Status);

    public sealed record SiteSummary(Guid Id, string Name, string? Postcode, double Latitude, double Longitude);

    public sealed record DealerCompliance(
        Guid? DealerOrganisationId, string Dealer, IReadOnlyList<LicenceSummary> Licences, IReadOnlyList<SiteSummary> Sites,
        int Receipts, int IdVerified, double? IdVerifiedShare, int ReceiptsWithBreaches, IReadOnlyDictionary<string, int> Breaches,
        int Flagged, double TotalWeightKg, int Disposals, DateTimeOffset? LastReceiptAt, string VisitsNote);

    public sealed record ComplianceReport(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<DealerCompliance> Dealers);

    public const string VisitsNote = "Visits are recorded in the forensic-marking visit log, not yet part of Waymark.";

    public static void MapCompliance(this RouteGroupBuilder scrap) =>
        scrap.MapGet("/compliance", GetAsync).WithName("GetScrapCompliance")
            .WithSummary("Compliance per dealer over a period (default the last 12 months): police and admins see every dealer, a council its licensees. format=geojson gives the sites as points for the map.");

    private static async Task<Results<Ok<ComplianceReport>, ContentHttpResult, ForbidHttpResult>> GetAsync(
        DateTimeOffset? from, DateTimeOffset? to, string? format, HttpContext http, WaymarkDb db, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        if (!SharingRules.MaySeeCompliance(caller))
        {
            return TypedResults.Forbid();
        }

        var now = clock.GetUtcNow();
        var end = to ?? now;
        var start = from ?? end.AddYears(-1);
        var report = await BuildAsync(db, caller, start, end, ScrapPlaces.UkDate(now.UtcDateTime), ct);
        if (string.Equals(format, "geojson", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Text(ToGeoJson(report).ToJsonString(), "application/geo+json");
        }

        return TypedResults.Ok(report);
    }

    internal static async Task<ComplianceReport> BuildAsync(WaymarkDb db, Caller caller, DateTimeOffset start, DateTimeOffset end, DateOnly today, CancellationToken ct)
    {
        var licencesQuery = db.Set<ScrapLicence>().AsNoTracking().Include(l => l.Sites).AsQueryable();
        var receipts = db.Set<ScrapReceipt>().AsNoTracking().VisibleTo(caller).Where(r => r.ReceivedAt >= start.UtcDateTime && r.ReceivedAt < end.UtcDateTime);
        var disposals = db.Set<ScrapDisposal>().AsNoTracking().VisibleTo(caller).Where(d => d.DisposedAt >= start.UtcDateTime && d.DisposedAt < end.UtcDateTime);
        if (SharingRules.IsCouncil(caller) && !caller.IsAdmin)
        {
            licencesQuery = licencesQuery.Where(l => l.CouncilOrganisationId == caller.OrganisationId);
        }

        var licences = await licencesQuery.ToListAsync(ct);
        var names = await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var stats = await receipts.GroupBy(r => r.DealerOrganisationId)
            .Select(g => new
            {
                Dealer = g.Key,
                Receipts = g.Count(),
                IdVerified = g.Count(r => r.IdVerified),
                WithBreaches = g.Count(r => r.BreachCount > 0),
                Flagged = g.Count(r => r.Flagged),
                Weight = g.Sum(r => r.TotalWeightKg),
                Last = g.Max(r => r.ReceivedAt),
            }).ToDictionaryAsync(s => s.Dealer, ct);
        var breachChecks = await receipts.Where(r => r.BreachCount > 0).Select(r => new { r.DealerOrganisationId, r.Checks }).ToListAsync(ct);
        var breaches = breachChecks.GroupBy(b => b.DealerOrganisationId).ToDictionary(g => g.Key, g => g
            .SelectMany(b => b.Checks.Where(c => c.Kind == CheckKinds.Breach && !c.Passed).Select(c => c.Code ?? c.Check))
            .GroupBy(c => c, StringComparer.Ordinal).OrderBy(c => c.Key, StringComparer.Ordinal).ToDictionary(c => c.Key, c => c.Count(), StringComparer.Ordinal));
        var disposalCounts = await disposals.GroupBy(d => d.DealerOrganisationId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);

        var dealers = licences.GroupBy(l => l.DealerOrganisationId ?? l.Id).Select(g =>
        {
            var dealerId = g.First().DealerOrganisationId;
            var s = dealerId is { } d ? stats.GetValueOrDefault(d) : null;
            return new DealerCompliance(
                dealerId,
                dealerId is { } id && names.TryGetValue(id, out var n) ? n : g.First().HolderName,
                g.OrderBy(l => l.LicenceNumber).Select(l => new LicenceSummary(l.Id, l.LicenceNumber, l.Type, l.IssuingCouncil, l.ExpiresOn, l.StatusOn(today))).ToList(),
                g.SelectMany(l => l.Sites).OrderBy(x => x.Name).Select(x => new SiteSummary(x.Id, x.Name, x.Postcode, x.Latitude, x.Longitude)).ToList(),
                s?.Receipts ?? 0,
                s?.IdVerified ?? 0,
                s is { Receipts: > 0 } ? Math.Round((double)s.IdVerified / s.Receipts, 4) : null,
                s?.WithBreaches ?? 0,
                dealerId is { } b && breaches.TryGetValue(b, out var codes) ? codes : new Dictionary<string, int>(),
                s?.Flagged ?? 0,
                Math.Round(s?.Weight ?? 0, 1),
                dealerId is { } dd ? disposalCounts.GetValueOrDefault(dd) : 0,
                s is null ? null : new DateTimeOffset(s.Last, TimeSpan.Zero),
                VisitsNote);
        }).OrderByDescending(d => d.Flagged).ThenByDescending(d => d.ReceiptsWithBreaches).ThenBy(d => d.Dealer, StringComparer.Ordinal).ToList();
        return new ComplianceReport(start, end, dealers);
    }

    private static JsonObject ToGeoJson(ComplianceReport report) => new()
    {
        ["type"] = "FeatureCollection",
        ["features"] = new JsonArray(report.Dealers.SelectMany(d => d.Sites.Select(s => (JsonNode)new JsonObject
        {
            ["type"] = "Feature",
            ["geometry"] = new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(s.Longitude, s.Latitude) },
            ["properties"] = new JsonObject
            {
                ["dealer"] = d.Dealer,
                ["site"] = s.Name,
                ["licences"] = string.Join(", ", d.Licences.Select(l => $"{l.LicenceNumber} ({l.Status})")),
                ["receipts"] = d.Receipts,
                ["idVerifiedShare"] = d.IdVerifiedShare,
                ["receiptsWithBreaches"] = d.ReceiptsWithBreaches,
                ["flagged"] = d.Flagged,
            },
        })).ToArray()),
    };
}
