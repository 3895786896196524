using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Waymark.Core.ScrapMetal;
using Waymark.Server.Data;
using Waymark.Server.Features.Audit;
using Waymark.Server.Features.Auth;
using Waymark.Server.Features.Sharing;

namespace Waymark.Server.Features.ScrapMetal;

/// <summary>Disposals of scrap metal (s.14), recorded by the dealer and seen by those who see its receipts.</summary>
public static class DisposalEndpoints
{
    public sealed record DisposalItemDto(string? MetalType, string? Form, double? WeightKg);

    public sealed record DisposalRequest
    {
        public string? Reference { get; init; }
        public Guid? LicenceId { get; init; }
        public string? LicenceNumber { get; init; }
        public Guid? SiteId { get; init; }
        public DateTimeOffset? DisposedAt { get; init; }
        public IReadOnlyList<DisposalItemDto>? Items { get; init; }
        public string? BuyerName { get; init; }
        public string? BuyerAddress { get; init; }
        public decimal? PricePounds { get; init; }
    }

    public sealed record DisposalResponse(
        Guid Id, string Reference, Guid DealerOrganisationId, string? Dealer, Guid LicenceId, string? LicenceNumber, Guid? SiteId, DateTimeOffset DisposedAt,
        IReadOnlyList<DisposalItemDto> Items, double? TotalWeightKg, decimal? PricePounds, string? BuyerName, string? BuyerAddress, string? PersonalDataNote,
        string Source, DateTimeOffset RecordedAt)
    {
        [System.Text.Json.Serialization.JsonIgnore]
        public bool DisclosesPersonalData => BuyerName is not null;
    }

    public static void MapDisposals(this RouteGroupBuilder scrap)
    {
        var group = scrap.MapGroup("/disposals");
        group.MapPost("", RecordAsync).WithName("RecordScrapDisposal")
            .WithSummary("Record a disposal (s.14): site licence — type, form, weight, date and time, buyer's name and address, price; collector — date and time, buyer's name and address.")
            .RequireAuthorization(p => p.RequireRole(Roles.Dealer, Roles.Machine));
        group.MapGet("", ListAsync).WithName("ListScrapDisposals").WithSummary("Disposals the caller may see, newest first; buyers' details with a stated purpose, audited.");
    }

