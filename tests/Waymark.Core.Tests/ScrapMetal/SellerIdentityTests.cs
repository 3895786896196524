using Waymark.Core.ScrapMetal;

namespace Waymark.Core.Tests.ScrapMetal;

public sealed class SellerIdentityTests
{
    private static readonly DateOnly Received = new(2026, 11, 23);

    [Fact]
    public void PhotocardDrivingLicence_WithACopy_IsEnoughOnItsOwn() =>
        Assert.True(SellerIdentity.Evaluate(IdDocumentType.PhotocardDrivingLicence, copyKept: true, ProofOfAddressType.None, null, Received).Verified);

    [Fact]
    public void AnyDocument_WithoutACopyKept_IsABreach()
    {
        var verdict = SellerIdentity.Evaluate(IdDocumentType.PhotocardDrivingLicence, copyKept: false, ProofOfAddressType.None, null, Received);
        Assert.False(verdict.Verified);
        Assert.Equal(SellerIdentity.NoCopyKept, verdict.Code);
    }

    [Theory]
    [InlineData(IdDocumentType.Passport)]
    [InlineData(IdDocumentType.EeaIdentityCard)]
    [InlineData(IdDocumentType.BiometricResidencePermit)]
    public void PhotoIdOtherThanALicence_NeedsAProofOfAddress(IdDocumentType document)
    {
        Assert.Equal(SellerIdentity.ProofOfAddressMissing, SellerIdentity.Evaluate(document, true, ProofOfAddressType.None, null, Received).Code);
        Assert.True(SellerIdentity.Evaluate(document, true, ProofOfAddressType.UtilityBill, new DateOnly(2026, 10, 2), Received).Verified);
    }

    [Theory]
    [InlineData("2026-08-23", true)]  // exactly three months before: still within
    [InlineData("2026-08-22", false)] // three months and a day
    [InlineData("2026-11-23", true)]  // dated the same day
    [InlineData("2026-11-24", false)] // dated after the receipt
    public void ProofOfAddress_MustBeDatedWithinTheThreeMonthsBefore(string dated, bool verified)
    {
        var verdict = SellerIdentity.Evaluate(IdDocumentType.Passport, true, ProofOfAddressType.BankStatement, DateOnly.Parse(dated, System.Globalization.CultureInfo.InvariantCulture), Received);
        Assert.Equal(verified, verdict.Verified);
        if (!verified)
        {
            Assert.Equal(SellerIdentity.ProofOfAddressTooOld, verdict.Code);
        }
    }

    [Fact]
    public void MobilePhoneBill_IsNotAnAcceptedProofOfAddress()
    {
        var verdict = SellerIdentity.Evaluate(IdDocumentType.Passport, true, ProofOfAddressType.MobilePhoneBill, new DateOnly(2026, 11, 1), Received);
        Assert.Equal(SellerIdentity.ProofOfAddressNotAccepted, verdict.Code);
        Assert.Contains("mobile phone bill", verdict.Breach, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(IdDocumentType.None)]
    [InlineData(IdDocumentType.Other)]
    public void NoAcceptedDocument_IsNoValidId(IdDocumentType document) =>
        Assert.Equal(SellerIdentity.NoValidId, SellerIdentity.Evaluate(document, true, ProofOfAddressType.CouncilTax, Received, Received).Code);

    [Theory]
    [InlineData(PaymentMethod.NonTransferableCheque, null)]
    [InlineData(PaymentMethod.ElectronicTransfer, null)]
    [InlineData(PaymentMethod.Cash, PaymentRule.CashPayment)]
    [InlineData(PaymentMethod.InKind, PaymentRule.PaymentInKind)]
    public void Payment_OnlyChequeOrTransferIsLawful(PaymentMethod method, string? breach)
    {
        Assert.Equal(breach, PaymentRule.Breach(method));
        Assert.Equal(breach is null, PaymentRule.IsLawful(method));
    }
}
