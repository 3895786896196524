using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Waymark.Server.Data;
using Waymark.Server.Features.Demo;
using Waymark.Server.Infrastructure;

namespace Waymark.Server.Features.Web;

/// <summary>
/// What the browser application needs to know about this deployment: an optional tile server for the map
/// (<c>Waymark:TileUrl</c>, a Leaflet URL template such as <c>https://tiles.example/{z}/{x}/{y}.png</c>, and
/// <c>Waymark:TileAttribution</c>; when empty the map shows only the outline shipped with the app), and, on a demo
/// install, the demo logins for the login page.
/// </summary>
public static class WebConfigEndpoints
{
    public sealed record DemoLoginDto(string Email, string Role, string Organisation);

    public sealed record DemoInfo(string Password, IReadOnlyList<DemoLoginDto> Logins);

    public sealed record WebConfig(string? TileUrl, string? TileAttribution, DemoInfo? Demo);

    public static IEndpointRouteBuilder MapWebConfig(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/config", GetAsync).AllowAnonymous()
            .WithTags("Web").WithName("GetWebConfig")
            .WithSummary("Settings for the browser application: the map's tile server (if any) and, on a demo install, the demo logins.");
        return app;
    }

    private static async Task<Ok<WebConfig>> GetAsync(IConfiguration configuration, IOptions<WaymarkOptions> options, WaymarkDb db, CancellationToken ct)
    {
        var tileUrl = Clean(configuration["Waymark:TileUrl"]);
        var attribution = Clean(configuration["Waymark:TileAttribution"]);

        // The demo logins are offered only where the demo partnership is seeded and its users exist: the password is
        // the published demo one (README), and a deployment that turns SeedDemo off never shows them.
        DemoInfo? demo = null;
        var firstDemoEmail = DemoSeed.Logins[0].Email;
        if (options.Value.SeedDemo && await db.Users.AsNoTracking().AnyAsync(u => u.Email == firstDemoEmail, ct))
        {
            demo = new DemoInfo(DemoSeed.Password, DemoSeed.Logins.Select(l => new DemoLoginDto(l.Email, l.Role, l.Organisation)).ToList());
        }

        return TypedResults.Ok(new WebConfig(tileUrl, attribution, demo));
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