    private static async Task<Results<Created<DisposalResponse>, ValidationProblem>> RecordAsync(
        DisposalRequest r, HttpContext http, WaymarkDb db, AuditLog audit, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        var now = clock.GetUtcNow().UtcDateTime;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var number = ScrapPlaces.Clean(r.LicenceNumber);
        var licence = r.LicenceId is { } lid ? await db.Set<ScrapLicence>().AsNoTracking().Include(l => l.Sites).FirstOrDefaultAsync(l => l.Id == lid, ct)
            : number is not null ? await db.Set<ScrapLicence>().AsNoTracking().Include(l => l.Sites).FirstOrDefaultAsync(l => l.LicenceNumber == number, ct)
            : null;
        ScrapSite? site = null;
        if (licence is null)
        {
            errors["licenceNumber"] = [r.LicenceId is null && number is null ? "is required." : "is not a licence on the register."];
        }
        else if (!SharingRules.CanRecordUnder(licence, caller))
        {
            errors["licenceNumber"] = [$"licence {licence.LicenceNumber} is not held by your organisation."];
        }
        else if (licence.Type == LicenceType.Site)
        {
            site = r.SiteId is { } sid ? licence.Sites.FirstOrDefault(s => s.Id == sid) : licence.Sites.Count == 1 ? licence.Sites[0] : null;
            if (site is null)
            {
                errors["siteId"] = [r.SiteId is null ? $"is required: licence {licence.LicenceNumber} names {licence.Sites.Count} sites." : $"is not a site on licence {licence.LicenceNumber}."];
            }
        }

        if (r.DisposedAt is not { } at)
        {
            errors["disposedAt"] = ["is required (ISO 8601 with an offset)."];
        }
        else if (at.UtcDateTime > now.AddMinutes(5))
        {
            errors["disposedAt"] = ["is in the future."];
        }

        var buyer = ScrapPlaces.Clean(r.BuyerName);
        var address = ScrapPlaces.Clean(r.BuyerAddress);
        if (buyer is null)
        {
            errors["buyerName"] = ["is required (s.14)."];
        }

        if (address is null)
        {
            errors["buyerAddress"] = ["is required (s.14)."];
        }

        var items = new List<DisposalItem>();
        var siteLicence = licence?.Type == LicenceType.Site;
        if (siteLicence && r.Items is not { Count: > 0 })
        {
            errors["items"] = ["a site licensee records the description of the metal: type, form and weight (s.14)."];
        }

        for (var i = 0; i < (r.Items?.Count ?? 0); i++)
        {
            var item = r.Items![i];
            var metal = ScrapPlaces.Clean(item.MetalType)?.ToLowerInvariant();
            if (!MetalTypes.IsKnown(metal))
            {
                errors[$"items[{i}].metalType"] = [$"'{item.MetalType}' is not a metal type: {string.Join(", ", MetalTypes.All)}."];
            }

            if (item.WeightKg is not { } kg || double.IsNaN(kg) || kg <= 0 || kg > ReceiptRecorder.MaxWeightKg)
            {
                errors[$"items[{i}].weightKg"] = [$"is required, more than 0 and at most {ReceiptRecorder.MaxWeightKg:N0} kg."];
            }

            items.Add(new DisposalItem { MetalType = metal ?? "", Form = ScrapPlaces.Clean(item.Form), WeightKg = item.WeightKg ?? 0 });
        }

        if (siteLicence && r.PricePounds is null)
        {
            errors["pricePounds"] = ["is required for a site licensee (s.14)."];
        }
        else if (r.PricePounds is < 0)
        {
            errors["pricePounds"] = ["cannot be negative."];
        }

        var reference = ScrapPlaces.Clean(r.Reference);
        if (reference is not null && licence is not null && await db.Set<ScrapDisposal>().AnyAsync(d => d.DealerOrganisationId == licence.DealerOrganisationId && d.Reference == reference, ct))
        {
            errors["reference"] = [$"'{reference}' is already recorded by your organisation."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The disposal was not recorded: some fields are invalid.");
        }

        var id = Guid.CreateVersion7();
        var disposal = new ScrapDisposal
        {
            Id = id,
            Reference = reference ?? $"D-{ScrapPlaces.UkDate(r.DisposedAt!.Value.UtcDateTime):yyyyMMdd}-{id.ToString("N")[^10..].ToUpperInvariant()}",
            DealerOrganisationId = licence!.DealerOrganisationId!.Value,
            LicenceId = licence.Id,
            SiteId = site?.Id,
            CouncilOrganisationId = licence.CouncilOrganisationId,
            DisposedAt = r.DisposedAt!.Value.UtcDateTime,
            Items = items,
            TotalWeightKg = items.Count > 0 ? Math.Round(items.Sum(i => i.WeightKg), 3) : null,
            BuyerName = buyer!,
            BuyerAddress = address!,
            PricePounds = r.PricePounds,
            Source = "api",
            RecordedByUserId = caller.UserId,
            RecordedAt = now,
        };
        db.Set<ScrapDisposal>().Add(disposal);
        audit.Record(caller, "scrap.disposal.record", "scrap-disposal", disposal.Id.ToString(), detail: $"{disposal.Reference} under {licence.LicenceNumber}: {disposal.TotalWeightKg} kg");
        await audit.SaveChangesAsync(ct);
        var (orgs, licences) = await ReceiptEndpoints.NamesAsync(db, ct);
        return TypedResults.Created($"/api/scrap/disposals/{id}", Shape(disposal, caller, false, orgs, licences));
    }

    private static async Task<Results<Ok<List<DisposalResponse>>, ForbidHttpResult>> ListAsync(
        DateTimeOffset? from, DateTimeOffset? to, string? purpose, HttpContext http, WaymarkDb db, AuditLog audit, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        if (caller.OrganisationKind is OrganisationKind.InfrastructurePartner or OrganisationKind.Business && !caller.IsAdmin)
        {
            return TypedResults.Forbid();
        }

        var q = db.Set<ScrapDisposal>().AsNoTracking().VisibleTo(caller);
        if (from is { } f)
        {
            q = q.Where(d => d.DisposedAt >= f.UtcDateTime);
        }

        if (to is { } t)
        {
            q = q.Where(d => d.DisposedAt < t.UtcDateTime);
        }

        var items = await q.OrderByDescending(d => d.DisposedAt).Take(500).ToListAsync(ct);
        var stated = ReceiptEndpoints.PurposeOf(http, purpose);
        var (orgs, licences) = await ReceiptEndpoints.NamesAsync(db, ct);
        var shaped = items.Select(d => Shape(d, caller, stated is not null, orgs, licences)).ToList();
        var disclosed = shaped.Where(s => s.DisclosesPersonalData).Select(s => s.Id.ToString()).ToList();
        if (disclosed.Count > 0)
        {
            audit.Record(caller, "scrap.disposal.search-personal", "scrap-disposal", disclosed.Count == 1 ? disclosed[0] : null, stated ?? "own records", $"{disclosed.Count} disposals: {string.Join(',', disclosed)}");
            await audit.SaveChangesAsync(ct);
        }

        return TypedResults.Ok(shaped);
    }

    private static DisposalResponse Shape(ScrapDisposal d, Caller caller, bool purposeStated, IReadOnlyDictionary<Guid, string> orgs, IReadOnlyDictionary<Guid, string> licences)
    {
        var maySee = SharingRules.MaySeeScrapPersonalData(d.DealerOrganisationId, d.CouncilOrganisationId, caller);
        var show = maySee && (purposeStated || d.DealerOrganisationId == caller.OrganisationId);
        return new DisposalResponse(d.Id, d.Reference, d.DealerOrganisationId, orgs.GetValueOrDefault(d.DealerOrganisationId), d.LicenceId, licences.GetValueOrDefault(d.LicenceId),
            d.SiteId, d.DisposedAt, d.Items.Select(i => new DisposalItemDto(i.MetalType, i.Form, i.WeightKg)).ToList(), d.TotalWeightKg, d.PricePounds,
            show ? d.BuyerName : null, show ? d.BuyerAddress : null,
            maySee && !show ? "Buyer's details withheld: state a purpose to see them; the read is audited." : null, d.Source, d.RecordedAt);
    }
}
