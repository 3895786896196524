using Waymark.Server.Data;

namespace Waymark.Server.Features.ScrapMetal.Checks;

/// <summary>
/// One check run on every receipt, in the request that records it. Checks are registered in DI and run in order; a new
/// check (the forensic marking registry's, when it lands) is one more class implementing this interface. A check reads,
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
/// A check's result, and organisations besides the covering force that must be told of a failure (e.g. the holder of
/// a marked cable), with the one sentence each of them may see — never the police's intelligence.
/// </summary>
public sealed record CheckOutcome(ReceiptCheckResult Result)
{
    public IReadOnlyList<Guid> AlsoTell { get; init; } = [];

    public string? SharedSummary { get; init; }
}

/// <summary>The kinds of check result.</summary>
public static class CheckKinds
{
    /// <summary>A breach of the Act by the dealer: shown to the dealer with what to do.</summary>
    public const string Breach = "breach";

    /// <summary>Partnership or police intelligence: the dealer is told only that police follow-up is needed.</summary>
    public const string Intelligence = "intelligence";
}
