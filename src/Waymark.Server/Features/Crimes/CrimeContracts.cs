using Waymark.Core.Crimes;
using Waymark.Server.Data;
using Waymark.Server.Features.Sharing;
using Waymark.Server.Features.Auth;

namespace Waymark.Server.Features.Crimes;

/// <summary>An item of property stolen, as sent and returned by the API.</summary>
public sealed record PropertyItemDto(string Type, string? Description, int? Quantity, double? WeightKg, decimal? ValuePounds, string? MarkingCode);

/// <summary>3x5x2 grading as "1AP"/"2BC" with the conditions that a C handling code needs.</summary>
public sealed record GradingDto(string Code, string? Conditions);

/// <summary>Personal data of a crime: returned only to roles that may see it, with a stated purpose.</summary>
public sealed record PersonalDetailsDto(string? OfficerInCharge, string? VictimName, string? VictimContact, string? SuspectDescription, IReadOnlyList<string>? VehiclesSeen);

/// <summary>The body of POST /api/crimes and PUT /api/crimes/{id}. Times are ISO 8601 with an offset; location WGS84 or BNG.</summary>
public sealed record CrimeRequest
{
    public string? Reference { get; init; }
    public string? ExternalId { get; init; }
    public string? Category { get; init; }
    public bool? KnifeEnabled { get; init; }
    public string? Sector { get; init; }
    public string? AssetAffected { get; init; }
    public DateTimeOffset? OccurredFrom { get; init; }
    public DateTimeOffset? OccurredTo { get; init; }
    public DateTimeOffset? ReportedAt { get; init; }
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }
    public double? Easting { get; init; }
    public double? Northing { get; init; }
    public string? LocationDescription { get; init; }
    public string? LsoaCode { get; init; }
    public string? LsoaName { get; init; }
    public string? ModusOperandi { get; init; }
    public IReadOnlyList<string>? MoTags { get; init; }
    public IReadOnlyList<PropertyItemDto>? PropertyStolen { get; init; }
    public int? DisruptionMinutes { get; init; }
    public int? CustomersAffected { get; init; }
    public decimal? RepairCostPounds { get; init; }
    public int? OutcomeType { get; init; }
    public string? OutcomeText { get; init; }
    public PersonalDetailsDto? Personal { get; init; }
    public Visibility? Visibility { get; init; }
    public GradingDto? Grading { get; init; }
}

