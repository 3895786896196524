namespace Waymark.Server.Features.Alerts;

public static class AlertServices
{
    public static IServiceCollection AddAlerts(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<AlertOptions>(configuration.GetSection("Waymark:Alerts"));
        services.AddSingleton<AssetIndex>();
        services.AddSingleton<RuleBook>();
        services.AddSingleton<AlertStream>();
        services.AddSingleton<DeliverySignal>();
        services.AddScoped<CrimeMatcher>();
        services.AddScoped<ClusterMatcher>();
        services.AddScoped<ClusterScan>();
        services.AddSingleton<AlertDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<AlertDispatcher>());
        services.AddHostedService<AlertSender>();
        services.AddHostedService<ClusterScanSchedule>();
        // Webhooks never follow redirects: a receiver cannot bounce Waymark's signed request somewhere else.
        services.AddHttpClient(AlertSender.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        return services;
    }
}
