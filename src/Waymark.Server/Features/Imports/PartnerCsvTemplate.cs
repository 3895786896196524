using System.Globalization;
using Waymark.Core.Crimes;
using Waymark.Server.Features.Crimes;

namespace Waymark.Server.Features.Imports;

/// <summary>
/// The CSV template partners use for their own crime reports: one row per crime, snake_case headers, times in
/// ISO 8601 (UTC if no offset), location as latitude/longitude or easting/northing (or neither: kept unlocated).
/// <c>external_id</c> is the partner's own reference and makes re-imports idempotent.
/// </summary>
public static class PartnerCsvTemplate
{
    public static readonly string[] Columns =
    [
        "external_id", "reference", "category", "sector", "asset", "occurred_from", "occurred_to", "reported_at",
        "latitude", "longitude", "easting", "northing", "location", "modus_operandi", "mo_tags",
        "property_type", "property_quantity", "property_weight_kg", "property_value", "marking_code",
        "disruption_minutes", "customers_affected", "repair_cost", "visibility",
    ];

    public static readonly string[] Required = ["external_id", "category", "occurred_from"];

    public const string Example =
        "NR-2026-0412,,metal-theft-rail-signalling-cable,rail,Signal cable GL/123 (Doncaster - Retford),2026-03-02T23:00:00Z,2026-03-03T05:30:00Z,2026-03-03T06:10:00Z,53.4986,-1.0931,,,Lineside near Bawtry,Cable cut and pulled from trough,night;cable-cut;vehicle-used,copper signalling cable,1,220,3400,,195,12000,18000,Partnership";

    public static string Text => string.Join(",", Columns) + "\n" + Example + "\n";

    private static readonly Dictionary<string, string> FieldToColumn = new(StringComparer.Ordinal)
    {
        ["externalId"] = "external_id", ["occurredFrom"] = "occurred_from", ["occurredTo"] = "occurred_to", ["reportedAt"] = "reported_at",
        ["assetAffected"] = "asset", ["locationDescription"] = "location", ["modusOperandi"] = "modus_operandi", ["moTags"] = "mo_tags",
        ["disruptionMinutes"] = "disruption_minutes", ["customersAffected"] = "customers_affected", ["repairCostPounds"] = "repair_cost",
        ["propertyStolen[0].type"] = "property_type", ["propertyStolen[0]"] = "property_quantity/weight/value",
    };

    public static string ColumnOf(string field) => FieldToColumn.GetValueOrDefault(field, field);

    public static (CrimeRequest Request, Dictionary<string, string[]> Errors) ToRequest(IReadOnlyDictionary<string, string?> row)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        string? Get(string c) => row.TryGetValue(c, out var v) ? v : null;

        DateTimeOffset? Time(string column)
        {
            var text = Get(column);
            if (text is null)
            {
                return null;
            }

            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t))
            {
                return t;
            }

            errors[column] = [$"'{text}' is not an ISO 8601 date-time."];
            return null;
        }

        T? Number<T>(string column) where T : struct, IParsable<T>
        {
            var text = Get(column);
            if (text is null)
            {
                return null;
            }

            if (T.TryParse(text, CultureInfo.InvariantCulture, out var n))
            {
                return n;
            }

            errors[column] = [$"'{text}' is not a number."];
            return null;
        }

        Visibility? visibility = null;
        if (Get("visibility") is { } vis)
        {
            if (Enum.TryParse<Visibility>(vis, ignoreCase: true, out var v) && Enum.IsDefined(v))
            {
                visibility = v;
            }
            else
            {
                errors["visibility"] = [$"'{vis}' is Organisation, Partnership or LawEnforcement."];
            }
        }

        List<PropertyItemDto>? property = null;
        if (Get("property_type") is { } type)
        {
            property = [new PropertyItemDto(type, null, Number<int>("property_quantity"), Number<double>("property_weight_kg"), Number<decimal>("property_value"), Get("marking_code"))];
        }

        var request = new CrimeRequest
        {
            ExternalId = Get("external_id"),
            Reference = Get("reference"),
            Category = Get("category"),
            Sector = Get("sector"),
            AssetAffected = Get("asset"),
            OccurredFrom = Time("occurred_from"),
            OccurredTo = Time("occurred_to"),
            ReportedAt = Time("reported_at"),
            Latitude = Number<double>("latitude"),
            Longitude = Number<double>("longitude"),
            Easting = Number<double>("easting"),
            Northing = Number<double>("northing"),
            LocationDescription = Get("location"),
            ModusOperandi = Get("modus_operandi"),
            MoTags = Get("mo_tags")?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            PropertyStolen = property,
            DisruptionMinutes = Number<int>("disruption_minutes"),
            CustomersAffected = Number<int>("customers_affected"),
            RepairCostPounds = Number<decimal>("repair_cost"),
            Visibility = visibility,
        };
        return (request, errors);
    }
}
