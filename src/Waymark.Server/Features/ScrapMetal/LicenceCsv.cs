using Waymark.Server.Data;
using Waymark.Server.Features.Auth;
using Waymark.Server.Features.Sharing;

namespace Waymark.Server.Features.ScrapMetal;

/// <summary>
/// A council's licences as CSV: one row per site of a site licence (its licence fields repeated), one row for a collector's
/// licence. Organisations are named as they are in Waymark (dealer_organisation optional; police_force required).
/// </summary>
public static class LicenceCsv
{
    public static readonly string[] Columns =
    [
        "licence_number", "type", "holder_name", "dealer_organisation", "issuing_council", "police_force", "issued_on", "expires_on", "status",
        "site_name", "site_address", "site_postcode", "site_manager", "site_latitude", "site_longitude",
    ];

    public static readonly string[] Required = ["licence_number", "type", "holder_name", "police_force", "issued_on"];

    public const string Example =
        "WLDC/SMD/0042,site,Humber Metals Recycling Ltd,Humber Metals Recycling Ltd,West Lindsey District Council,Lincolnshire Police,2025-02-01,,active,Main yard,\"Carr Lane Industrial Estate, Gainsborough\",DN21 1LG,Karen Patel,53.3862,-0.7712";

    public static string Text => string.Join(",", Columns) + "\n" + Example + "\n";

    private static readonly Dictionary<string, string> FieldToColumn = new(StringComparer.Ordinal)
    {
        ["licenceNumber"] = "licence_number", ["holderName"] = "holder_name", ["dealerOrganisationId"] = "dealer_organisation",
        ["issuingCouncil"] = "issuing_council", ["councilOrganisationId"] = "issuing_council", ["policeForceOrganisationId"] = "police_force",
        ["issuedOn"] = "issued_on", ["expiresOn"] = "expires_on", ["sites"] = "site_name",
    };

    public static string ColumnOf(string field)
    {
        if (FieldToColumn.TryGetValue(field, out var column))
        {
            return column;
        }

        // sites[2].siteManager -> site_manager (row 3 of the licence)
        var dot = field.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && field.StartsWith("sites[", StringComparison.Ordinal)
            ? "site_" + WaymarkDb.SnakeCase(field[(dot + 1)..]).Replace("site_", "", StringComparison.Ordinal) + $" (site {int.Parse(field[6..field.IndexOf(']', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture) + 1})"
            : field;
    }

    public static (LicenceEndpoints.LicenceRequest Request, List<string> Errors) ToRequest(IReadOnlyList<CsvRow> rows, IReadOnlyDictionary<string, Organisation> organisations, Caller caller)
    {
        var errors = new List<string>();
        var first = rows[0];
        foreach (var row in rows.Skip(1))
        {
            foreach (var column in new[] { "type", "holder_name", "issuing_council", "police_force", "issued_on" })
            {
                if (!string.Equals(row[column], first[column], StringComparison.OrdinalIgnoreCase))
                {
                    errors.Add($"{column} differs between the rows of one licence (line {first.Line}: '{first[column]}', line {row.Line}: '{row[column]}')");
                }
            }
        }

        LicenceType? type = null;
        if (ScrapCsv.TryEnum<LicenceType>(first["type"], out var t))
        {
            type = t;
        }
        else
        {
            errors.Add($"type '{first["type"]}' is site or collector");
        }

        LicenceStatus? status = null;
        if (first["status"] is { } statusText)
        {
            if (ScrapCsv.TryEnum<LicenceStatus>(statusText, out var s))
            {
                status = s;
            }
            else
            {
                errors.Add($"status '{statusText}' is active, revoked, surrendered or suspended");
            }
        }

        Guid? Org(string column, OrganisationKind kind, string what)
        {
            if (first[column] is not { } name)
            {
                return null;
            }

            if (organisations.TryGetValue(name, out var org) && org.Kind == kind)
            {
                return org.Id;
            }

            errors.Add($"{column} '{name}' is not {what} in Waymark");
            return null;
        }

        var dealer = Org("dealer_organisation", OrganisationKind.Dealer, "a dealer organisation");
        var force = Org("police_force", OrganisationKind.PoliceForce, "a police force");
        Guid? council;
        var issuing = first["issuing_council"];
        if (SharingRules.IsCouncil(caller))
        {
            council = caller.OrganisationId;
            var own = organisations.Values.First(o => o.Id == caller.OrganisationId).Name;
            if (issuing is not null && !string.Equals(issuing, own, StringComparison.OrdinalIgnoreCase))
            {
                errors.Add($"issuing_council '{issuing}' is not your council ({own}): a council imports only the licences it issues");
            }

            issuing ??= own;
        }
        else
        {
            council = issuing is not null && organisations.TryGetValue(issuing, out var c) && c.Kind == OrganisationKind.LocalAuthority ? c.Id : null;
        }

        DateOnly? Date(string column)
        {
            if (first[column] is not { } text)
            {
                return null;
            }

            if (ScrapCsv.TryDate(text, out var d))
            {
                return d;
            }

            errors.Add($"{column} '{text}' is not a date (yyyy-MM-dd)");
            return null;
        }

        var sites = new List<LicenceEndpoints.SiteRequest>();
        if (type == LicenceType.Site)
        {
            foreach (var row in rows)
            {
                double? lat = row["site_latitude"] is { } la ? ScrapCsv.TryDouble(la, out var v1) ? v1 : double.NaN : null;
                double? lon = row["site_longitude"] is { } lo ? ScrapCsv.TryDouble(lo, out var v2) ? v2 : double.NaN : null;
                sites.Add(new LicenceEndpoints.SiteRequest(row["site_name"], row["site_address"], row["site_postcode"], row["site_manager"], lat, lon, null));
            }
        }
        else if (rows.Count > 1 || rows.Any(r => r["site_name"] is not null))
        {
            errors.Add("a collector's licence is one row with no site");
        }

        return (new LicenceEndpoints.LicenceRequest
        {
            LicenceNumber = first["licence_number"],
            Type = type,
            HolderName = first["holder_name"],
            DealerOrganisationId = dealer,
            IssuingCouncil = issuing,
            CouncilOrganisationId = council,
            PoliceForceOrganisationId = force,
            IssuedOn = Date("issued_on"),
            ExpiresOn = Date("expires_on"),
            Status = status,
            Sites = sites,
        }, errors);
    }
}
