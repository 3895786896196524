using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Waymark.Core.Crimes;
using Waymark.Core.Marking;
using Waymark.Server.Features.Marking;

namespace Waymark.Server.Features.ScrapMetal.Checks;

/// <summary>
/// A forensic marking code read off the metal (<see cref="ReceiptItem.MarkingCode"/>) that is registered to a holder — a
/// rail operator's cable, say — or listed in the stolen property of a crime shared with police, looked up in the
/// marking registry (<see cref="MarkingRegistry.FindAsync"/>). The owner of the marked property (the programme owner's
/// organisation, which for a household holder is the force or partner running the programme) is told its own code and
/// asset, the dealer and the site; the force covering the site gets the registration and crimes. A code whose check
/// character fails (ISO/IEC 7064 MOD 37,36) matches nothing and is no intelligence: the dealer is told to re-read it.
/// Scoped, as the registry is.
/// </summary>
public sealed class MarkingCodeCheck(MarkingRegistry registry, StolenCodeIndex stolenIndex) : IReceiptCheck
{
    public const string CheckName = "forensic-marking";

    public string Name => CheckName;

    public async Task<CheckOutcome> RunAsync(ReceiptCheckContext context, CancellationToken ct)
    {
        var r = context.Receipt;
        var result = new ReceiptCheckResult { Check = Name, Kind = CheckKinds.Intelligence, Passed = true };
        var read = r.Items.Select((item, i) => (Lot: i + 1, Item: item)).Where(x => !string.IsNullOrWhiteSpace(x.Item.MarkingCode)).ToList();
        if (read.Count == 0)
        {
            result.Detail = "No forensic marking code recorded on the receipt.";
            return new CheckOutcome(result);
        }

        var findings = new List<string>();
        var related = new List<string>();
        var invalid = new List<string>();
        var lookups = new List<CheckLookup>();
        var notices = new Dictionary<Guid, List<(string Code, string? Asset, string Programme, string HolderKind, string Lot)>>();
        var registered = false;
        foreach (var group in read.GroupBy(x => MarkingCode.Normalise(x.Item.MarkingCode), StringComparer.Ordinal))
        {
            var lots = string.Join(", ", group.Select(x => string.Create(CultureInfo.InvariantCulture, $"lot {x.Lot} ({x.Item.WeightKg:0.#} kg {x.Item.MetalType}{(x.Item.Form is null ? "" : " " + x.Item.Form)})")));
            var text = group.First().Item.MarkingCode!.Trim();
            if (!MarkingCode.TryParse(text, out var code))
            {
                // The shape right but the check character wrong is the commonest slip (one character misread, or two swapped).
                var why = MarkingCode.IsWellFormed(MarkingCode.Normalise(text))
                    ? "its check character does not match the ten characters before it"
                    : "a code is eleven letters and digits (PPPP-SSSSSS-C), starting with a letter";
                invalid.Add($"{text} on {lots}: {why}");
                findings.Add($"{text} on {lots} is not a valid code: {why}.");
                lookups.Add(new CheckLookup("marking.lookup", "marking-code", text, $"invalid; scrap receipt {r.Reference}"));
                continue;
            }

            var owner = await registry.FindAsync(code.Value, ct);
            var crimes = owner is null
                ? await SharedCrimesAsync(context, (await MarkingRegistry.StolenInAsync(context.Db, stolenIndex, code, ct)).Select(c => c.Id).ToList(), ct)
                : await SharedCrimesAsync(context, owner.StolenInCrimes, ct);
            lookups.Add(new CheckLookup("marking.lookup", "marking-code", code.Value,
                $"{(owner is null ? "no-registration" : "registered")}; scrap receipt {r.Reference}; {crimes.Count} crimes"));
            var stolen = crimes.Count == 0 ? "" : $" Recorded stolen in {string.Join(", ", crimes.Select(c => c.Reference))}.";
            if (owner is not null)
            {
                registered = true;
                var asset = await context.Db.Set<MarkingRegistration>().AsNoTracking().Where(x => x.Id == owner.RegistrationId).Select(x => x.AssetReference).FirstOrDefaultAsync(ct);
                findings.Add($"{code.Display} on {lots} is registered in {owner.ProgrammeName} ({owner.OwnerOrganisationName}) to a {owner.HolderKind} holder{(asset is null ? "" : ", asset " + asset)}.{stolen}");
                related.Add(owner.RegistrationId.ToString());
                if (!notices.TryGetValue(owner.OwnerOrganisationId, out var list))
                {
                    notices[owner.OwnerOrganisationId] = list = [];
                }

                list.Add((code.Display, asset, owner.ProgrammeName, owner.HolderKind, lots));
            }
            else if (crimes.Count > 0)
            {
                findings.Add($"{code.Display} on {lots} has no registration.{stolen}");
            }
            else
            {
                findings.Add($"{code.Display} on {lots}: a valid code with no registration and not recorded stolen.");
            }

            related.AddRange(crimes.Select(c => c.Id.ToString()));
        }

        result.Detail = string.Join(" ", findings);
        if (invalid.Count > 0)
        {
            // Whether a code's check character holds is arithmetic the dealer's own scanner could do: telling them says
            // nothing of the registry, and the message is the same whether or not another code matched.
            result.DealerMessage = $"Not a valid marking code, so it could not be checked — {string.Join("; ", invalid)}. "
                + "Re-read the code off the metal before it is cut, stripped or sold on. A recorded receipt cannot be changed: if the code reads "
                + $"differently, call 101 quoting receipt {r.Reference} and the code as read, so that it is checked.";
            result.Code = "marking-code-invalid";
        }

        if (related.Count == 0)
        {
            return new CheckOutcome(result) { Lookups = lookups };
        }

        result.Passed = false;
        result.Code = registered ? "marking-code-registered" : "marking-code-stolen";
        result.RelatedIds = related.Distinct(StringComparer.Ordinal).ToList();
        var site = context.Site is null ? $"collector {context.Licence.HolderName}" : $"{context.Licence.HolderName} at {context.Site.Name}, {context.Site.Address}";
        var when = TimeZoneInfo.ConvertTimeFromUtc(r.ReceivedAt, Waymark.Core.Analytics.Trends.UkTime.London).ToString("d MMM yyyy HH:mm", CultureInfo.InvariantCulture);
        var alsoTell = notices.Select(n => new SharedNotice(n.Key,
            $"{string.Join(" ", n.Value.Select(v => $"Your code {v.Code} ({v.Programme}, {(v.Asset is null ? "a " + v.HolderKind + " holder" : "asset " + v.Asset)}) was read off {v.Lot}."))} "
            + $"Received by {site} (licence {context.Licence.LicenceNumber}) on {when}, receipt {r.Reference}. The police force covering the site has been told.",
            new Dictionary<string, string?>(StringComparer.Ordinal)
            {
                ["codes"] = string.Join(", ", n.Value.Select(v => v.Code)),
                ["assets"] = string.Join(", ", n.Value.Select(v => v.Asset).OfType<string>()),
                ["dealer"] = context.Licence.HolderName,
                ["licenceNumber"] = context.Licence.LicenceNumber,
                ["site"] = context.Site?.Name,
            })).ToList();
        return new CheckOutcome(result) { AlsoTell = alsoTell, Lookups = lookups };
    }

    /// <summary>
    /// Of <paramref name="ids"/>, the crimes shared with law enforcement (as <see cref="StolenMetalCheck"/> reads), so that
    /// the force told may see each crime it is shown; an owner's organisation-only crime stays out of it.
    /// </summary>
    private static async Task<List<(Guid Id, string Reference)>> SharedCrimesAsync(ReceiptCheckContext context, IReadOnlyList<Guid> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        var rows = await context.Db.Crimes.AsNoTracking().Where(c => ids.Contains(c.Id) && c.Visibility != Visibility.Organisation)
            .OrderBy(c => c.OccurredFrom).Select(c => new { c.Id, c.Reference }).ToListAsync(ct);
        return rows.Select(c => (c.Id, c.Reference)).ToList();
    }
}
