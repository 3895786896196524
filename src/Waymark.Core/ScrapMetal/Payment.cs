namespace Waymark.Core.ScrapMetal;

/// <summary>How a dealer paid for metal. Only a non-transferable cheque and an electronic transfer are lawful (s.12).</summary>
public enum PaymentMethod
{
    NonTransferableCheque = 1,
    ElectronicTransfer = 2,
    Cash = 3,

    /// <summary>Payment in kind (goods, services): as unlawful as cash under s.12.</summary>
    InKind = 4,
}

public static class PaymentRule
{
    public const string CashPayment = "cash-payment";
    public const string PaymentInKind = "payment-in-kind";

    public static bool IsLawful(PaymentMethod method) => method is PaymentMethod.NonTransferableCheque or PaymentMethod.ElectronicTransfer;

    /// <summary>The breach code of an unlawful payment, or null.</summary>
    public static string? Breach(PaymentMethod method) => method switch
    {
        PaymentMethod.Cash => CashPayment,
        PaymentMethod.InKind => PaymentInKind,
        _ => null,
    };
}
