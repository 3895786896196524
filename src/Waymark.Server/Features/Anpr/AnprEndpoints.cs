namespace Waymark.Server.Features.Anpr;

public static class AnprEndpoints
{
    public static IServiceCollection AddAnpr(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<AnprOptions>(configuration.GetSection("Waymark:Anpr"));
        services.AddScoped<AnprReadStore>();
        services.AddSingleton<CameraDirectory>();
        services.AddSingleton<HotlistMatcher>();
        services.AddSingleton<AnprRetention>();
        services.AddHostedService(sp => sp.GetRequiredService<AnprRetention>());
        return services;
    }

    public static RouteGroupBuilder MapAnpr(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/anpr").WithTags("ANPR").RequireAuthorization();
        group.MapPost("/reads", ReceiveReads.HandleAsync).WithName("ReceiveAnprReads")
            .WithSummary("A camera system's batch of reads (JSON array, NDJSON or CSV), for machine keys. Answered after the batch is committed: stored, duplicates, and each refused read with its reason.");
        group.MapGet("/cameras", Cameras.ListAsync).WithName("ListAnprCameras").WithSummary("Cameras the caller may see (police: all; others: their own).");
        group.MapPost("/cameras", Cameras.CreateAsync).WithName("RegisterAnprCamera").WithSummary("Register a camera of the admin's organisation.");
        group.MapPut("/cameras/{id:int}", Cameras.UpdateAsync).WithName("UpdateAnprCamera").WithSummary("Change a camera: name, place, bearing, lanes, status, key binding.");
        group.MapGet("/hotlist", Hotlists.ListAsync).WithName("ListHotlist").WithSummary("The caller's force's live hotlist entries.");
        group.MapPost("/hotlist", Hotlists.AddAsync).WithName("AddHotlistEntry").WithSummary("Put a plate on the force's hotlist; matched against every read from now on.");
        group.MapDelete("/hotlist/{id:guid}", Hotlists.RemoveAsync).WithName("RemoveHotlistEntry").WithSummary("Take an entry off the hotlist.");
        group.MapPost("/hotlist/upload", Hotlists.UploadAsync).WithName("UploadHotlist").DisableAntiforgery()
            .WithSummary("Bulk-load a hotlist CSV (plate,reason,action,source,expires); each refused row is reported with its line.");
        group.MapGet("/movements", Investigations.MovementsAsync).WithName("AnprMovements").WithSummary("A plate's reads in a range, with its trail (purpose and reference required; audited).");
        group.MapGet("/first-last", Investigations.FirstLastAsync).WithName("AnprFirstLastSeen").WithSummary("When and where a plate was first and last seen in a range.");
        group.MapGet("/convoy", Investigations.ConvoyAsync).WithName("AnprConvoy").WithSummary("Plates seen with a target at several cameras within a short interval.");
        group.MapGet("/near-crimes", Investigations.NearCrimesAsync).WithName("AnprNearCrimes")
            .WithSummary("Vehicles seen by cameras near a crime or a set of crimes, ranked by how many of the crimes they were near.");
        group.MapGet("/counts", Investigations.CountsAsync).WithName("AnprCounts").WithSummary("Reads per camera and hour.");
        group.MapGet("/figures", Investigations.FiguresAsync).WithName("AnprFigures").WithSummary("Monthly figures of ANPR queries and investigations.");
        return group;
    }
}
