using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Server.Data;
using Waymark.Server.Tests.Infrastructure;

namespace Waymark.Server.Tests.Audit;

/// <summary>Each test class has its own database, so tampering here cannot disturb other tests.</summary>
public sealed class AuditChainTests(WaymarkFactory factory) : IClassFixture<WaymarkFactory>
{
    [Fact]
    public async Task Writes_AreAudited_AndTheChainVerifies_UntilARowIsEdited()
    {
        var rail = await factory.LoginAsync(WaymarkFactory.RailAnalyst);
        var crime = await rail.PostJsonAsync("/api/crimes", Api.Crime(), HttpStatusCode.Created);
        var id = (string)crime["id"]!;

        var admin = await factory.LoginAsync(WaymarkFactory.Admin);
        var recorded = await admin.GetJsonAsync($"/api/audit?action=crime.record&record={id}");
        var entry = Assert.Single(recorded["items"]!.AsArray());
        Assert.Equal(WaymarkFactory.RailAnalyst, (string)entry!["actor"]!);
        Assert.Equal(factory.Rail.Id.ToString(), (string)entry["organisationId"]!);
        var sequence = (long)entry["sequence"]!;

        var clean = await admin.GetJsonAsync("/api/audit/verify");
        Assert.True((bool)clean["intact"]!);
        Assert.True((long)clean["rows"]! > 10);

        // Someone with database access rewrites history: the audit row no longer says who recorded the crime.
        await using (var scope = factory.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WaymarkDb>();
            var changed = await db.Database.ExecuteSqlAsync($"UPDATE audit_entries SET actor = {"someone.else@rail.test"} WHERE sequence = {sequence}");
            Assert.Equal(1, changed);
        }

        var broken = await admin.GetJsonAsync("/api/audit/verify");
        Assert.False((bool)broken["intact"]!);
        Assert.Equal(sequence, (long)broken["brokenAt"]!);
        Assert.Contains("altered", (string)broken["reason"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_IsForAdminsOnly()
    {
        var analyst = await factory.LoginAsync(WaymarkFactory.PoliceAnalyst);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.GetAsync("/api/audit")).StatusCode);
    }
}
