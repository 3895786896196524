using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Server.Data;
using Waymark.Server.Features.Anpr;
using Waymark.Server.Features.Demo;
using Waymark.Server.Tests.Infrastructure;

namespace Waymark.Server.Tests.Anpr;

public sealed class AnprDemoTests(WaymarkFactory factory) : IClassFixture<WaymarkFactory>
{
    [Fact]
    public async Task DemoSeed_VehiclesNearTheTuxfordThefts_PutTheVanFirst_WithItsCompanionInConvoy()
    {
        List<Guid> tuxford;
        await using (var scope = factory.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<DemoSeed>().SeedAsync(CancellationToken.None);
            var db = scope.ServiceProvider.GetRequiredService<WaymarkDb>();
            tuxford = await db.Crimes.Where(c => c.LocationDescription == "Near Tuxford").Select(c => c.Id).ToListAsync();
        }

        var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = true });
        (await client.PostAsJsonAsync("/api/auth/login", new { email = "analyst@btp.demo", password = DemoSeed.Password })).EnsureSuccessStatusCode();
        const string why = "purpose=identify%20vehicles%20at%20Tuxford%20cable%20thefts&reference=OP-TUXFORD";

        var near = await client.GetJsonAsync($"/api/anpr/near-crimes?crimes={string.Join(',', tuxford)}&radius=2000&before=60&after=60&{why}");
        var top = near["vehicles"]![0]!;
        Assert.Equal(AnprDemoSeed.Van, (string)top["plate"]!);
        // Seeded near every third of the thirty thefts; thefts on the same nights overlap, so it is near more of them.
        Assert.InRange((int)top["crimeCount"]!, 10, 30);
        Assert.Equal(AnprDemoSeed.Companion, (string)near["vehicles"]![1]!["plate"]!);
        Assert.True((int)near["vehicles"]![1]!["crimeCount"]! < (int)top["crimeCount"]!); // it joined the van after the first night
        Assert.True((int)near["vehicles"]![2]!["crimeCount"]! < (int)near["vehicles"]![1]!["crimeCount"]!); // then background traffic

        var convoy = await client.GetJsonAsync($"/api/anpr/convoy?plate={AnprDemoSeed.Van}&window=90&minCameras=3&{why}");
        Assert.Equal([AnprDemoSeed.Companion], convoy["companions"]!.AsArray().Select(c => (string)c!["plate"]!));
        Assert.Equal(12, (await client.GetJsonAsync("/api/anpr/cameras")).AsArray().Count);
    }
}
