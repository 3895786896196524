using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;
using Scalar.AspNetCore;
using Waymark.Server;
using Waymark.Server.Cli;
using Waymark.Server.Data;
using Waymark.Server.Features.Alerts;
using Waymark.Server.Features.Analytics;
using Waymark.Server.Features.Anpr;
using Waymark.Server.Features.Audit;
using Waymark.Server.Features.Auth;
using Waymark.Server.Features.Crimes;
using Waymark.Server.Features.Demo;
using Waymark.Server.Features.Imports;
using Waymark.Server.Features.Marking;
using Waymark.Server.Features.Partners;
using Waymark.Server.Features.ScrapMetal;
using Waymark.Server.Features.Web;
using Waymark.Server.Infrastructure;

// The first argument may name a command (see Cli/Commands.cs); otherwise the server runs.
var command = args.Length > 0 && Commands.Names.Contains(args[0]) ? args : null;
if (args.Length > 0 && args[0] == "serve")
{
    args = args[1..];
}

var builder = WebApplication.CreateBuilder(args);

// dotnet run starts in the user's directory (so ./data is theirs), which is not the content root: read the
// appsettings.json shipped beside the executable first, so that everything else still overrides it.
builder.Configuration.Sources.Insert(0, new JsonConfigurationSource
{
    Path = "appsettings.json",
    Optional = true,
    FileProvider = new PhysicalFileProvider(AppContext.BaseDirectory),
});

// Waymark's own variables and flags, mapped onto the "Waymark" configuration section.
builder.Configuration.AddInMemoryCollection(EnvironmentSettings());
builder.Configuration.AddCommandLine(args, new Dictionary<string, string>
{
    ["--data-dir"] = "Waymark:DataDir",
    ["--database"] = "Waymark:Database",
    ["--connection"] = "Waymark:ConnectionString",
    ["--seed-demo"] = "Waymark:SeedDemo",
});
if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
{
    builder.WebHost.UseUrls("http://127.0.0.1:5080");
}

var services = builder.Services;
services.Configure<WaymarkOptions>(builder.Configuration.GetSection("Waymark"));
services.AddSingleton(TimeProvider.System);
services.AddWaymarkDatabase();
services.AddHostedService<DatabaseInitializer>();
services.AddHostedService<SqliteCheckpoints>();
services.AddScoped<AuditLog>();
services.AddScoped<PartnerDirectory>();
services.AddScoped<CrimeImporter>();
services.AddScoped<DemoSeed>();
services.AddSingleton<CrimeSnapshot>();
services.AddScoped<AnalysisSource>();
services.AddAlerts(builder.Configuration);
services.AddAnpr(builder.Configuration);
services.AddSingleton<StolenCodeIndex>();
services.AddScoped<MarkingRegistry>();
services.AddScrapMetal(builder.Configuration);

services.AddIdentityCore<WaymarkUser>(o =>
    {
        o.Password.RequiredLength = 12;
        o.Lockout.MaxFailedAccessAttempts = 5;
        o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
        o.User.RequireUniqueEmail = true;
    })
    .AddRoles<IdentityRole<Guid>>()
    .AddEntityFrameworkStores<WaymarkDb>()
    .AddSignInManager()
    .AddClaimsPrincipalFactory<WaymarkClaimsFactory>()
    .AddDefaultTokenProviders();

const string Smart = "Waymark";
services.AddAuthentication(o =>
    {
        o.DefaultScheme = Smart;
        o.DefaultChallengeScheme = Smart;
    })
    .AddPolicyScheme(Smart, "Cookie or API key", o => o.ForwardDefaultSelector = ctx =>
        ctx.Request.Headers.ContainsKey(ApiKeyAuthentication.Header) ? ApiKeyAuthentication.Scheme : IdentityConstants.ApplicationScheme)
    .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.Scheme, null)
    .AddCookie(IdentityConstants.ApplicationScheme, o =>
    {
        o.Cookie.Name = "waymark";
        o.Cookie.HttpOnly = true;
        o.Cookie.SameSite = SameSiteMode.Strict;
        o.SlidingExpiration = true;
        o.ExpireTimeSpan = TimeSpan.FromHours(8);
        // An API answers 401/403, never a redirect to a login page.
        o.Events.OnRedirectToLogin = ctx => WriteStatus(ctx.HttpContext, StatusCodes.Status401Unauthorized);
        o.Events.OnRedirectToAccessDenied = ctx => WriteStatus(ctx.HttpContext, StatusCodes.Status403Forbidden);
    });
services.AddAuthorization();

services.ConfigureHttpJsonOptions(o => Json.Configure(o.SerializerOptions));
services.AddProblemDetails();
// Map layers are GeoJSON of thousands of cells (about 900 kB at national zoom); compressed they are a tenth of that.
services.AddResponseCompression(o =>
{
    o.EnableForHttps = false; // conservative (BREACH); behind a TLS-terminating proxy, Kestrel speaks plain HTTP anyway
    o.MimeTypes = ResponseCompressionDefaults.MimeTypes.Concat(["application/geo+json", "application/problem+json"]);
});
services.Configure<BrotliCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Fastest);
services.Configure<GzipCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Fastest);
services.AddOpenApi();
services.AddHealthChecks();

var app = builder.Build();

if (command is not null)
{
    return await Commands.RunAsync(app.Services, command, CancellationToken.None);
}

app.UseResponseCompression();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseWebApp(); // the browser application's files (built from src/Waymark.Web into wwwroot)
app.UseAuthentication();
app.UseAuthorization();

app.MapOpenApi();
app.MapScalarApiReference("/docs", o => o.WithTitle("Waymark API"));
app.MapHealthChecks("/health");
app.MapAuth();
app.MapPartners();
app.MapCrimes();
app.MapImports();
app.MapAudit();
app.MapAnalytics();
app.MapAlerts();
app.MapAnpr();
app.MapMarking();
app.MapScrapMetal();
app.MapWebApp(); // the browser application's routes (WebAppHosting.Routes) and /api/config, its settings

// Unknown API routes answer 404 ProblemDetails, not an empty page.
app.MapFallback((HttpContext http) => TypedResults.Problem(
    $"No route {http.Request.Method} {http.Request.Path}. The API is described at /openapi/v1.json and /docs.",
    title: "Not found", statusCode: StatusCodes.Status404NotFound)).ExcludeFromDescription();

await app.RunAsync();
return 0;

static Task WriteStatus(HttpContext http, int status)
{
    http.Response.StatusCode = status;
    return Task.CompletedTask;
}

static Dictionary<string, string?> EnvironmentSettings()
{
    var map = new Dictionary<string, string>
    {
        ["WAYMARK_DATA_DIR"] = "Waymark:DataDir",
        ["WAYMARK_DATABASE"] = "Waymark:Database",
        ["WAYMARK_CONNECTION"] = "Waymark:ConnectionString",
        ["WAYMARK_SEED_DEMO"] = "Waymark:SeedDemo",
        ["WAYMARK_MAX_UPLOAD_BYTES"] = "Waymark:MaxUploadBytes",
    };
    return map.Where(m => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(m.Key)))
        .ToDictionary(m => m.Value, m => Environment.GetEnvironmentVariable(m.Key));
}

/// <summary>The entry point, named so integration tests can host it (WebApplicationFactory&lt;Program&gt;).</summary>
public partial class Program;
