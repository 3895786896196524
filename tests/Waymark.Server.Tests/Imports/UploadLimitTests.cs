using System.Net;
using Waymark.Server.Tests.Infrastructure;

namespace Waymark.Server.Tests.Imports;

public sealed class SmallUploadFactory : WaymarkFactory
{
    protected override long MaxUploadBytes => 1000;
}

public sealed class UploadLimitTests(SmallUploadFactory factory) : IClassFixture<SmallUploadFactory>
{
    [Fact]
    public async Task Upload_OverTheConfiguredLimit_Is413ProblemDetails()
    {
        var client = await factory.LoginAsync(WaymarkFactory.PoliceAnalyst);
        var body = new StringContent(new string('x', 5000), System.Text.Encoding.UTF8, "text/csv");

        var response = await client.PostAsync("/api/imports/policeuk", body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("1,000 bytes", (string)(await response.JsonAsync())["detail"]!, StringComparison.Ordinal);
    }
}
