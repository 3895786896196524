using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace Waymark.Server.Features.Web;

/// <summary>
/// Serves the browser application, built from <c>src/Waymark.Web</c> into <c>wwwroot</c> by the server's build (and
/// copied beside the executable): its bundles and the map outline as static files, and <c>index.html</c> for each of
/// the app's own routes. Unknown routes still answer 404 ProblemDetails (the fallback in Program.cs).
/// </summary>
public static partial class WebAppHosting
{
    /// <summary>The app's client-side routes; each answers index.html, and the app shows the page.</summary>
    public static readonly IReadOnlyList<string> Routes = ["/", "/login", "/import", "/alerts", "/assets", "/alert-settings", "/anpr", "/marking", "/marking/trace", "/marking/visits", "/scrap"];

    private const string Index = "index.html";

    /// <summary>
    /// Points the web root at the built app and serves its files. <c>dotnet run</c> starts in the user's directory, so
    /// the content root is not where wwwroot is: the copy beside the executable is used first, then the content root's.
    /// </summary>
    public static WebApplication UseWebApp(this WebApplication app)
    {
        var env = app.Environment;
        var root = Candidates(env).FirstOrDefault(dir => File.Exists(Path.Combine(dir, Index)));
        if (root is null)
        {
            LogNotBuilt(app.Logger, string.Join(", ", Candidates(env).Distinct()));
            return app;
        }

        env.WebRootPath = root;
        env.WebRootFileProvider = new PhysicalFileProvider(root);
        var types = new FileExtensionContentTypeProvider();
        types.Mappings[".geojson"] = "application/geo+json";
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = env.WebRootFileProvider,
            ContentTypeProvider = types,
            OnPrepareResponse = ctx =>
            {
                // Bundles carry a content hash in their names, so they never change; everything else is revalidated.
                var path = ctx.Context.Request.Path;
                ctx.Context.Response.Headers[HeaderNames.CacheControl] = path.StartsWithSegments("/assets", StringComparison.Ordinal)
                    ? "public, max-age=31536000, immutable"
                    : "no-cache";
            },
        });
        return app;
    }

    /// <summary>Maps the app's routes to index.html, and the web configuration endpoint.</summary>
    public static WebApplication MapWebApp(this WebApplication app)
    {
        app.MapWebConfig();
        foreach (var route in Routes)
        {
            app.MapGet(route, ServeIndex).ExcludeFromDescription();
        }

        return app;
    }

    private static IResult ServeIndex(HttpContext http, IWebHostEnvironment env)
    {
        var file = env.WebRootFileProvider.GetFileInfo(Index);
        if (!file.Exists || file.PhysicalPath is null)
        {
            return TypedResults.Problem(
                "The browser application is not built. Build the server with Node.js on PATH (dotnet build runs npm in src/Waymark.Web), " +
                "or without -p:SkipWebBuild=true. The API works without it and is described at /docs.",
                title: "Web application not built", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        http.Response.Headers[HeaderNames.CacheControl] = "no-cache";
        return TypedResults.PhysicalFile(file.PhysicalPath, "text/html; charset=utf-8");
    }

    private static IEnumerable<string> Candidates(IWebHostEnvironment env)
    {
        yield return Path.Combine(AppContext.BaseDirectory, "wwwroot");
        yield return Path.Combine(env.ContentRootPath, "wwwroot");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The browser application is not built (no index.html in {Places}); the API runs without it.")]
    private static partial void LogNotBuilt(ILogger logger, string places);
}
