using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Waymark.Core.Marking;
using Waymark.Server.Data;
using Waymark.Server.Features.Audit;
using Waymark.Server.Features.Auth;
using Waymark.Server.Features.Marking;

namespace Waymark.Bench;

/// <summary>
/// Registered forensic marking codes for the benchmarks that need millions of them (marking, scrap): one programme,
/// its codes issued as one batch, and a registration for each serial 0…count−1, written with
/// <see cref="RegistrationBulkWriter"/> (the writer behind the registrations CSV import) in audited transactions of a
/// million rows.
/// </summary>
internal static class MarkingCodeSeed
{
    /// <summary>The bench programme with <paramref name="prefix"/>, or null when none has been registered yet.</summary>
    public static Task<MarkingProgramme?> FindAsync(WaymarkDb db, string prefix, CancellationToken ct) =>
        db.Set<MarkingProgramme>().FirstOrDefaultAsync(p => p.Prefix == prefix, ct);

    /// <summary>Creates the programme and registers <paramref name="count"/> codes in it; reports progress and the rate.</summary>
    public static async Task<MarkingProgramme> RegisterAsync(
        WaymarkDb db, AuditLog audit, string prefix, string name, string holderKind, Guid ownerOrganisationId, int count, CancellationToken ct)
    {
        var programme = new MarkingProgramme
        {
            Id = Guid.CreateVersion7(),
            Name = name,
            Prefix = prefix,
            Kind = holderKind,
            OwnerOrganisationId = ownerOrganisationId,
            NextSerial = count,
            CreatedAt = DateTime.UtcNow,
        };
        db.Set<MarkingProgramme>().Add(programme);
        db.Set<MarkingCodeBatch>().Add(new MarkingCodeBatch { Id = Guid.CreateVersion7(), ProgrammeId = programme.Id, FirstSerial = 0, Count = count, IssuedAt = DateTime.UtcNow, IssuedBy = "bench" });
        audit.Record(Caller.System("bench"), "marking.bench-seed", "marking-programme", programme.Id.ToString(), detail: $"{count} codes");
        await audit.SaveChangesAsync(ct);

        // The (programme, area) index takes its entries in random order; with SQLite's default 2 MB page cache ten million of
        // them thrash the disk. A bulk load gets a large cache on its own connection (the server keeps its defaults).
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            if (db.Database.IsSqlite())
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA cache_size=-1048576;", ct);
            }

            var clock = Stopwatch.StartNew();
            var random = new Random(6);
            var now = DateTime.UtcNow;
            const int Chunk = 1_000_000;
            for (var start = 0; start < count; start += Chunk)
            {
                var end = Math.Min(count, start + Chunk);
                await audit.InTransactionAsync(async token =>
                {
                    using var writer = new RegistrationBulkWriter(db);
                    var batch = new List<MarkingRegistration>(50_000);
                    for (var i = start; i < end; i++)
                    {
                        batch.Add(new MarkingRegistration
                        {
                            Id = Guid.CreateVersion7(),
                            Code = MarkingCode.Issue(prefix, i).Value,
                            ProgrammeId = programme.Id,
                            OwnerOrganisationId = ownerOrganisationId,
                            HolderKind = holderKind,
                            HolderName = string.Create(BenchSupport.Inv, $"Holder {i}"),
                            Address = string.Create(BenchSupport.Inv, $"{i % 300 + 1} Bench Street"),
                            Postcode = "LN1 1AA",
                            LsoaCode = string.Create(BenchSupport.Inv, $"E0100{random.Next(10_000):0000}"),
                            Items = i % 4 == 0 ? [new MarkedItem { Description = "Laptop", Make = "Dell" }] : [],
                            RegisteredAt = now.AddMinutes(-random.Next(1_000_000)),
                            RegisteredBy = "bench",
                        });
                        if (batch.Count == batch.Capacity)
                        {
                            await writer.WriteAsync(batch, token);
                            batch.Clear();
                        }
                    }

                    await writer.WriteAsync(batch, token);
                    return end - start;
                }, ct);
                BenchSupport.Line($"  {end:N0} codes registered ({end / clock.Elapsed.TotalSeconds:N0} rows/s)");
            }

            BenchSupport.Line($"registered {count:N0} codes in {clock.Elapsed.TotalSeconds:F1} s ({count / clock.Elapsed.TotalSeconds:N0} rows/s)");
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return programme;
    }
}
