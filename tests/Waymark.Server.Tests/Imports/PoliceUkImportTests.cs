using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Server.Data;
using Waymark.Server.Tests.Infrastructure;

namespace Waymark.Server.Tests.Imports;

public sealed class PoliceUkImportTests(WaymarkFactory factory) : IClassFixture<WaymarkFactory>
{
    private static MultipartFormDataContent Upload(string path, string? name = null)
    {
        var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(File.ReadAllBytes(path));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Add(file, "file", name ?? Path.GetFileName(path));
        return content;
    }

    private static StringContent Csv(string text) => new(text, System.Text.Encoding.UTF8, "text/csv");

    [Fact]
    public async Task Import_AvonAndSomersetTwice_Keeps14786CrimesAndReportsDuplicates()
    {
        var client = await factory.LoginAsync(WaymarkFactory.PoliceAnalyst);
        var path = WaymarkFactory.TestData("policeuk", "2021-08-avon-and-somerset-street.csv");

        var first = await (await client.PostAsync("/api/imports/policeuk", Upload(path))).JsonAsync();
        Assert.Equal(14786, (int)first["rows"]!);
        Assert.Equal(14786, (int)first["imported"]!);
        Assert.Equal(0, (int)first["duplicates"]!);
        Assert.Equal(0, (int)first["rejected"]!);
        Assert.Equal(956, (int)first["unlocated"]!);

        var second = await (await client.PostAsync("/api/imports/policeuk", Upload(path))).JsonAsync();
        Assert.Equal(0, (int)second["imported"]!);
        Assert.Equal(14786, (int)second["duplicates"]!);
        Assert.Equal(956, (int)second["unlocated"]!);

        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<WaymarkDb>();
        var avon = await db.Organisations.SingleAsync(o => o.Name == "Avon and Somerset Constabulary");
        Assert.Equal(OrganisationKind.PoliceForce, avon.Kind);
        var crimes = db.Crimes.Where(c => c.OwnerOrganisationId == avon.Id);
        Assert.Equal(14786, await crimes.CountAsync());
        Assert.Equal(956, await crimes.CountAsync(c => c.Latitude == null));
        Assert.Equal(2505, await crimes.CountAsync(c => c.Category == "anti-social-behaviour" && c.ExternalId == null));
        Assert.Equal(5196, await crimes.CountAsync(c => c.Category == "violent-crime"));
        Assert.Equal(565, await crimes.CountAsync(c => c.Category == "burglary"));
        // Every located Avon crime is in Great Britain, with a British National Grid position.
        Assert.Equal(0, await crimes.CountAsync(c => c.Latitude != null && (c.Easting == null || c.Cell1km == null)));

        // Row 1 of the file: Ropley Close, Basingstoke (-1.147738, 51.347410).
        var ropley = await crimes.SingleAsync(c => c.ImportKey == "164653880d0be8893e9c94d0bad0b365f79d3681f5599a0f897eb971faf6c8c8");
        Assert.Equal("violent-crime", ropley.Category);
        Assert.Equal(new DateTime(2021, 8, 1, 0, 0, 0, DateTimeKind.Utc), ropley.OccurredFrom);
        // Its LSOA is Basingstoke and Deane 001E, at Tadley, in grid square SU (400000-500000 E, 100000-200000 N).
        // (OSTN15 itself is checked to the centimetre against Ordnance Survey's test points in Waymark.Core.Tests.)
        Assert.InRange(ropley.Easting!.Value, 455_000, 465_000);
        Assert.InRange(ropley.Northing!.Value, 158_000, 164_000);
        Assert.Equal("E01022560", ropley.LsoaCode);
    }

    [Fact]
    public async Task Import_NorthernIreland_StoresIrishGridAndNoBritishGrid()
    {
        var client = await factory.LoginAsync(WaymarkFactory.PoliceAnalyst);
        var report = await (await client.PostAsync("/api/imports/policeuk", Upload(WaymarkFactory.TestData("policeuk", "2021-08-northern-ireland-street.csv")))).JsonAsync();
        Assert.Equal(13775, (int)report["imported"]!);
        Assert.Equal(0, (int)report["rejected"]!);
        Assert.Equal(130, (int)report["unlocated"]!);

        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<WaymarkDb>();
        var psni = await db.Organisations.SingleAsync(o => o.Name == "Police Service of Northern Ireland");
        var located = db.Crimes.Where(c => c.OwnerOrganisationId == psni.Id && c.Latitude != null);
        Assert.Equal(13775 - 130, await located.CountAsync());
        Assert.Equal(0, await located.CountAsync(c => c.Easting != null));
        Assert.Equal(0, await located.CountAsync(c => c.ItmEasting == null));
    }

