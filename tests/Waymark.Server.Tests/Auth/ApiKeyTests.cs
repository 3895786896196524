using System.Net;
using System.Net.Http.Json;
using Waymark.Server.Tests.Infrastructure;

namespace Waymark.Server.Tests.Auth;

public sealed class ApiKeyTests(WaymarkFactory factory) : IClassFixture<WaymarkFactory>
{
    [Fact]
    public async Task MachineKey_RecordsCrimesForItsOrganisation()
    {
        var admin = await factory.LoginAsync(WaymarkFactory.Admin);
        var created = await admin.PostJsonAsync($"/api/organisations/{factory.Rail.Id}/apikeys", new { role = "machine", name = "rail fault system" }, HttpStatusCode.OK);
        var key = (string)created["key"]!;

        var machine = factory.CreateClient();
        machine.DefaultRequestHeaders.Add("X-Api-Key", key);
        var crime = await machine.PostJsonAsync("/api/crimes", Api.Crime(), HttpStatusCode.Created);
        Assert.Equal(factory.Rail.Id.ToString(), (string)crime["ownerOrganisationId"]!);

        var wrong = factory.CreateClient();
        wrong.DefaultRequestHeaders.Add("X-Api-Key", key + "x");
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("/api/crimes")).StatusCode);
    }

    [Fact]
    public async Task PoliceRole_CannotBeGivenToAPartner()
    {
        var admin = await factory.LoginAsync(WaymarkFactory.Admin);
        var response = await admin.PostAsJsonAsync($"/api/organisations/{factory.Rail.Id}/apikeys", new { role = "police-analyst" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task RepeatedWrongPasswords_LockTheAccount()
    {
        var client = factory.CreateClient();
        HttpResponseMessage last = null!;
        for (var i = 0; i < 6; i++)
        {
            last = await client.PostAsJsonAsync("/api/auth/login", new { email = WaymarkFactory.DealerUser, password = "wrong-password-" + i });
        }

        Assert.Equal((HttpStatusCode)423, last.StatusCode);
        var correct = await client.PostAsJsonAsync("/api/auth/login", new { email = WaymarkFactory.DealerUser, password = WaymarkFactory.Password });
        Assert.Equal((HttpStatusCode)423, correct.StatusCode);
    }
}