/// <summary>A crime as a caller may see it. <see cref="Personal"/> is null unless the caller may see personal data and stated a purpose.</summary>
public sealed record CrimeResponse
{
    public Guid Id { get; init; }
    public required string Reference { get; init; }
    public Guid OwnerOrganisationId { get; init; }
    public string? OwnerOrganisation { get; init; }
    public required string Source { get; init; }
    public string? ExternalId { get; init; }
    public required string Category { get; init; }
    public required string PoliceUkCategory { get; init; }
    public bool? KnifeEnabled { get; init; }
    public string? Sector { get; init; }
    public string? AssetAffected { get; init; }
    public DateTimeOffset OccurredFrom { get; init; }
    public DateTimeOffset OccurredTo { get; init; }
    public DateTimeOffset ReportedAt { get; init; }
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }
    public double? Easting { get; init; }
    public double? Northing { get; init; }
    public double? ItmEasting { get; init; }
    public double? ItmNorthing { get; init; }
    public string? GridNote { get; init; }
    public string? Cell1km { get; init; }
    public string? LocationDescription { get; init; }
    public string? LsoaCode { get; init; }
    public string? LsoaName { get; init; }
    public string? ModusOperandi { get; init; }
    public IReadOnlyList<string> MoTags { get; init; } = [];
    public IReadOnlyList<PropertyItemDto> PropertyStolen { get; init; } = [];
    public int? DisruptionMinutes { get; init; }
    public int? CustomersAffected { get; init; }
    public decimal? RepairCostPounds { get; init; }
    public int? OutcomeType { get; init; }
    public string? OutcomeTypeName { get; init; }
    public string? OutcomeText { get; init; }
    public Visibility Visibility { get; init; }
    public GradingDto? Grading { get; init; }
    public PersonalDetailsDto? Personal { get; init; }
    public string? PersonalDataNote { get; init; }
    public DateTimeOffset RecordedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Shapes a crime for a caller: the one place personal fields are let out (see <see cref="SharingRules"/>).</summary>
    public static CrimeResponse From(Crime c, Caller caller, bool purposeStated, IReadOnlyDictionary<Guid, string>? organisations = null)
    {
        var maySee = SharingRules.MaySeePersonalData(c, caller);
        var ownRecord = c.OwnerOrganisationId == caller.OrganisationId;
        var showPersonal = maySee && c.HasPersonalData && (purposeStated || ownRecord);
        return new CrimeResponse
        {
            Id = c.Id,
            Reference = c.Reference,
            OwnerOrganisationId = c.OwnerOrganisationId,
            OwnerOrganisation = organisations is not null && organisations.TryGetValue(c.OwnerOrganisationId, out var name) ? name : null,
            Source = c.Source,
            ExternalId = c.ExternalId,
            Category = c.Category,
            PoliceUkCategory = c.PoliceUkCategory,
            KnifeEnabled = c.KnifeEnabled,
            Sector = c.Sector,
            AssetAffected = c.AssetAffected,
            OccurredFrom = c.OccurredFrom,
            OccurredTo = c.OccurredTo,
            ReportedAt = c.ReportedAt,
            Latitude = c.Latitude,
            Longitude = c.Longitude,
            Easting = c.Easting,
            Northing = c.Northing,
            ItmEasting = c.ItmEasting,
            ItmNorthing = c.ItmNorthing,
            GridNote = c.ItmEasting is not null ? "Northern Ireland: British National Grid does not apply; Irish Transverse Mercator (EPSG:2157) given."
                : c.Latitude is null ? "No location recorded." : null,
            Cell1km = c.Cell1km,
            LocationDescription = c.LocationDescription,
            LsoaCode = c.LsoaCode,
            LsoaName = c.LsoaName,
            ModusOperandi = c.ModusOperandi,
            MoTags = SplitList(c.MoTags),
            PropertyStolen = c.PropertyStolen.Select(p => new PropertyItemDto(p.Type, p.Description, p.Quantity, p.WeightKg, p.ValuePounds, p.MarkingCode)).ToList(),
            DisruptionMinutes = c.DisruptionMinutes,
            CustomersAffected = c.CustomersAffected,
            RepairCostPounds = c.RepairCostPounds,
            OutcomeType = c.OutcomeType,
            OutcomeTypeName = c.OutcomeType is { } t && OutcomeTypes.Names.TryGetValue(t, out var tn) ? tn : null,
            OutcomeText = c.OutcomeText,
            Visibility = c.Visibility,
            Grading = c.GradingSource is { } s ? new GradingDto($"{s}{c.GradingIntelligence}{c.GradingHandling}", c.GradingConditions) : null,
            Personal = showPersonal
                ? new PersonalDetailsDto(c.OfficerInCharge, c.VictimName, c.VictimContact, c.SuspectDescription, SplitList(c.VehiclesSeen))
                : null,
            PersonalDataNote = maySee && c.HasPersonalData && !showPersonal
                ? "Personal data withheld: state a purpose (purpose query parameter or X-Waymark-Purpose header) to see it; the read is audited."
                : null,
            RecordedAt = c.RecordedAt,
            UpdatedAt = c.UpdatedAt,
        };
    }

    /// <summary>True when the response let personal data out, so the read must be audited.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool DisclosesPersonalData => Personal is not null;

    internal static IReadOnlyList<string> SplitList(string? joined) =>
        string.IsNullOrEmpty(joined) ? [] : joined.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    internal static string? JoinList(IEnumerable<string>? items)
    {
        var list = items?.Select(i => i.Trim()).Where(i => i.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        return list is null || list.Count == 0 ? null : string.Join(';', list);
    }
}
