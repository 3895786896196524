using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Waymark.Core.ScrapMetal;
using Waymark.Server.Data;
using Waymark.Server.Features.Alerts;
using Waymark.Server.Features.Audit;
using Waymark.Server.Features.Auth;
using Waymark.Server.Features.ScrapMetal.Checks;
using Waymark.Server.Features.Sharing;

namespace Waymark.Server.Features.ScrapMetal;

/// <summary>
/// Records receipts: validates a request against s.13 and the licence, runs every <see cref="IReceiptCheck"/>, and adds
/// the receipt with its results, the alert for the covering force (when flagged) and the audit row to the context, so
/// that one SaveChanges writes them all or none. Used by the API, the web UI and the CSV upload alike.
/// </summary>
public sealed class ReceiptRecorder(WaymarkDb db, AuditLog audit, IEnumerable<IReceiptCheck> checks, TimeProvider clock)
{
    /// <summary>Heaviest lot accepted, kilograms: more than a 44-tonne articulated lorry carries is not a receipt but a typo.</summary>
    public const double MaxWeightKg = 30_000;

    private readonly IReceiptCheck[] _checks = checks.ToArray();
    private readonly Dictionary<Guid, ScrapLicence> _licences = [];

    public sealed record Recorded(ScrapReceipt? Receipt, Dictionary<string, string[]> Errors);

    /// <summary>Validates, checks and records one receipt, saving it (with its audit row and alert) in one transaction.</summary>
    public async Task<Recorded> RecordAsync(ReceiptRequest request, Caller caller, string source, CancellationToken ct)
    {
        var prepared = await PrepareAsync(request, caller, source, ct);
        if (prepared.Receipt is null)
        {
            return prepared;
        }

        await audit.SaveChangesAsync(ct);
        return prepared;
    }

