using Waymark.Core.Crimes;
using Waymark.Server.Data;

namespace Waymark.Server.Features.Crimes;

/// <summary>
/// Validates a <see cref="CrimeRequest"/> and applies it to a crime. Every problem is collected against the
/// camelCase field it concerns, so the caller gets one 400 ValidationProblem naming each bad field.
/// </summary>
public static class CrimeRules
{
    public static Dictionary<string, string[]> Apply(CrimeRequest r, Crime crime, DateTime now)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Fail(string field, string reason)
        {
            if (!errors.TryGetValue(field, out var list))
            {
                errors[field] = list = [];
            }

            list.Add(reason);
        }

        if (string.IsNullOrWhiteSpace(r.Category))
        {
            Fail("category", "is required: one of the kebab-case category slugs (GET /api/categories).");
        }
        else if (!CrimeCategories.TryGet(r.Category, out var category))
        {
            Fail("category", $"'{r.Category}' is not a known category slug (GET /api/categories).");
        }
        else
        {
            crime.Category = category.Slug;
            crime.PoliceUkCategory = category.PoliceUkSlug;
            crime.Sector = r.Sector ?? category.Sector;
        }

        if (r.Sector is not null && !Sector.IsKnown(r.Sector))
        {
            Fail("sector", $"'{r.Sector}' is not a sector: {string.Join(", ", Sector.All)}.");
        }

        if (r.KnifeEnabled is not null && r.Category is not null && !r.Category.StartsWith("robbery", StringComparison.Ordinal) && r.Category != "violent-crime" && r.Category != "possession-of-weapons")
        {
            Fail("knifeEnabled", "applies to robbery, violence and weapons offences only.");
        }

        if (r.OccurredFrom is not { } from)
        {
            Fail("occurredFrom", "is required (ISO 8601 with an offset, e.g. 2026-03-01T22:00:00Z).");
        }
        else if (r.OccurredTo is { } to && to < from)
        {
            Fail("occurredTo", "ends before occurredFrom: a crime's window must not end before it starts.");
        }
        else
        {
            var window = TimeWindow.Create(from, r.OccurredTo);
            crime.OccurredFrom = window.From.UtcDateTime;
            crime.OccurredTo = window.To.UtcDateTime;
            crime.ReportedAt = (r.ReportedAt ?? new DateTimeOffset(now, TimeSpan.Zero)).UtcDateTime;
            if (crime.ReportedAt < crime.OccurredFrom)
            {
                Fail("reportedAt", "is before the crime occurred.");
            }

            if (window.From.UtcDateTime > now.AddMinutes(5))
            {
                Fail("occurredFrom", "is in the future.");
            }
        }

        ApplyLocation(r, crime, Fail);

        if (r.OutcomeType is { } outcome && !OutcomeTypes.IsValid(outcome))
        {
            Fail("outcomeType", "is a Home Office outcome type from 0 to 22.");
        }

        if (r.DisruptionMinutes is < 0)
        {
            Fail("disruptionMinutes", "cannot be negative.");
        }

        if (r.CustomersAffected is < 0)
        {
            Fail("customersAffected", "cannot be negative.");
        }

        if (r.RepairCostPounds is < 0)
        {
            Fail("repairCostPounds", "cannot be negative.");
        }

        var items = new List<PropertyItem>();
        for (var i = 0; i < (r.PropertyStolen?.Count ?? 0); i++)
        {
            var p = r.PropertyStolen![i];
            if (string.IsNullOrWhiteSpace(p.Type))
            {
                Fail($"propertyStolen[{i}].type", "is required (e.g. copper cable, lead sheet).");
            }

            if (p.Quantity is < 0 || p.WeightKg is < 0 || p.ValuePounds is < 0)
            {
                Fail($"propertyStolen[{i}]", "quantity, weight and value cannot be negative.");
            }

            items.Add(new PropertyItem
            {
                Type = p.Type?.Trim() ?? "",
                Description = Clean(p.Description),
                Quantity = p.Quantity,
                WeightKg = p.WeightKg,
                ValuePounds = p.ValuePounds,
                MarkingCode = Clean(p.MarkingCode)?.ToUpperInvariant(),
            });
        }

