using Waymark.Server.Features.Auth;
using Waymark.Server.Features.ScrapMetal.Checks;
using Waymark.Server.Features.Sharing;

namespace Waymark.Server.Features.ScrapMetal;

/// <summary>Shapes a receipt for a caller: the one place its personal data and its checks' intelligence are let out.</summary>
public static class ReceiptView
{
    public const string PartnershipIntelligence = "partnership-intelligence";

    /// <summary>What a dealer is told when an intelligence check fails: to act, not why.</summary>
    public const string IntelligenceAdvice =
        "A check against partnership intelligence needs police follow-up. The police force covering your site has been told. " +
        "Keep this metal separate and unaltered (do not cut, strip, melt or sell it on), keep the identity and payment copies, " +
        "and do not tell the seller. Police will contact you; to speak to them sooner, call 101 and quote the receipt reference.";

    public static ReceiptResponse From(ScrapReceipt r, Caller caller, bool purposeStated, IReadOnlyDictionary<Guid, string> organisations, IReadOnlyDictionary<Guid, string> licenceNumbers)
    {
        var maySee = SharingRules.MaySeeScrapPersonalData(r.DealerOrganisationId, r.CouncilOrganisationId, caller);
        var own = r.DealerOrganisationId == caller.OrganisationId;
        var show = maySee && (purposeStated || own);
        var police = SharingRules.MaySeeCheckIntelligence(caller);
        var checks = police ? r.Checks.Select(Full).ToList() : DealerChecks(r);
        return new ReceiptResponse
        {
            Id = r.Id,
            Reference = r.Reference,
            DealerOrganisationId = r.DealerOrganisationId,
            Dealer = organisations.GetValueOrDefault(r.DealerOrganisationId),
            LicenceId = r.LicenceId,
            LicenceNumber = licenceNumbers.GetValueOrDefault(r.LicenceId),
            SiteId = r.SiteId,
            ReceivedAt = r.ReceivedAt,
            Items = r.Items.Select(i => new ReceiptItemDto(i.MetalType, i.Form, i.Condition, i.WeightKg, i.Marks, i.MarkingCode)).ToList(),
            TotalWeightKg = r.TotalWeightKg,
            Payment = r.Payment,
            AmountPounds = r.AmountPounds,
            Latitude = r.Latitude,
            Longitude = r.Longitude,
            IdVerified = r.IdVerified,
            BreachCount = r.BreachCount,
            Flagged = r.Flagged,
            Advice = !r.Flagged ? null
                : r.Checks.Any(c => !c.Passed && c.Kind == CheckKinds.Intelligence) ? IntelligenceAdvice
                : "This receipt breaches the Scrap Metal Dealers Act 2013: see each failed check for what to do. The police force covering your site has been told.",
            Checks = checks,
            Personal = show
                ? new ReceiptPersonalDto(r.SellerName, r.SellerAddress, r.VehicleRegistration, r.VehiclePlateFormat?.ToString(), r.IdDocument, r.IdCopyReference,
                    r.ProofOfAddress, r.ProofOfAddressDate, r.ProofOfAddressCopyReference, r.PaidBy, r.PaymentReference)
                : null,
            PersonalDataNote = maySee && !show
                ? "Personal data withheld: state a purpose (purpose query parameter or X-Waymark-Purpose header) to see it; the read is audited."
                : null,
            Source = r.Source,
            RecordedAt = r.RecordedAt,
        };
    }

    private static CheckResultDto Full(ReceiptCheckResult c) =>
        new(c.Check, c.Kind, c.Passed, c.Ran, c.Code, c.DealerMessage, c.Detail, c.RelatedIds);

    /// <summary>
    /// Breaches are the dealer's own conduct and are shown with what to do. Intelligence checks are folded into one
    /// result that says only whether police follow-up is needed: not which check, not what matched. An intelligence
    /// check's own dealer message (a marking code that is not a valid code: re-read it) is about the dealer's record, not
    /// the intelligence, and is the same whether or not anything matched; it is added to that one result either way.
    /// </summary>
    private static List<CheckResultDto> DealerChecks(ScrapReceipt r)
    {
        var list = r.Checks.Where(c => c.Kind == CheckKinds.Breach)
            .Select(c => new CheckResultDto(c.Check, c.Kind, c.Passed, c.Ran, c.Code, c.DealerMessage, null, null)).ToList();
        var intelligence = r.Checks.Where(c => c.Kind == CheckKinds.Intelligence).ToList();
        var intelligenceFailed = intelligence.Any(c => !c.Passed);
        var messages = intelligence.Select(c => c.DealerMessage).OfType<string>().Prepend(intelligenceFailed ? IntelligenceAdvice : null).OfType<string>().ToList();
        list.Add(new CheckResultDto(PartnershipIntelligence, CheckKinds.Intelligence, !intelligenceFailed, true, null,
            messages.Count == 0 ? null : string.Join(" ", messages), null, null));
        return list;
    }
}
