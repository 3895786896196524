using Waymark.Core.ScrapMetal;

namespace Waymark.Server.Features.ScrapMetal;

/// <summary>
/// The receipts CSV a dealer uploads from a weighbridge or spreadsheet: one row per lot of metal; rows sharing a
/// reference are one receipt (a mixed load), whose other fields are taken from its first row. Times without an offset
/// are UK local time. Re-uploading a file is safe: a reference already recorded is reported, not recorded twice.
/// </summary>
public static class ReceiptCsv
{
    public static readonly string[] Columns =
    [
        "reference", "licence_number", "site", "received_at", "metal_type", "form", "condition", "weight_kg", "marks", "marking_code",
        "vehicle_registration", "vehicle_foreign", "seller_name", "seller_address", "id_document", "id_copy_reference",
        "proof_of_address", "proof_of_address_date", "proof_of_address_copy_reference", "paid_by", "payment", "payment_reference",
        "amount_pounds", "latitude", "longitude",
    ];

    public static readonly string[] Required = ["reference", "licence_number", "received_at", "metal_type", "weight_kg", "seller_name", "seller_address", "id_document", "paid_by", "payment"];

    public const string Example =
        "T-10452,WLDC/SMD/0042,Main yard,2026-11-20 10:42,copper,cable,burnt,84.5,,,AB12 CDE,false,John Smith,\"12 Station Road, Gainsborough DN21 2AA\",PhotocardDrivingLicence,scan-10452.pdf,,,,K. Patel,ElectronicTransfer,BACS 4471,512.40,,";

    public static string Text => string.Join(",", Columns) + "\n" + Example + "\n";

    private static readonly Dictionary<string, string> FieldToColumn = new(StringComparer.Ordinal)
    {
        ["licenceNumber"] = "licence_number", ["licenceId"] = "licence_number", ["siteName"] = "site", ["siteId"] = "site",
        ["receivedAt"] = "received_at", ["vehicleRegistration"] = "vehicle_registration", ["sellerName"] = "seller_name",
        ["sellerAddress"] = "seller_address", ["idDocument"] = "id_document", ["proofOfAddress"] = "proof_of_address",
        ["paidBy"] = "paid_by", ["amountPounds"] = "amount_pounds",
    };

    public static string ColumnOf(string field) =>
        FieldToColumn.TryGetValue(field, out var column) ? column
        : field.StartsWith("items[", StringComparison.Ordinal) ? WaymarkDbSnake(field[(field.IndexOf('.', StringComparison.Ordinal) + 1)..])
        : field;

    private static string WaymarkDbSnake(string field) => Data.WaymarkDb.SnakeCase(field);

    /// <summary>Turns the rows of one receipt into a request, or the reasons its cells cannot be read.</summary>
    public static (ReceiptRequest Request, List<string> Errors) ToRequest(IReadOnlyList<CsvRow> rows)
    {
        var errors = new List<string>();
        var first = rows[0];
        var items = new List<ReceiptItemDto>();
        foreach (var row in rows)
        {
            if (row["__extra"] is { } extra)
            {
                errors.Add($"line {row.Line} has {extra}");
            }

            double? weight = null;
            if (row["weight_kg"] is { } w)
            {
                if (ScrapCsv.TryDouble(w, out var kg))
                {
                    weight = kg;
                }
                else
                {
                    errors.Add($"weight_kg '{w}' is not a number of kilograms");
                }
            }

            items.Add(new ReceiptItemDto(row["metal_type"], row["form"], row["condition"], weight, row["marks"], row["marking_code"]));
        }

        DateTimeOffset? receivedAt = null;
        if (first["received_at"] is { } at)
        {
            if (ScrapCsv.TryInstant(at, out var t))
            {
                receivedAt = t;
            }
            else
            {
                errors.Add($"received_at '{at}' is not a date and time (2026-11-20 10:42, UK time, or ISO 8601 with an offset)");
            }
        }

        IdDocumentType? id = null;
        if (first["id_document"] is { } idText)
        {
            if (ScrapCsv.TryEnum<IdDocumentType>(idText, out var parsed))
            {
                id = parsed;
            }
            else
            {
                errors.Add($"id_document '{idText}' is not one of {string.Join(", ", Enum.GetNames<IdDocumentType>())}");
            }
        }

        ProofOfAddressType? proof = null;
        if (first["proof_of_address"] is { } proofText)
        {
            if (ScrapCsv.TryEnum<ProofOfAddressType>(proofText, out var parsed))
            {
                proof = parsed;
            }
            else
            {
                errors.Add($"proof_of_address '{proofText}' is not one of {string.Join(", ", Enum.GetNames<ProofOfAddressType>())}");
            }
        }

        DateOnly? proofDate = null;
        if (first["proof_of_address_date"] is { } dateText)
        {
            if (ScrapCsv.TryDate(dateText, out var d))
            {
                proofDate = d;
            }
            else
            {
                errors.Add($"proof_of_address_date '{dateText}' is not a date (yyyy-MM-dd)");
            }
        }

        PaymentMethod? payment = null;
        if (first["payment"] is { } payText)
        {
            if (ScrapCsv.TryEnum<PaymentMethod>(payText, out var parsed))
            {
                payment = parsed;
            }
            else
            {
                errors.Add($"payment '{payText}' is not one of {string.Join(", ", Enum.GetNames<PaymentMethod>())}");
            }
        }

        decimal? amount = null;
        if (first["amount_pounds"] is { } amountText)
        {
            if (ScrapCsv.TryDecimal(amountText, out var a))
            {
                amount = a;
            }
            else
            {
                errors.Add($"amount_pounds '{amountText}' is not an amount");
            }
        }

        double? lat = null, lon = null;
        if (first["latitude"] is { } latText)
        {
            lat = ScrapCsv.TryDouble(latText, out var v) ? v : double.NaN;
        }

        if (first["longitude"] is { } lonText)
        {
            lon = ScrapCsv.TryDouble(lonText, out var v) ? v : double.NaN;
        }

        var foreign = first["vehicle_foreign"] is { } f && (f.Equals("true", StringComparison.OrdinalIgnoreCase) || f.Equals("yes", StringComparison.OrdinalIgnoreCase) || f == "1");
        return (new ReceiptRequest
        {
            Reference = first["reference"],
            LicenceNumber = first["licence_number"],
            SiteName = first["site"],
            ReceivedAt = receivedAt,
            Items = items,
            VehicleRegistration = first["vehicle_registration"],
            VehicleForeign = foreign,
            SellerName = first["seller_name"],
            SellerAddress = first["seller_address"],
            IdDocument = id,
            IdCopyReference = first["id_copy_reference"],
            ProofOfAddress = proof,
            ProofOfAddressDate = proofDate,
            ProofOfAddressCopyReference = first["proof_of_address_copy_reference"],
            PaidBy = first["paid_by"],
            Payment = payment,
            PaymentReference = first["payment_reference"],
            AmountPounds = amount,
            Latitude = lat,
            Longitude = lon,
        }, errors);
    }
}
