using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Waymark.Server.Data;
using Waymark.Server.Features.Auth;
using Waymark.Server.Features.Partners;

namespace Waymark.Server.Tests.Infrastructure;

/// <summary>
/// The real server over real HTTP on a fresh database of its own: a temporary SQLite file, or — when
/// WAYMARK_TEST_PROVIDER=postgres — a new PostgreSQL database created from WAYMARK_TEST_POSTGRES and dropped afterwards.
/// Seeds a small partnership: a police force, two partners and a dealer, with one user per role.
/// </summary>
public class WaymarkFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string Password = "Test-Password-123";

    private string _dataDir = Path.Combine(Path.GetTempPath(), "waymark-test-" + Guid.NewGuid().ToString("N"));
    private string? _postgresDatabase;
    private bool _ownsDatabase = true;
    private Dictionary<string, string> _settings = [];

    /// <summary>Settings layered over the defaults (e.g. "Waymark:Alerts:Enabled" = "false").</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings => _settings;

    /// <summary>
    /// A second server on the same database, as after a restart (the first must be disposed first, as a stopped process is).
    /// It shares the organisations and users; the database is removed by the original factory's disposal.
    /// </summary>
    public WaymarkFactory Restart(Dictionary<string, string>? settings = null)
    {
        var next = new WaymarkFactory
        {
            _dataDir = _dataDir,
            _postgresDatabase = _postgresDatabase,
            _ownsDatabase = false,
            _settings = settings ?? [],
            Police = Police,
            OtherPolice = OtherPolice,
            Rail = Rail,
            Power = Power,
            Dealer = Dealer,
        };
        _ = next.Server;
        return next;
    }

    public static bool UsePostgres => string.Equals(Environment.GetEnvironmentVariable("WAYMARK_TEST_PROVIDER"), "postgres", StringComparison.OrdinalIgnoreCase);

    protected virtual long MaxUploadBytes => 100L * 1024 * 1024;

    public Organisation Police { get; private set; } = null!;
    public Organisation OtherPolice { get; private set; } = null!;
    public Organisation Rail { get; private set; } = null!;
    public Organisation Power { get; private set; } = null!;
    public Organisation Dealer { get; private set; } = null!;

    public const string Admin = "admin@police.test";
    public const string PoliceAnalyst = "analyst@police.test";
    public const string PoliceOfficer = "officer@police.test";
    public const string OtherPoliceAnalyst = "analyst@otherpolice.test";
    public const string RailAnalyst = "analyst@rail.test";
    public const string PowerAnalyst = "analyst@power.test";
    public const string DealerUser = "yard@dealer.test";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Waymark:SeedDemo", "false");
        builder.UseSetting("Waymark:DataDir", _dataDir);
        builder.UseSetting("Waymark:MaxUploadBytes", MaxUploadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
        if (UsePostgres)
        {
            builder.UseSetting("Waymark:Database", "postgres");
            builder.UseSetting("Waymark:ConnectionString", PostgresConnection(_postgresDatabase!));
        }
    }

    public async Task InitializeAsync()
    {
        if (UsePostgres)
        {
            _postgresDatabase = "waymark_t_" + Guid.NewGuid().ToString("N")[..16];
            await using var admin = new NpgsqlConnection(PostgresConnection(null));
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {_postgresDatabase}", admin);
            await create.ExecuteNonQueryAsync();
        }

        _ = Server; // starts the host: migrations run
        await using var scope = Services.CreateAsyncScope();
        var directory = scope.ServiceProvider.GetRequiredService<PartnerDirectory>();
        var system = Caller.System("test");
        var ct = CancellationToken.None;
        Police = await directory.CreateOrganisationAsync(system, "Test Constabulary", OrganisationKind.PoliceForce, null, ct);
        OtherPolice = await directory.CreateOrganisationAsync(system, "Other Constabulary", OrganisationKind.PoliceForce, null, ct);
        Rail = await directory.CreateOrganisationAsync(system, "Test Rail", OrganisationKind.InfrastructurePartner, "rail", ct);
        Power = await directory.CreateOrganisationAsync(system, "Test Power", OrganisationKind.InfrastructurePartner, "power", ct);
        Dealer = await directory.CreateOrganisationAsync(system, "Test Metals Ltd", OrganisationKind.Dealer, null, ct);
        await directory.CreateUserAsync(system, Police, Admin, "Admin", Roles.Admin, Password, ct);
        await directory.CreateUserAsync(system, Police, PoliceAnalyst, "Analyst", Roles.PoliceAnalyst, Password, ct);
        await directory.CreateUserAsync(system, Police, PoliceOfficer, "Officer", Roles.PoliceOfficer, Password, ct);
        await directory.CreateUserAsync(system, OtherPolice, OtherPoliceAnalyst, "Other analyst", Roles.PoliceAnalyst, Password, ct);
        await directory.CreateUserAsync(system, Rail, RailAnalyst, "Rail analyst", Roles.PartnerAnalyst, Password, ct);
        await directory.CreateUserAsync(system, Power, PowerAnalyst, "Power analyst", Roles.PartnerAnalyst, Password, ct);
        await directory.CreateUserAsync(system, Dealer, DealerUser, "Yard", Roles.Dealer, Password, ct);
        await SeedAsync();
    }

    /// <summary>Data a test class shares, made once per class (a test class's own constructor runs per test).</summary>
    protected virtual Task SeedAsync() => Task.CompletedTask;

    /// <summary>A client logged in as <paramref name="email"/> (cookie session).</summary>
    public async Task<HttpClient> LoginAsync(string email)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });
        var response = await client.PostAsJsonAsync("/api/auth/login", new { email, password = Password });
        response.EnsureSuccessStatusCode();
        return client;
    }

    /// <summary>A scope on the server's services, for looking at the database behind the API.</summary>
    public AsyncServiceScope Scope() => Services.CreateAsyncScope();

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        if (!_ownsDatabase)
        {
            return;
        }

        if (_postgresDatabase is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(PostgresConnection(null));
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_postgresDatabase} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }

        try
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    public static string PostgresConnection(string? database)
    {
        var baseConnection = Environment.GetEnvironmentVariable("WAYMARK_TEST_POSTGRES")
            ?? throw new InvalidOperationException("WAYMARK_TEST_PROVIDER=postgres needs WAYMARK_TEST_POSTGRES (a connection string to a server where the user may create databases).");
        var b = new NpgsqlConnectionStringBuilder(baseConnection);
        if (database is not null)
        {
            b.Database = database;
        }

        return b.ConnectionString;
    }

    public static string TestData(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "TestData", .. parts]);
}
