using Waymark.Server.Data;

namespace Waymark.Server.Features.ScrapMetal.Checks;

/// <summary>
/// One check run on every receipt, in the request that records it. Checks are registered in DI and run in order; a new
/// check is one more class implementing this interface. A check reads,
/// never writes: the receipt, its results and any alerts are saved together by <see cref="ReceiptRecorder"/>.
/// </summary>
public interface IReceiptCheck
{
    /// <summary>The check's name, as stored in the results (kebab-case).</summary>
    string Name { get; }

    Task<CheckOutcome> RunAsync(ReceiptCheckContext context, CancellationToken ct);
}

/// <summary>What a check sees: the receipt as recorded (not yet saved), its licence and site, the database and the time.</summary>
public sealed record ReceiptCheckContext(ScrapReceipt Receipt, ScrapLicence Licence, ScrapSite? Site, DateOnly ReceivedOnUkDate, WaymarkDb Db, DateTime Now);

/// <summary>
/// A check's result; organisations besides the covering force that must be told of a failure (e.g. the owner of a marked
/// cable), each with what it alone may see — never the police's intelligence; and the look-ups in another feature's
/// register that the recorder audits with the receipt.
/// </summary>
public sealed record CheckOutcome(ReceiptCheckResult Result)
{
    public IReadOnlyList<SharedNotice> AlsoTell { get; init; } = [];

    public IReadOnlyList<CheckLookup> Lookups { get; init; } = [];
}

/// <summary>
/// What one organisation besides the covering force is told of a failed check: a sentence and evidence holding only its
/// own records (its code, its asset) and the dealer's place — never the seller, never police intelligence. One notice
/// an organisation, so that two owners of marked metal on one receipt never see each other's codes.
/// </summary>
public sealed record SharedNotice(Guid OrganisationId, string Summary, IReadOnlyDictionary<string, string?> Evidence);

/// <summary>
/// A record a check read in another feature's register (a marking code), audited by <see cref="ReceiptRecorder"/> in the
/// receipt's transaction with the receipt as its purpose (<c>Action</c>, <c>RecordType</c> and <c>RecordId</c> as in
/// that feature's own audit rows).
/// </summary>
public sealed record CheckLookup(string Action, string RecordType, string RecordId, string Detail);

/// <summary>The kinds of check result.</summary>
public static class CheckKinds
{
    /// <summary>A breach of the Act by the dealer: shown to the dealer with what to do.</summary>
    public const string Breach = "breach";

    /// <summary>
    /// Partnership or police intelligence: the dealer is told only that police follow-up is needed. Such a check's
    /// <see cref="ReceiptCheckResult.DealerMessage"/>, when set, is shown to the dealer whether the check passed or not,
    /// so it must never depend on what matched (e.g. "code X is not a valid code: re-read it").
    /// </summary>
    public const string Intelligence = "intelligence";
}
