using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Core.Crimes;
using Waymark.Server.Data;
using Waymark.Server.Features.Audit;
using Waymark.Server.Features.Auth;
using Waymark.Server.Features.Imports;
using Waymark.Server.Tests.Infrastructure;

namespace Waymark.Server.Tests.Imports;

public sealed class CrimeBulkWriterTests(WaymarkFactory factory) : IClassFixture<WaymarkFactory>
{
    [Fact]
    public async Task Columns_AreExactlyTheCrimesTableColumns()
    {
        // The bulk writer's hand-written column list must follow the EF model, or imports would lose a field.
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<WaymarkDb>();
        var entity = db.Model.FindEntityType(typeof(Crime))!;
        var modelColumns = entity.GetProperties().Select(p => p.GetColumnName()).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(modelColumns, CrimeBulkWriter.Columns.Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public async Task BulkWrittenCrime_ReadsBackThroughEf_FieldForField_AndIsFoundByEfQueries()
    {
        var id = Guid.NewGuid();
        // Microseconds: the finest instant both databases keep (PostgreSQL timestamptz).
        var from = new DateTime(2026, 3, 2, 23, 0, 0, DateTimeKind.Utc).AddTicks(1234560);
        var crime = new Crime
        {
            Id = id, Reference = "BULK-1", OwnerOrganisationId = factory.Rail.Id, Source = "test", ExternalId = "ext-1", ImportKey = "bulk-" + id,
            Category = "metal-theft-rail-signalling-cable", PoliceUkCategory = "other-theft", KnifeEnabled = false, Sector = "rail", AssetAffected = "Signal GL/123",
            OccurredFrom = from, OccurredTo = from.AddHours(6), ReportedAt = from.AddHours(7), Latitude = 53.5228, Longitude = -1.1397,
            Easting = 457_700.123, Northing = 403_200.456, Cell100m = "100:4577:4032", Cell1km = "1000:457:403", LocationDescription = "Lineside",
            LsoaCode = "E01000001", LsoaName = "Doncaster 001A", ModusOperandi = "cut", MoTags = "night;cable-cut",
            PropertyStolen = [new PropertyItem { Type = "copper cable", Quantity = 2, WeightKg = 220.5, ValuePounds = 3400.25m, MarkingCode = "SW-1" }],
            DisruptionMinutes = 195, CustomersAffected = 12000, RepairCostPounds = 18000.5m, OutcomeType = 18, OutcomeText = "Investigation complete",
            OfficerInCharge = "DC Hughes", VictimName = "V", VictimContact = "C", SuspectDescription = "S", VehiclesSeen = "AB12CDE",
            Visibility = Visibility.LawEnforcement, GradingSource = 2, GradingIntelligence = "B", GradingHandling = "C", GradingConditions = "BTP only",
            RecordedAt = from.AddDays(1), UpdatedAt = from.AddDays(2),
        };

        await using (var scope = factory.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WaymarkDb>();
            var audit = scope.ServiceProvider.GetRequiredService<AuditLog>();
            var written = await audit.InTransactionAsync(async ct =>
            {
                await using var writer = new CrimeBulkWriter(db);
                return await writer.WriteAsync([crime], ct) + await writer.WriteAsync([crime], ct);
            }, default);
            Assert.Equal(1, written); // the second write is a duplicate of the first
        }

        await using (var scope = factory.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WaymarkDb>();
            var read = await db.Crimes.AsNoTracking().SingleAsync(c => c.Id == id && c.OccurredFrom >= from && c.OccurredFrom <= from && c.RepairCostPounds == 18000.5m);
            foreach (var property in typeof(Crime).GetProperties().Where(p => p.Name != nameof(Crime.PropertyStolen)))
            {
                Assert.True(Equals(property.GetValue(crime), property.GetValue(read)), $"{property.Name}: wrote {property.GetValue(crime)}, read {property.GetValue(read)}");
            }

            var item = Assert.Single(read.PropertyStolen);
            Assert.Equal(("copper cable", 2, 220.5, 3400.25m, "SW-1"), (item.Type, item.Quantity!.Value, item.WeightKg!.Value, item.ValuePounds!.Value, item.MarkingCode));
        }
    }
}
