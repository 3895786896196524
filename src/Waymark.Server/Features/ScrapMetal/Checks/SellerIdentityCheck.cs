using Waymark.Core.ScrapMetal;

namespace Waymark.Server.Features.ScrapMetal.Checks;

/// <summary>s.11: the seller's name and address verified from the documents the Act lists, with a copy kept.</summary>
public sealed class SellerIdentityCheck : IReceiptCheck
{
    public const string CheckName = "seller-identity";

    public string Name => CheckName;

    public Task<CheckOutcome> RunAsync(ReceiptCheckContext context, CancellationToken ct)
    {
        var r = context.Receipt;
        var verdict = SellerIdentity.Evaluate(r.IdDocument, r.IdCopyReference is not null, r.ProofOfAddress, r.ProofOfAddressDate, context.ReceivedOnUkDate);
        var result = new ReceiptCheckResult { Check = Name, Kind = CheckKinds.Breach, Passed = verdict.Verified, Code = verdict.Code };
        if (!verdict.Verified)
        {
            result.DealerMessage = verdict.Breach + " Do not receive metal from a seller whose identity is not verified; record the documents seen and keep their copies.";
            result.Detail = $"Identity recorded: {r.IdDocument}; proof of address {r.ProofOfAddress}{(r.ProofOfAddressDate is { } d ? $" dated {d:yyyy-MM-dd}" : "")}; copy {(r.IdCopyReference is null ? "not kept" : "kept")}.";
        }

        return Task.FromResult(new CheckOutcome(result));
    }
}
