using Waymark.Core.ScrapMetal;

namespace Waymark.Server.Features.ScrapMetal;

/// <summary>One lot of metal as sent and returned by the API. Weight in kilograms.</summary>
public sealed record ReceiptItemDto(string? MetalType, string? Form, string? Condition, double? WeightKg, string? Marks, string? MarkingCode);

/// <summary>
/// The body of POST /api/scrap/receipts: every field s.13 requires. Name the licence by id or number; a site licence
/// with more than one site needs the site. Times are ISO 8601 with an offset.
/// </summary>
public sealed record ReceiptRequest
{
    public string? Reference { get; init; }
    public Guid? LicenceId { get; init; }
    public string? LicenceNumber { get; init; }
    public Guid? SiteId { get; init; }

    /// <summary>The site by its name on the licence, instead of <see cref="SiteId"/> (CSV uploads).</summary>
    public string? SiteName { get; init; }
    public DateTimeOffset? ReceivedAt { get; init; }
    public IReadOnlyList<ReceiptItemDto>? Items { get; init; }

    /// <summary>The registration mark of the vehicle the metal came in; omit (or null) when it came without a vehicle.</summary>
    public string? VehicleRegistration { get; init; }

    /// <summary>True when the plate is not a UK one: only its characters are checked.</summary>
    public bool? VehicleForeign { get; init; }
    public string? SellerName { get; init; }
    public string? SellerAddress { get; init; }
    public IdDocumentType? IdDocument { get; init; }
    public string? IdCopyReference { get; init; }
    public ProofOfAddressType? ProofOfAddress { get; init; }
    public DateOnly? ProofOfAddressDate { get; init; }
    public string? ProofOfAddressCopyReference { get; init; }
    public string? PaidBy { get; init; }
    public PaymentMethod? Payment { get; init; }
    public string? PaymentReference { get; init; }
    public decimal? AmountPounds { get; init; }

    /// <summary>For a collector's receipt: where the metal was collected (WGS84). Site receipts take the site's position.</summary>
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }
}

/// <summary>A check's result as a caller may see it: police get the detail; everyone else what to do.</summary>
public sealed record CheckResultDto(string Check, string Kind, bool Passed, bool Ran, string? Code, string? Message, string? Detail, IReadOnlyList<string>? RelatedIds);

/// <summary>The personal part of a receipt: the seller, their documents, the vehicle and the payer.</summary>
public sealed record ReceiptPersonalDto(
    string SellerName, string SellerAddress, string? VehicleRegistration, string? VehiclePlateFormat,
    IdDocumentType IdDocument, string? IdCopyReference, ProofOfAddressType ProofOfAddress, DateOnly? ProofOfAddressDate,
    string? ProofOfAddressCopyReference, string PaidBy, string? PaymentReference);

public sealed record ReceiptResponse
{
    public Guid Id { get; init; }
    public required string Reference { get; init; }
    public Guid DealerOrganisationId { get; init; }
    public string? Dealer { get; init; }
    public Guid LicenceId { get; init; }
    public string? LicenceNumber { get; init; }
    public Guid? SiteId { get; init; }
    public DateTimeOffset ReceivedAt { get; init; }
    public IReadOnlyList<ReceiptItemDto> Items { get; init; } = [];
    public double TotalWeightKg { get; init; }
    public PaymentMethod Payment { get; init; }
    public decimal? AmountPounds { get; init; }
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }
    public bool IdVerified { get; init; }
    public int BreachCount { get; init; }
    public bool Flagged { get; init; }

    /// <summary>For the dealer: what the flag means and what to do.</summary>
    public string? Advice { get; init; }
    public IReadOnlyList<CheckResultDto> Checks { get; init; } = [];
    public ReceiptPersonalDto? Personal { get; init; }
    public string? PersonalDataNote { get; init; }
    public required string Source { get; init; }
    public DateTimeOffset RecordedAt { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public bool DisclosesPersonalData => Personal is not null;
}