    [Fact]
    public async Task Import_BadRows_AreRejectedWithLineAndReason_AndGoodRowsKept()
    {
        var client = await factory.LoginAsync(WaymarkFactory.PoliceAnalyst);
        const string header = "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context\n";
        var csv = header +
            "aaaa000000000000000000000000000000000000000000000000000000000001,2021-08,Test Import Police,Test Import Police,-2.586735,51.464419,On or near Drummond Road,E01033348,Bristol 023G,Robbery,Status update unavailable,\n" +
            "aaaa000000000000000000000000000000000000000000000000000000000002,2021-08,Test Import Police,Test Import Police,-2.58,51.46,On or near X,,,Teleportation,,\n" +
            "aaaa000000000000000000000000000000000000000000000000000000000003,August,Test Import Police,Test Import Police,-2.58,51.46,On or near X,,,Robbery,,\n" +
            "aaaa000000000000000000000000000000000000000000000000000000000004,2021-08,Test Import Police,Test Import Police,2.35,48.85,On or near Paris,,,Robbery,,\n" +
            "too,few,columns\n" +
            ",2021-08,Test Import Police,Test Import Police,,,No Location,,,Anti-social behaviour,,\n";
        var report = await (await client.PostAsync("/api/imports/policeuk?fileName=bad.csv", Csv(csv))).JsonAsync();

        Assert.Equal(2, (int)report["imported"]!);
        Assert.Equal(4, (int)report["rejected"]!);
        Assert.Equal(1, (int)report["unlocated"]!);
        var rejected = report["files"]![0]!["rejectedRows"]!.AsArray();
        Assert.Equal([3, 4, 5, 6], rejected.Select(r => (int)r!["line"]!));
        Assert.Contains("Teleportation", (string)rejected[0]!["reason"]!, StringComparison.Ordinal);
        Assert.Contains("YYYY-MM", (string)rejected[1]!["reason"]!, StringComparison.Ordinal);
        Assert.Contains("outside Great Britain and Northern Ireland", (string)rejected[2]!["reason"]!, StringComparison.Ordinal);
        Assert.Contains("columns", (string)rejected[3]!["reason"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_FileThatIsNotPoliceUk_Is400AndWritesNothing()
    {
        var client = await factory.LoginAsync(WaymarkFactory.PoliceAnalyst);
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<WaymarkDb>();
        var before = await db.Crimes.CountAsync();

        var response = await client.PostAsync("/api/imports/policeuk", Csv("name,colour\nfred,red\n"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("header", (string)(await response.JsonAsync())["detail"]!, StringComparison.Ordinal);
        Assert.Equal(before, await db.Crimes.CountAsync());
    }

    [Fact]
    public async Task Import_ByPartnerAnalyst_IsForbidden()
    {
        var client = await factory.LoginAsync(WaymarkFactory.RailAnalyst);
        var response = await client.PostAsync("/api/imports/policeuk", Csv("x\n"));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task PartnerCsv_ImportsOwnCrimes_RejectsBadRows_AndIsIdempotent()
    {
        var client = await factory.LoginAsync(WaymarkFactory.PowerAnalyst);
        var template = await client.GetStringAsync("/api/imports/partner/template");
        var header = template.Split('\n')[0];
        var csv = template +
            "PWR-1,,metal-theft-substation-earthing,power,Substation 14,2026-01-10T22:00:00Z,2026-01-11T06:00:00Z,,,,446000,349000,Near Derby,,,copper earth tape,1,35,240,,,,,Partnership\n" +
            "PWR-2,,metal-theft-substation-earthing,power,Substation 15,2026-01-12T06:00:00Z,2026-01-11T22:00:00Z,,52.9,-1.4,,,Window backwards,,,,,,,,,,,Partnership\n" +
            "PWR-3,,no-such-category,power,,2026-01-12T06:00:00Z,,,,,,,,,,,,,,,,,,\n";
        Assert.StartsWith("external_id,", header, StringComparison.Ordinal);

        var first = await (await client.PostAsync("/api/imports/partner", Csv(csv))).JsonAsync();
        Assert.Equal(2, (int)first["imported"]!);
        Assert.Equal(2, (int)first["rejected"]!);
        var reasons = first["files"]![0]!["rejectedRows"]!.AsArray().Select(r => (string)r!["reason"]!).ToList();
        Assert.Contains("occurred_to", reasons[0], StringComparison.Ordinal);
        Assert.Contains("category", reasons[1], StringComparison.Ordinal);

        var again = await (await client.PostAsync("/api/imports/partner", Csv(csv))).JsonAsync();
        Assert.Equal(0, (int)again["imported"]!);
        Assert.Equal(2, (int)again["duplicates"]!);

        // The row given in British National Grid was placed near Derby and owned by the importer.
        var found = await client.GetJsonAsync("/api/crimes?owner=mine&q=substation%2014");
        Assert.Equal(1, (int)found["total"]!);
        var crime = found["items"]![0]!;
        Assert.InRange((double)crime["latitude"]!, 52.9, 53.2);
        Assert.Equal(446000, (double)crime["easting"]!, 0.01);
    }
}
