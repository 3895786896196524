using Waymark.Core.Crimes;

namespace Waymark.Server.Data;

/// <summary>
/// A crime in the shared database. Located crimes carry WGS84 latitude/longitude and, in Great Britain,
/// British National Grid easting/northing in metres (EPSG:27700, OSTN15); in Northern Ireland, Irish
/// Transverse Mercator (EPSG:2157) instead. Instants are UTC.
/// </summary>
public sealed class Crime
{
    public Guid Id { get; set; }

    /// <summary>The human reference shown to users, e.g. the force's crime number or WM-… for Waymark's own.</summary>
    public required string Reference { get; set; }

    public Guid OwnerOrganisationId { get; set; }

    /// <summary>Where the record came from: api, policeuk, partner-csv, demo.</summary>
    public required string Source { get; set; }

    /// <summary>The source's own identifier (police.uk Crime ID, a partner's incident number).</summary>
    public string? ExternalId { get; set; }

    /// <summary>The idempotency key of an imported row, unique per source; null for records made through the API.</summary>
    public string? ImportKey { get; set; }

    public required string Category { get; set; }

    /// <summary>The police.uk category it rolls up to.</summary>
    public required string PoliceUkCategory { get; set; }

    public bool? KnifeEnabled { get; set; }

    public string? Sector { get; set; }

    public string? AssetAffected { get; set; }

    public DateTime OccurredFrom { get; set; }

    public DateTime OccurredTo { get; set; }

    public DateTime ReportedAt { get; set; }

    public double? Latitude { get; set; }

    public double? Longitude { get; set; }

    /// <summary>British National Grid easting, metres; null outside Great Britain.</summary>
    public double? Easting { get; set; }

    public double? Northing { get; set; }

    /// <summary>Irish Transverse Mercator easting, metres; Northern Ireland only.</summary>
    public double? ItmEasting { get; set; }

    public double? ItmNorthing { get; set; }

    /// <summary>BNG-aligned 100 m cell key, indexable on both databases.</summary>
    public string? Cell100m { get; set; }

    /// <summary>BNG-aligned 1 km cell key.</summary>
    public string? Cell1km { get; set; }

    public string? LocationDescription { get; set; }

    public string? LsoaCode { get; set; }

    public string? LsoaName { get; set; }

    public string? ModusOperandi { get; set; }

    /// <summary>Modus operandi tags, stored ';'-separated.</summary>
    public string? MoTags { get; set; }

    public List<PropertyItem> PropertyStolen { get; set; } = [];

    public int? DisruptionMinutes { get; set; }

    public int? CustomersAffected { get; set; }

    public decimal? RepairCostPounds { get; set; }

    /// <summary>Home Office outcome type 0–22.</summary>
    public int? OutcomeType { get; set; }

    /// <summary>police.uk's "Last outcome category" text.</summary>
    public string? OutcomeText { get; set; }

    // Personal data: law enforcement (and the reporting owner) only, every read audited with its purpose.
    public string? OfficerInCharge { get; set; }

    public string? VictimName { get; set; }

    public string? VictimContact { get; set; }

    public string? SuspectDescription { get; set; }

    /// <summary>Vehicle registration marks seen, ';'-separated.</summary>
    public string? VehiclesSeen { get; set; }

    public Visibility Visibility { get; set; }

    public int? GradingSource { get; set; }

    public string? GradingIntelligence { get; set; }

    public string? GradingHandling { get; set; }

    public string? GradingConditions { get; set; }

    public DateTime RecordedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public bool HasPersonalData =>
        OfficerInCharge is not null || VictimName is not null || VictimContact is not null ||
        SuspectDescription is not null || VehiclesSeen is not null;
}

/// <summary>An item of property stolen. Weight in kilograms, value in pounds sterling.</summary>
public sealed class PropertyItem
{
    public required string Type { get; set; }

    public string? Description { get; set; }

    public int? Quantity { get; set; }

    public double? WeightKg { get; set; }

    public decimal? ValuePounds { get; set; }

    /// <summary>A forensic marking code seen on the property, if any.</summary>
    public string? MarkingCode { get; set; }
}
