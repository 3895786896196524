// Scaffolds EF Core migrations for both providers without the dotnet-ef tool (not installable here):
//   dotnet run --project tools/Waymark.Migrations -- add <Name>
// writes src/Waymark.Server/Data/Migrations/{Sqlite,Postgres}/<timestamp>_<Name>.cs and updates the snapshots.
#pragma warning disable EF1001 // the design-time services are EF's own, used as the dotnet-ef tool uses them
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Design.Internal;
using Microsoft.EntityFrameworkCore.Migrations.Design;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Server.Data;

if (args.Length != 2 || args[0] != "add")
{
    Console.Error.WriteLine("usage: add <MigrationName>");
    return 2;
}

var name = args[1];
var serverDir = FindServerProject();

Scaffold(new SqliteWaymarkDb(new DbContextOptionsBuilder<SqliteWaymarkDb>().UseSqlite("Data Source=:memory:").Options),
    new Microsoft.EntityFrameworkCore.Sqlite.Design.Internal.SqliteDesignTimeServices(), "Sqlite");
Scaffold(new PostgresWaymarkDb(new DbContextOptionsBuilder<PostgresWaymarkDb>().UseNpgsql("Host=localhost").Options),
    new Npgsql.EntityFrameworkCore.PostgreSQL.Design.Internal.NpgsqlDesignTimeServices(), "Postgres");
return 0;

void Scaffold(WaymarkDb db, IDesignTimeServices providerServices, string folder)
{
    var reporter = new OperationReporter(new OperationReportHandler(
        m => Console.Error.WriteLine(m), m => Console.Error.WriteLine(m), m => Console.WriteLine(m), _ => { }));
    var services = new ServiceCollection()
        .AddEntityFrameworkDesignTimeServices(reporter)
        .AddDbContextDesignTimeServices(db);
    providerServices.ConfigureDesignTimeServices(services);
    using var provider = services.BuildServiceProvider();
    var scaffolder = provider.GetRequiredService<IMigrationsScaffolder>();
    var migration = scaffolder.ScaffoldMigration(name, "Waymark.Server", $"Data.Migrations.{folder}", "C#");
    var files = scaffolder.Save(serverDir, migration, Path.Combine(serverDir, "Data", "Migrations", folder));
    Console.WriteLine($"{folder}: {files.MigrationFile}");
}

static string FindServerProject()
{
    var dir = new DirectoryInfo(Directory.GetCurrentDirectory());
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "src", "Waymark.Server", "Waymark.Server.csproj")))
    {
        dir = dir.Parent;
    }

    return dir is null
        ? throw new InvalidOperationException("Run from inside the Waymark repository.")
        : Path.Combine(dir.FullName, "src", "Waymark.Server");
}