    /// <summary>Validates and checks one receipt and adds it to the context (unsaved). Errors name the camelCase field.</summary>
    public async Task<Recorded> PrepareAsync(ReceiptRequest r, Caller caller, string source, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Fail(string field, string reason)
        {
            if (!errors.TryGetValue(field, out var list))
            {
                errors[field] = list = [];
            }

            list.Add(reason);
        }

        var licence = await FindLicenceAsync(r, ct);
        ScrapSite? site = null;
        if (licence is null)
        {
            Fail(r.LicenceId is null && r.LicenceNumber is null ? "licenceNumber" : r.LicenceId is not null ? "licenceId" : "licenceNumber",
                r.LicenceId is null && ScrapPlaces.Clean(r.LicenceNumber) is null ? "is required: the licence the metal is received under." : "is not a licence on the register.");
        }
        else if (!SharingRules.CanRecordUnder(licence, caller))
        {
            Fail("licenceNumber", $"licence {licence.LicenceNumber} is not held by your organisation: record receipts under your own licence.");
        }
        else if (licence.Type == LicenceType.Site)
        {
            var siteName = ScrapPlaces.Clean(r.SiteName);
            site = r.SiteId is { } siteId ? licence.Sites.FirstOrDefault(s => s.Id == siteId)
                : siteName is not null ? licence.Sites.FirstOrDefault(s => string.Equals(s.Name, siteName, StringComparison.OrdinalIgnoreCase))
                : licence.Sites.Count == 1 ? licence.Sites[0] : null;
            if (site is null)
            {
                Fail(siteName is not null && r.SiteId is null ? "siteName" : "siteId", r.SiteId is null && siteName is null
                    ? $"is required: licence {licence.LicenceNumber} names {licence.Sites.Count} sites."
                    : $"is not a site on licence {licence.LicenceNumber}: a dealer may receive metal only at the sites the licence names.");
            }
        }
        else if (r.SiteId is not null || ScrapPlaces.Clean(r.SiteName) is not null)
        {
            Fail("siteId", $"licence {licence.LicenceNumber} is a collector's licence, which names no sites.");
        }

        if (r.ReceivedAt is not { } receivedAt)
        {
            Fail("receivedAt", "is required: the date and time of receipt (ISO 8601 with an offset).");
            receivedAt = default;
        }
        else if (receivedAt.UtcDateTime > now.AddMinutes(5))
        {
            Fail("receivedAt", "is in the future.");
        }
        else if (receivedAt.UtcDateTime < now.AddYears(-3))
        {
            Fail("receivedAt", "is more than three years ago: such records are past their retention period (s.15).");
        }

        var items = new List<ReceiptItem>();
        if (r.Items is not { Count: > 0 })
        {
            Fail("items", "at least one lot of metal is required: type, form, condition and weight.");
        }
        else
        {
            for (var i = 0; i < r.Items.Count; i++)
            {
                var item = r.Items[i];
                var metal = ScrapPlaces.Clean(item.MetalType)?.ToLowerInvariant();
                if (!MetalTypes.IsKnown(metal))
                {
                    Fail($"items[{i}].metalType", $"'{item.MetalType}' is not a metal type: {string.Join(", ", MetalTypes.All)}.");
                }

                if (item.WeightKg is not { } kg || double.IsNaN(kg))
                {
                    Fail($"items[{i}].weightKg", "is required, in kilograms.");
                }
                else if (kg <= 0)
                {
                    Fail($"items[{i}].weightKg", "must be more than 0 kg.");
                }
                else if (kg > MaxWeightKg)
                {
                    Fail($"items[{i}].weightKg", $"{kg:N0} kg is more than one load can be ({MaxWeightKg:N0} kg): check the units (kilograms).");
                }

                items.Add(new ReceiptItem
                {
                    MetalType = metal ?? "",
                    Form = ScrapPlaces.Clean(item.Form),
                    Condition = ScrapPlaces.Clean(item.Condition),
                    WeightKg = item.WeightKg ?? 0,
                    Marks = ScrapPlaces.Clean(item.Marks),
                    MarkingCode = ScrapPlaces.Clean(item.MarkingCode)?.ToUpperInvariant(),
                });
            }
        }

        RegistrationMark? plate = null;
        if (ScrapPlaces.Clean(r.VehicleRegistration) is { } registration
            && !RegistrationMark.TryParse(registration, r.VehicleForeign == true, ScrapPlaces.UkDate(receivedAt == default ? now : receivedAt.UtcDateTime), out plate, out var plateReason))
        {
            Fail("vehicleRegistration", plateReason!);
        }

        var sellerName = ScrapPlaces.Clean(r.SellerName);
        var sellerAddress = ScrapPlaces.Clean(r.SellerAddress);
        var paidBy = ScrapPlaces.Clean(r.PaidBy);
        if (sellerName is null)
        {
            Fail("sellerName", "is required: the seller's full name (s.13).");
        }

        if (sellerAddress is null)
        {
            Fail("sellerAddress", "is required: the seller's address (s.13).");
        }

        if (paidBy is null)
        {
            Fail("paidBy", "is required: the name of the person who paid for the dealer (s.13).");
        }

        if (r.IdDocument is not { } idDocument || !Enum.IsDefined(idDocument))
        {
            Fail("idDocument", "is required: the identity document seen (PhotocardDrivingLicence, Passport, EeaIdentityCard, BiometricResidencePermit, Other or None).");
            idDocument = IdDocumentType.None;
        }

        var proof = r.ProofOfAddress ?? ProofOfAddressType.None;
        if (!Enum.IsDefined(proof))
        {
            Fail("proofOfAddress", "is not a known proof of address.");
        }

        if (r.Payment is not { } payment || !Enum.IsDefined(payment))
        {
            Fail("payment", "is required: NonTransferableCheque, ElectronicTransfer, Cash or InKind.");
            payment = PaymentMethod.Cash;
        }

        if (r.AmountPounds is < 0)
        {
            Fail("amountPounds", "cannot be negative.");
        }

        double? latitude = null, longitude = null, easting = null, northing = null;
        if (site is not null)
        {
            (latitude, longitude, easting, northing) = (site.Latitude, site.Longitude, site.Easting, site.Northing);
            if (r.Latitude is not null || r.Longitude is not null)
            {
                Fail("latitude", "a site receipt takes the site's position; give latitude/longitude only for a collector's receipt.");
            }
        }
        else if (r.Latitude is not null || r.Longitude is not null)
        {
            if (r.Latitude is not { } lat || r.Longitude is not { } lon)
            {
                Fail(r.Latitude is null ? "latitude" : "longitude", "is required with the other coordinate.");
            }
            else if (ScrapPlaces.TryBng(lat, lon, out var e, out var n) is { } reason)
            {
                Fail("latitude", reason);
            }
            else
            {
                (latitude, longitude, easting, northing) = (Math.Round(lat, 7), Math.Round(lon, 7), e, n);
            }
        }

        var reference = ScrapPlaces.Clean(r.Reference);
        if (reference is { Length: > 64 })
        {
            Fail("reference", "is longer than 64 characters.");
        }
        else if (reference is not null && licence is not null && await ReferenceTakenAsync(licence.DealerOrganisationId!.Value, reference, ct))
        {
            Fail("reference", $"'{reference}' is already recorded by your organisation: each receipt has its own reference.");
        }

        if (errors.Count > 0 || licence is null)
        {
            return new Recorded(null, errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
        }

        var id = Guid.CreateVersion7();
        var receipt = new ScrapReceipt
        {
            Id = id,
            Reference = reference ?? $"R-{ScrapPlaces.UkDate(receivedAt.UtcDateTime):yyyyMMdd}-{id.ToString("N")[^10..].ToUpperInvariant()}",
            DealerOrganisationId = licence.DealerOrganisationId!.Value,
            LicenceId = licence.Id,
            SiteId = site?.Id,
            CouncilOrganisationId = licence.CouncilOrganisationId,
            PoliceForceOrganisationId = site?.PoliceForceOrganisationId ?? licence.PoliceForceOrganisationId,
            ReceivedAt = receivedAt.UtcDateTime,
            Items = items,
            TotalWeightKg = Math.Round(items.Sum(i => i.WeightKg), 3),
            VehicleRegistration = plate?.Value,
            VehiclePlateFormat = plate?.Format,
            SellerName = sellerName!,
            SellerAddress = sellerAddress!,
            IdDocument = idDocument,
            IdCopyReference = ScrapPlaces.Clean(r.IdCopyReference),
            ProofOfAddress = proof,
            ProofOfAddressDate = r.ProofOfAddressDate,
            ProofOfAddressCopyReference = ScrapPlaces.Clean(r.ProofOfAddressCopyReference),
            PaidBy = paidBy!,
            Payment = payment,
            PaymentReference = ScrapPlaces.Clean(r.PaymentReference),
            AmountPounds = r.AmountPounds,
            Latitude = latitude,
            Longitude = longitude,
            Easting = easting,
            Northing = northing,
            Source = source,
            RecordedByUserId = caller.UserId,
            RecordedAt = now,
        };

        var outcomes = await RunChecksAsync(receipt, licence, site, now, ct);
        Add(receipt, licence, site, outcomes, caller, now);
        return new Recorded(receipt, []);
    }

    /// <summary>Runs every check on <paramref name="receipt"/> and sets its results and summary flags.</summary>
    public async Task<IReadOnlyList<CheckOutcome>> RunChecksAsync(ScrapReceipt receipt, ScrapLicence licence, ScrapSite? site, DateTime now, CancellationToken ct)
    {
        var context = new ReceiptCheckContext(receipt, licence, site, ScrapPlaces.UkDate(receipt.ReceivedAt), db, now);
        var outcomes = new CheckOutcome[_checks.Length];
        for (var i = 0; i < _checks.Length; i++)
        {
            outcomes[i] = await _checks[i].RunAsync(context, ct);
        }

        receipt.Checks = outcomes.Select(o => o.Result).ToList();
        receipt.IdVerified = receipt.Checks.Any(c => c.Check == SellerIdentityCheck.CheckName && c.Passed);
        receipt.BreachCount = receipt.Checks.Count(c => c.Kind == CheckKinds.Breach && !c.Passed);
        receipt.Flagged = receipt.Checks.Any(c => !c.Passed);
        return outcomes;
    }

    private void Add(ScrapReceipt receipt, ScrapLicence licence, ScrapSite? site, IReadOnlyList<CheckOutcome> outcomes, Caller caller, DateTime now)
    {
        db.Set<ScrapReceipt>().Add(receipt);
        if (receipt.Flagged)
        {
            RaiseAlerts(receipt, licence, site, outcomes, now);
        }

        audit.Record(caller, "scrap.receipt.record", "scrap-receipt", receipt.Id.ToString(),
            detail: string.Create(CultureInfo.InvariantCulture, $"{receipt.Reference} under {licence.LicenceNumber}: {receipt.TotalWeightKg:0.#} kg, {(receipt.Flagged ? "flagged (" + string.Join(", ", receipt.Checks.Where(c => !c.Passed).Select(c => c.Check)) + ")" : "clear")}"));
        // Records another feature's register was asked about (marking codes): audited as that feature audits its own
        // look-ups, with this receipt as the purpose, in the same transaction.
        foreach (var outcome in outcomes)
        {
            foreach (var lookup in outcome.Lookups)
            {
                audit.Record(caller, lookup.Action, lookup.RecordType, lookup.RecordId, $"scrap receipt {receipt.Reference}: {outcome.Result.Check} check", lookup.Detail);
            }
        }
    }

    /// <summary>
    /// The covering force gets one alert per flagged receipt with the failed checks and the ids behind them — no seller,
    /// address or plate, which the force reads on the receipt itself with a purpose, audited. Organisations a check
    /// names (the owner of marked metal) get an alert each with only what that check shares with them (<see cref="SharedNotice"/>).
    /// </summary>
    private void RaiseAlerts(ScrapReceipt receipt, ScrapLicence licence, ScrapSite? site, IReadOnlyList<CheckOutcome> outcomes, DateTime now)
    {
        var failed = outcomes.Where(o => !o.Result.Passed).ToList();
        var intelligence = failed.Any(o => o.Result.Kind == CheckKinds.Intelligence);
        var metals = string.Join(", ", receipt.Items.Select(i => string.Create(CultureInfo.InvariantCulture, $"{i.WeightKg:0.#} kg {i.MetalType}{(i.Form is null ? "" : " " + i.Form)}")));
        var place = site is null ? $"collector {licence.HolderName}" : $"{licence.HolderName}, {site.Name}";
        var when = TimeZoneInfo.ConvertTimeFromUtc(receipt.ReceivedAt, Waymark.Core.Analytics.Trends.UkTime.London).ToString("d MMM yyyy HH:mm", CultureInfo.InvariantCulture);
        var evidence = new JsonObject
        {
            ["receiptId"] = receipt.Id.ToString(),
            ["reference"] = receipt.Reference,
            ["dealerOrganisationId"] = receipt.DealerOrganisationId.ToString(),
            ["licenceNumber"] = licence.LicenceNumber,
            ["siteId"] = site?.Id.ToString(),
            ["receivedAt"] = receipt.ReceivedAt.ToString("O", CultureInfo.InvariantCulture),
            ["totalWeightKg"] = receipt.TotalWeightKg,
            ["failedChecks"] = new JsonArray(failed.Select(o => (JsonNode)new JsonObject
            {
                ["check"] = o.Result.Check,
                ["kind"] = o.Result.Kind,
                ["code"] = o.Result.Code,
                ["relatedIds"] = new JsonArray(o.Result.RelatedIds.Select(id => (JsonNode)JsonValue.Create(id)!).ToArray()),
            }).ToArray()),
        };
        db.RaiseAlert(new DirectedAlert(AlertKinds.ScrapReceiptFlagged, [receipt.PoliceForceOrganisationId],
            intelligence ? AlertSeverity.High : AlertSeverity.Medium,
            $"Scrap receipt flagged: {place}",
            $"Receipt {receipt.Reference} ({metals}) on {when} failed: {string.Join(", ", failed.Select(o => o.Result.Check))}.")
        {
            Evidence = evidence,
            Latitude = receipt.Latitude,
            Longitude = receipt.Longitude,
            Link = $"/scrap/receipts/{receipt.Id}",
            DedupKey = $"scrap-receipt:{receipt.Id}",
        }, now);

        // The covering force already has the full alert; an owner that is that force is not told twice.
        foreach (var (outcome, notice) in failed.SelectMany(o => o.AlsoTell.Where(n => n.OrganisationId != receipt.PoliceForceOrganisationId).Select(n => (o, n))))
        {
            var shared = new JsonObject
            {
                ["reference"] = receipt.Reference,
                ["check"] = outcome.Result.Check,
                ["receivedAt"] = receipt.ReceivedAt.ToString("O", CultureInfo.InvariantCulture),
            };
            foreach (var (key, value) in notice.Evidence)
            {
                shared[key] = value;
            }

            db.RaiseAlert(new DirectedAlert(AlertKinds.ScrapReceiptFlagged, [notice.OrganisationId],
                AlertSeverity.High, $"Your property may have been offered to a scrap dealer: {place}", notice.Summary)
            {
                Evidence = shared,
                Latitude = receipt.Latitude,
                Longitude = receipt.Longitude,
                DedupKey = $"scrap-receipt:{receipt.Id}:{outcome.Result.Check}:{notice.OrganisationId}",
            }, now);
        }
    }

    private async Task<ScrapLicence?> FindLicenceAsync(ReceiptRequest r, CancellationToken ct)
    {
        if (r.LicenceId is { } id)
        {
            if (_licences.TryGetValue(id, out var cached))
            {
                return cached;
            }

            var byId = await db.Set<ScrapLicence>().AsNoTracking().Include(l => l.Sites).FirstOrDefaultAsync(l => l.Id == id, ct);
            return byId is null ? null : _licences[id] = byId;
        }

        var number = ScrapPlaces.Clean(r.LicenceNumber);
        if (number is null)
        {
            return null;
        }

        var known = _licences.Values.FirstOrDefault(l => l.LicenceNumber == number);
        if (known is not null)
        {
            return known;
        }

        var byNumber = await db.Set<ScrapLicence>().AsNoTracking().Include(l => l.Sites).FirstOrDefaultAsync(l => l.LicenceNumber == number, ct);
        return byNumber is null ? null : _licences[byNumber.Id] = byNumber;
    }

    private async Task<bool> ReferenceTakenAsync(Guid dealer, string reference, CancellationToken ct) =>
        db.ChangeTracker.Entries<ScrapReceipt>().Any(e => e.Entity.DealerOrganisationId == dealer && e.Entity.Reference == reference)
        || await db.Set<ScrapReceipt>().AnyAsync(x => x.DealerOrganisationId == dealer && x.Reference == reference, ct);
}
