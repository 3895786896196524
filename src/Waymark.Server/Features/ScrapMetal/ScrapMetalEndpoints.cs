using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Waymark.Server.Features.Auth;
using Waymark.Server.Features.Marking;
using Waymark.Server.Features.ScrapMetal.Checks;

namespace Waymark.Server.Features.ScrapMetal;

/// <summary>The metal-trade database under the Scrap Metal Dealers Act 2013: services and routes under /api/scrap.</summary>
public static class ScrapMetalEndpoints
{
    public static IServiceCollection AddScrapMetal(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ScrapMetalOptions>(configuration.GetSection("Waymark:ScrapMetal"));
        services.AddScoped<ReceiptRecorder>();
        services.AddScoped<ScrapRetention>();
        services.AddHostedService<ScrapRetentionService>();
        // The checks every receipt goes through, in this order. The marking check is scoped, as the registry it asks is
        // (the registry's services are added here too when a host, such as the bench, has not added them).
        services.TryAddSingleton<StolenCodeIndex>();
        services.TryAddScoped<MarkingRegistry>();
        services.AddSingleton<StolenMetalIndex>();
        services.AddSingleton<IReceiptCheck, LicenceCheck>();
        services.AddSingleton<IReceiptCheck, SellerIdentityCheck>();
        services.AddSingleton<IReceiptCheck, PaymentCheck>();
        services.AddSingleton<IReceiptCheck, StolenMetalCheck>();
        services.AddSingleton<IReceiptCheck, WatchlistCheck>();
        services.AddScoped<IReceiptCheck, MarkingCodeCheck>();
        return services;
    }

    public static RouteGroupBuilder MapScrapMetal(this IEndpointRouteBuilder app)
    {
        var scrap = app.MapGroup("/api/scrap").WithTags("Scrap metal").RequireAuthorization();
        scrap.MapLicences();
        scrap.MapReceipts();
        scrap.MapDisposals();
        scrap.MapWatchlist();
        scrap.MapCompliance();
        scrap.MapPost("/retention/purge", PurgeAsync).WithName("PurgeScrapRecords")
            .WithSummary("Delete receipts and disposals more than three years after the transaction (s.15), now; audited. Admins.")
            .RequireAuthorization(p => p.RequireRole(Roles.Admin));
        return scrap;
    }

    private static async Task<Ok<ScrapRetention.PurgeResult>> PurgeAsync(HttpContext http, ScrapRetention retention, CancellationToken ct) =>
        TypedResults.Ok(await retention.PurgeAsync(Caller.From(http.User)!, ct));
}
