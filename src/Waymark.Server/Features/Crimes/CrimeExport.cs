using System.Globalization;
using System.Text;
using System.Text.Json;
using CsvHelper;

namespace Waymark.Server.Features.Crimes;

/// <summary>Writes shaped crimes as CSV (for spreadsheets) and GeoJSON (for GIS). Only what the caller may see is written.</summary>
public static class CrimeExport
{
    public static byte[] ToCsv(IReadOnlyList<CrimeResponse> crimes)
    {
        using var stream = new MemoryStream();
        using (var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true))
        using (var csv = new CsvWriter(writer, CultureInfo.InvariantCulture))
        {
            string[] header =
            [
                "id", "reference", "owner", "source", "external_id", "category", "police_uk_category", "sector", "asset",
                "occurred_from", "occurred_to", "reported_at", "latitude", "longitude", "easting", "northing",
                "itm_easting", "itm_northing", "location", "lsoa_code", "lsoa_name", "modus_operandi", "mo_tags",
                "property", "disruption_minutes", "customers_affected", "repair_cost_pounds", "outcome_type", "outcome_text",
                "visibility", "grading", "officer_in_charge", "victim_name", "victim_contact", "suspect_description", "vehicles_seen",
            ];
            foreach (var h in header)
            {
                csv.WriteField(h);
            }

            csv.NextRecord();
            foreach (var c in crimes)
            {
                object?[] row =
                [
                    c.Id, c.Reference, c.OwnerOrganisation, c.Source, c.ExternalId, c.Category, c.PoliceUkCategory, c.Sector, c.AssetAffected,
                    c.OccurredFrom.ToString("O", CultureInfo.InvariantCulture), c.OccurredTo.ToString("O", CultureInfo.InvariantCulture),
                    c.ReportedAt.ToString("O", CultureInfo.InvariantCulture), c.Latitude, c.Longitude, c.Easting, c.Northing,
                    c.ItmEasting, c.ItmNorthing, c.LocationDescription, c.LsoaCode, c.LsoaName, c.ModusOperandi, string.Join(';', c.MoTags),
                    string.Join("; ", c.PropertyStolen.Select(p => $"{p.Quantity?.ToString(CultureInfo.InvariantCulture) ?? ""} {p.Type} {p.WeightKg?.ToString(CultureInfo.InvariantCulture) ?? ""}kg £{p.ValuePounds?.ToString(CultureInfo.InvariantCulture) ?? ""}".Trim())),
                    c.DisruptionMinutes, c.CustomersAffected, c.RepairCostPounds, c.OutcomeType, c.OutcomeText, c.Visibility, c.Grading?.Code,
                    c.Personal?.OfficerInCharge, c.Personal?.VictimName, c.Personal?.VictimContact, c.Personal?.SuspectDescription,
                    c.Personal?.VehiclesSeen is { } v ? string.Join(';', v) : null,
                ];
                foreach (var field in row)
                {
                    csv.WriteField(field is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : field?.ToString());
                }

                csv.NextRecord();
            }
        }

        return stream.ToArray();
    }

    public static byte[] ToGeoJson(IReadOnlyList<CrimeResponse> crimes)
    {
        var features = crimes.Select(c => new
        {
            type = "Feature",
            id = c.Id,
            geometry = c.Latitude is { } lat && c.Longitude is { } lon ? new { type = "Point", coordinates = new[] { lon, lat } } : null,
            properties = c,
        });
        return JsonSerializer.SerializeToUtf8Bytes(new { type = "FeatureCollection", features }, Json.Options);
    }
}
