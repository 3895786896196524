using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Server.Data;
using Waymark.Server.Features.Audit;
using Waymark.Server.Tests.Infrastructure;

namespace Waymark.Server.Tests.Audit;

public sealed class AuditRemovalTests(WaymarkFactory factory) : IClassFixture<WaymarkFactory>
{
    [Fact]
    public async Task RemovingTheNewestRow_IsDetectedByTheChainHead()
    {
        var rail = await factory.LoginAsync(WaymarkFactory.RailAnalyst);
        await rail.PostJsonAsync("/api/crimes", Api.Crime(), HttpStatusCode.Created);

        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<WaymarkDb>();
        Assert.True((await AuditEndpoints.VerifyChainAsync(db, default)).Intact);
        var last = await db.AuditEntries.MaxAsync(a => a.Sequence);
        await db.Database.ExecuteSqlAsync($"DELETE FROM audit_entries WHERE sequence = {last}");

        var result = await AuditEndpoints.VerifyChainAsync(db, default);
        Assert.False(result.Intact);
        Assert.Equal(last, result.BrokenAt);
        Assert.Contains("removed", result.Reason, StringComparison.Ordinal);
    }
}
