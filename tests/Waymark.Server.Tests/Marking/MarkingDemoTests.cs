using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Core.Marking;
using Waymark.Server.Features.Demo;
using Waymark.Server.Features.Marking;
using Waymark.Server.Tests.Infrastructure;

namespace Waymark.Server.Tests.Marking;

/// <summary>The demo partnership, seeded, shows marking working: saturation, a traced stolen laptop, a measurable effect.</summary>
public sealed class MarkingDemoTests(MarkingDemoTests.DemoFactory factory) : IClassFixture<MarkingDemoTests.DemoFactory>
{
    public sealed class DemoFactory : WaymarkFactory
    {
        protected override async Task SeedAsync()
        {
            await using var scope = Scope();
            await scope.ServiceProvider.GetRequiredService<DemoSeed>().SeedAsync(CancellationToken.None);
        }

        public async Task<HttpClient> DemoLoginAsync(string email)
        {
            var client = CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });
            (await client.PostAsJsonAsync("/api/auth/login", new { email, password = DemoSeed.Password })).EnsureSuccessStatusCode();
            return client;
        }
    }

    [Fact]
    public async Task Demo_ShowsSaturationTraceAndAFallInBurglaryWhereMarked()
    {
        var analyst = await factory.DemoLoginAsync("analyst@lincs.demo");
        var programmes = (await analyst.GetJsonAsync("/api/marking/programmes")).AsArray();
        var lincs = programmes.Single(p => (string)p!["prefix"]! == MarkingDemoSeed.HouseholdPrefix)!;
        var id = (string)lincs["id"]!;

        var saturation = await analyst.GetJsonAsync($"/api/marking/programmes/{id}/saturation");
        Assert.Equal(6, (int)saturation["targetAreas"]!);
        Assert.InRange((double)saturation["saturation"]!, 0.62, 0.91);

        var evaluation = await analyst.GetJsonAsync($"/api/marking/programmes/{id}/evaluation?months=6");
        Assert.True((double)evaluation["effect"]!["estimate"]! < 0, evaluation.ToJsonString());
        Assert.True((double)evaluation["policeHoursSaved"]! > 0);

        var officer = await factory.DemoLoginAsync("officer@btp.demo");
        var trace = await officer.GetJsonAsync($"/api/marking/trace/{MarkingCode.Issue(MarkingDemoSeed.HouseholdPrefix, 17).Display}?purpose=demo");
        Assert.Equal("registered", (string)trace["status"]!);
        Assert.Single(trace["stolenIn"]!.AsArray());
        Assert.Equal("DC Okafor (Lincolnshire Police)", (string)trace["stolenIn"]![0]!["officerInCharge"]!);
    }
}
