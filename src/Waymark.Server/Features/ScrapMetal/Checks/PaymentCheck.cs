using Waymark.Core.ScrapMetal;

namespace Waymark.Server.Features.ScrapMetal.Checks;

/// <summary>s.12: payment by non-transferable cheque or electronic transfer only; cash or payment in kind is an offence.</summary>
public sealed class PaymentCheck : IReceiptCheck
{
    public const string CheckName = "payment";

    public string Name => CheckName;

    public Task<CheckOutcome> RunAsync(ReceiptCheckContext context, CancellationToken ct)
    {
        var r = context.Receipt;
        var breach = PaymentRule.Breach(r.Payment);
        var result = new ReceiptCheckResult { Check = Name, Kind = CheckKinds.Breach, Passed = breach is null, Code = breach };
        if (breach is not null)
        {
            result.DealerMessage = (r.Payment == PaymentMethod.Cash ? "Paid in cash" : "Paid in kind")
                + ": a dealer may pay for scrap metal only by non-transferable cheque or electronic transfer (s.12). Pay that way in future; this receipt stays on record as a breach.";
            result.Detail = $"Payment recorded as {r.Payment}{(r.AmountPounds is { } a ? $", £{a:0.00}" : "")}, paid by the dealer's {r.PaidBy}.";
        }
        else if (r.PaymentReference is null)
        {
            // Lawful, but s.13 wants the cheque copy or transfer receipt kept: say so without making it a breach of s.12.
            result.DealerMessage = "Keep a copy of the cheque or the transfer receipt with the record (s.13): add its reference.";
        }

        return Task.FromResult(new CheckOutcome(result));
    }
}
