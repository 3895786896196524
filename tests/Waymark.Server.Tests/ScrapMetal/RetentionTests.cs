using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Server.Data;
using Waymark.Server.Features.ScrapMetal;
using Waymark.Server.Tests.Infrastructure;

namespace Waymark.Server.Tests.ScrapMetal;

public sealed class RetentionFactory : ScrapFactory;

public sealed class RetentionTests(RetentionFactory factory) : IClassFixture<RetentionFactory>
{
    [Fact]
    public async Task Retention_PurgesReceiptsAndDisposalsOlderThanThreeYears_AndAuditsIt()
    {
        var dealer = await factory.LoginAsync(WaymarkFactory.DealerUser);
        var kept = await dealer.PostJsonAsync("/api/scrap/receipts", ScrapFactory.Receipt(), HttpStatusCode.Created);
        await using (var scope = factory.Scope())
        {
            // Records made before Waymark checks dates (an older system's import): one a day past three years, one a day short.
            var db = scope.ServiceProvider.GetRequiredService<WaymarkDb>();
            var template = await db.Set<ScrapReceipt>().AsNoTracking().FirstAsync(r => r.Id == Guid.Parse((string)kept["id"]!));
            foreach (var (reference, age) in new[] { ("OLD-PAST", TimeSpan.FromDays(1)), ("OLD-KEPT", TimeSpan.FromDays(-1)) })
            {
                template.Id = Guid.NewGuid();
                template.Reference = reference;
                template.ReceivedAt = DateTime.UtcNow.AddYears(-3) - age;
                db.Set<ScrapReceipt>().Add(template);
                await db.SaveChangesAsync();
                db.ChangeTracker.Clear();
            }

            db.Set<ScrapDisposal>().Add(new ScrapDisposal
            {
                Id = Guid.NewGuid(), Reference = "OLD-D", DealerOrganisationId = factory.Dealer.Id, LicenceId = template.LicenceId, DisposedAt = DateTime.UtcNow.AddYears(-3).AddDays(-2),
                BuyerName = "B", BuyerAddress = "A", Source = "api", RecordedAt = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await dealer.PostAsync("/api/scrap/retention/purge", null)).StatusCode);
        var admin = await factory.LoginAsync(WaymarkFactory.Admin);
        var result = await admin.PostJsonAsync("/api/scrap/retention/purge", new { }, HttpStatusCode.OK);
        Assert.Equal(1, (int)result["receipts"]!);
        Assert.Equal(1, (int)result["disposals"]!);

        await using (var scope = factory.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WaymarkDb>();
            Assert.False(await db.Set<ScrapReceipt>().AnyAsync(r => r.Reference == "OLD-PAST"));
            Assert.True(await db.Set<ScrapReceipt>().AnyAsync(r => r.Reference == "OLD-KEPT"));
            var entry = await db.AuditEntries.AsNoTracking().SingleAsync(a => a.Action == "scrap.retention.purge");
            Assert.Contains("deleted 1 receipts and 1 disposals", entry.Detail, StringComparison.Ordinal);
            Assert.Equal(WaymarkFactory.Admin, entry.Actor);
        }
    }
}
