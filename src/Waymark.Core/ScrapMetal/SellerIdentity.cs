namespace Waymark.Core.ScrapMetal;

/// <summary>The documents a dealer may see to verify a seller's name (Scrap Metal Dealers Act 2013, s.11, and its 2013 regulations).</summary>
public enum IdDocumentType
{
    None = 0,

    /// <summary>A UK photocard driving licence: verifies name and address on its own.</summary>
    PhotocardDrivingLicence = 1,

    Passport = 2,

    /// <summary>A national identity card issued by an EEA state.</summary>
    EeaIdentityCard = 3,

    BiometricResidencePermit = 4,

    /// <summary>Anything else (a bus pass, a works badge): not enough under s.11.</summary>
    Other = 9,
}

/// <summary>Documents that verify a seller's address alongside a passport, EEA card or biometric permit.</summary>
public enum ProofOfAddressType
{
    None = 0,
    BankStatement = 1,
    BuildingSocietyStatement = 2,
    CreditCardStatement = 3,
    CouncilTax = 4,

    /// <summary>Gas, electricity, water or landline bill.</summary>
    UtilityBill = 5,

    /// <summary>Expressly not acceptable: a mobile telephone bill.</summary>
    MobilePhoneBill = 6,

    Other = 9,
}

/// <summary>The outcome of the s.11 identity rule: verified, or the breach and what the dealer must do.</summary>
public sealed record IdentityVerdict(bool Verified, string? Breach, string? Code)
{
    public static readonly IdentityVerdict Ok = new(true, null, null);
}

/// <summary>
/// s.11: a dealer must verify the seller's full name and address before receiving metal. A photocard driving licence
/// does it alone; a passport, EEA national identity card or biometric residence permit needs a proof of address
/// (bank, building society or credit-card statement, council tax, a utility bill — not a mobile phone bill) dated within
/// the three months before the receipt. In both cases a copy is kept.
/// </summary>
public static class SellerIdentity
{
    public const string NoValidId = "no-valid-id";
    public const string ProofOfAddressMissing = "proof-of-address-missing";
    public const string ProofOfAddressTooOld = "proof-of-address-too-old";
    public const string ProofOfAddressNotAccepted = "proof-of-address-not-accepted";
    public const string NoCopyKept = "no-id-copy-kept";

    public static bool IsAcceptedProofOfAddress(ProofOfAddressType type) => type is ProofOfAddressType.BankStatement
        or ProofOfAddressType.BuildingSocietyStatement or ProofOfAddressType.CreditCardStatement
        or ProofOfAddressType.CouncilTax or ProofOfAddressType.UtilityBill;

    /// <summary>Applies s.11 to what the dealer recorded on <paramref name="receivedOn"/> (a UK calendar date).</summary>
    public static IdentityVerdict Evaluate(IdDocumentType document, bool copyKept, ProofOfAddressType proof, DateOnly? proofDated, DateOnly receivedOn)
    {
        switch (document)
        {
            case IdDocumentType.PhotocardDrivingLicence:
                break;
            case IdDocumentType.Passport or IdDocumentType.EeaIdentityCard or IdDocumentType.BiometricResidencePermit:
                if (proof == ProofOfAddressType.None)
                {
                    return new(false, "A passport, EEA identity card or biometric residence permit needs a proof of address as well (s.11).", ProofOfAddressMissing);
                }

                if (!IsAcceptedProofOfAddress(proof))
                {
                    return new(false, proof == ProofOfAddressType.MobilePhoneBill
                        ? "A mobile phone bill is not an accepted proof of address (s.11 regulations): use a bank, building society or credit-card statement, council tax or a utility bill."
                        : "The proof of address is not one of those accepted: a bank, building society or credit-card statement, council tax or a utility bill.", ProofOfAddressNotAccepted);
                }

                if (proofDated is not { } dated)
                {
                    return new(false, "The proof of address has no date: it must be dated within the three months before the receipt.", ProofOfAddressTooOld);
                }

                if (dated < receivedOn.AddMonths(-3) || dated > receivedOn)
                {
                    return new(false, $"The proof of address is dated {dated:yyyy-MM-dd}: it must be dated within the three months before the receipt ({receivedOn.AddMonths(-3):yyyy-MM-dd} to {receivedOn:yyyy-MM-dd}).", ProofOfAddressTooOld);
                }

                break;
            default:
                return new(false, "No valid identity document was seen: a photocard driving licence, or a passport, EEA identity card or biometric residence permit with a proof of address (s.11).", NoValidId);
        }

        return copyKept ? IdentityVerdict.Ok : new(false, "A copy of the identity document must be kept with the record (s.11): record the reference of the copy.", NoCopyKept);
    }
}