        crime.PropertyStolen = items;

        crime.GradingSource = null;
        crime.GradingIntelligence = crime.GradingHandling = crime.GradingConditions = null;
        if (r.Grading is { } g)
        {
            try
            {
                var grading = Grading3x5x2.Parse(g.Code?.Trim() ?? "", g.Conditions);
                crime.GradingSource = grading.Source;
                crime.GradingIntelligence = grading.Intelligence.ToString();
                crime.GradingHandling = grading.Handling.ToString();
                crime.GradingConditions = grading.Conditions;
            }
            catch (Exception e) when (e is ArgumentException or FormatException)
            {
                Fail("grading", e.Message.Split(" (Parameter", 2)[0]);
            }
        }

        if (r.Visibility is { } v && !Enum.IsDefined(v))
        {
            Fail("visibility", "is Organisation, Partnership or LawEnforcement.");
        }

        crime.Visibility = r.Visibility ?? Visibility.Partnership;
        crime.KnifeEnabled = r.KnifeEnabled;
        crime.AssetAffected = Clean(r.AssetAffected);
        crime.ExternalId = Clean(r.ExternalId);
        crime.LocationDescription = Clean(r.LocationDescription);
        crime.LsoaCode = Clean(r.LsoaCode);
        crime.LsoaName = Clean(r.LsoaName);
        crime.ModusOperandi = Clean(r.ModusOperandi);
        crime.MoTags = CrimeResponse.JoinList(r.MoTags?.Select(t => t.ToLowerInvariant()));
        crime.DisruptionMinutes = r.DisruptionMinutes;
        crime.CustomersAffected = r.CustomersAffected;
        crime.RepairCostPounds = r.RepairCostPounds;
        crime.OutcomeType = r.OutcomeType;
        crime.OutcomeText = Clean(r.OutcomeText);
        crime.OfficerInCharge = Clean(r.Personal?.OfficerInCharge);
        crime.VictimName = Clean(r.Personal?.VictimName);
        crime.VictimContact = Clean(r.Personal?.VictimContact);
        crime.SuspectDescription = Clean(r.Personal?.SuspectDescription);
        crime.VehiclesSeen = CrimeResponse.JoinList(r.Personal?.VehiclesSeen?.Select(v => v.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant()));
        crime.UpdatedAt = now;

        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
    }

    private static void ApplyLocation(CrimeRequest r, Crime crime, Action<string, string> fail)
    {
        var hasLatLon = r.Latitude is not null || r.Longitude is not null;
        var hasBng = r.Easting is not null || r.Northing is not null;
        if (hasLatLon && hasBng)
        {
            fail("latitude", "give either latitude/longitude or easting/northing, not both.");
            return;
        }

        if (hasLatLon)
        {
            if (r.Latitude is null || r.Longitude is null)
            {
                fail(r.Latitude is null ? "latitude" : "longitude", "is required with the other coordinate.");
            }
            else if (CrimeLocation.TryApply(crime, r.Latitude.Value, r.Longitude.Value) is { } reason)
            {
                fail("latitude", reason);
                fail("longitude", reason);
            }
        }
        else if (hasBng)
        {
            if (r.Easting is null || r.Northing is null)
            {
                fail(r.Easting is null ? "easting" : "northing", "is required with the other coordinate.");
            }
            else if (CrimeLocation.TryApplyBng(crime, r.Easting.Value, r.Northing.Value) is { } reason)
            {
                fail("easting", reason);
                fail("northing", reason);
            }
        }
        else
        {
            CrimeLocation.Clear(crime);
        }
    }

    internal static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
