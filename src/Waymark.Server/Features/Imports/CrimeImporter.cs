using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.EntityFrameworkCore;
using Waymark.Core.Crimes;
using Waymark.Core.PoliceUk;
using Waymark.Server.Data;
using Waymark.Server.Features.Analytics;
using Waymark.Server.Features.Audit;
using Waymark.Server.Features.Auth;
using Waymark.Server.Features.Crimes;

namespace Waymark.Server.Features.Imports;

/// <summary>What an import did. <see cref="Unlocated"/> counts the file's rows that have no location (kept as unlocated crimes).</summary>
public sealed record ImportReport(Guid Id, string Kind, string FileName, int Rows, int Imported, int Duplicates, int Rejected, int Unlocated, IReadOnlyList<RejectedRow> RejectedRows)
{
    public string Summary => $"imported: {Imported}, duplicates: {Duplicates}, rejected: {Rejected}, unlocated: {Unlocated}";

    public static ImportReport From(ImportRun r) => new(r.Id, r.Kind, r.FileName, r.Rows, r.Imported, r.Duplicates, r.Rejected, r.Unlocated, r.RejectedRows);
}

/// <summary>A file that cannot be imported at all (wrong header, not CSV): nothing is written.</summary>
public sealed class ImportFormatException(string message) : Exception(message);

/// <summary>
/// Imports police.uk street-level files and partners' CSV crime reports. A file is imported in one transaction,
/// so it lands whole or not at all; re-importing adds nothing (rows are keyed, see <see cref="PoliceUkRowKeys"/>);
/// every row that cannot be taken is reported with its line number and reason.
/// </summary>
public sealed class CrimeImporter(WaymarkDb db, AuditLog audit, TimeProvider clock, CrimeSnapshot snapshot)
{
    public const string PoliceUkKind = "policeuk";
    public const string PartnerKind = "partner-csv";
    private const int BatchSize = 4000;

    public static readonly string[] PoliceUkHeader =
        ["Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location", "LSOA code", "LSOA name", "Crime type", "Last outcome category", "Context"];

    /// <summary>police.uk outcome texts that name a Home Office outcome type unambiguously.</summary>
    private static readonly Dictionary<string, int> OutcomeTypeOfText = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Investigation complete; no suspect identified"] = 18,
        ["Under investigation"] = 0,
        ["Further investigation is not in the public interest"] = 21,
        ["Formal action is not in the public interest"] = 10,
        ["Action to be taken by another organisation"] = 20,
        ["Offender given penalty notice"] = 6,
        ["Offender given a drugs possession warning"] = 7,
        ["Local resolution"] = 8,
    };

    public async Task<ImportReport> ImportPoliceUkAsync(Stream stream, string fileName, Caller caller, IProgress<long>? progress, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var run = NewRun(PoliceUkKind, fileName, caller, now);
        var forces = await db.Organisations.ToDictionaryAsync(o => o.Name, StringComparer.OrdinalIgnoreCase, ct);
        var keys = new PoliceUkRowKeys();

        return await RunAsync(run, caller, async (writer, token) =>
        {
            using var reader = new StreamReader(stream);
            using var csv = new CsvParser(reader, CsvConfig());
            if (!await csv.ReadAsync() || !csv.Record!.Take(PoliceUkHeader.Length).SequenceEqual(PoliceUkHeader, StringComparer.OrdinalIgnoreCase))
            {
                throw new ImportFormatException($"'{fileName}' is not a police.uk street-level file: the header must be {string.Join(",", PoliceUkHeader)}.");
            }

            var batch = new BatchPipeline(writer, run);
            while (await csv.ReadAsync())
            {
                token.ThrowIfCancellationRequested();
                var f = csv.Record!;
                var line = csv.RawRow;
                run.Rows++;
                if (f.Length != PoliceUkHeader.Length)
                {
                    Reject(run, line, $"expected {PoliceUkHeader.Length} columns, found {f.Length}");
                    continue;
                }

                var key = keys.Next(f[0], f);
                if (ParsePoliceUkRow(f, key, now, forces, caller, out var crime) is { } reason)
                {
                    Reject(run, line, reason);
                    continue;
                }

                if (crime.Latitude is null)
                {
                    run.Unlocated++;
                }

                if (await batch.AddAsync(crime, token))
                {
                    progress?.Report(reader.BaseStream.CanSeek ? reader.BaseStream.Position : run.Rows);
                }
            }

            await batch.CompleteAsync(token);
            progress?.Report(reader.BaseStream.CanSeek ? reader.BaseStream.Position : run.Rows);
        }, ct);
    }

    private string? ParsePoliceUkRow(string[] f, string key, DateTime now, Dictionary<string, Organisation> forces, Caller caller, out Crime crime)
    {
        crime = null!;
        if (!CrimeCategories.TryFromPoliceUkName(f[9], out var category))
        {
            return $"unknown crime type '{f[9]}'";
        }

        if (!DateTime.TryParseExact(f[1].Trim(), "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month))
        {
            return $"month '{f[1]}' is not YYYY-MM";
        }

        var forceName = f[2].Trim();
        if (forceName.Length == 0)
        {
            return "'Reported by' is empty";
        }

        if (!forces.TryGetValue(forceName, out var force))
        {
            // police.uk data is published by the forces: each file's force becomes (or is) a police organisation.
            force = new Organisation { Id = Guid.NewGuid(), Name = forceName, Kind = OrganisationKind.PoliceForce, CreatedAt = now };
            forces[forceName] = force;
            db.Organisations.Add(force);
            audit.Record(caller, "organisation.create", "organisation", force.Id.ToString(), detail: $"{forceName} (from police.uk import)");
        }

        var window = TimeWindow.ForMonth(month.Year, month.Month);
        var outcome = CrimeRules.Clean(f[10]);
        crime = new Crime
        {
            Id = Guid.CreateVersion7(),
            Reference = key.StartsWith("c:", StringComparison.Ordinal) ? "PUK-" + key[2..14].ToUpperInvariant() + Suffix(key) : "PUK-" + key[..Math.Min(12, key.Length)].ToUpperInvariant() + Suffix(key),
            OwnerOrganisationId = force.Id,
            Source = PoliceUkKind,
            ExternalId = CrimeRules.Clean(f[0]),
            ImportKey = key,
            Category = category.Slug,
            PoliceUkCategory = category.PoliceUkSlug,
            OccurredFrom = window.From.UtcDateTime,
            OccurredTo = window.To.UtcDateTime,
            ReportedAt = window.From.UtcDateTime,
            LocationDescription = CrimeRules.Clean(f[6]),
            LsoaCode = CrimeRules.Clean(f[7]),
            LsoaName = CrimeRules.Clean(f[8]),
            OutcomeText = outcome,
            OutcomeType = outcome is not null && OutcomeTypeOfText.TryGetValue(outcome, out var t) ? t : null,
            Visibility = Visibility.Partnership,
            RecordedAt = now,
            UpdatedAt = now,
        };

        var lonText = f[4].Trim();
        var latText = f[5].Trim();
        if (lonText.Length == 0 && latText.Length == 0)
        {
            return null;
        }

        if (!double.TryParse(latText, NumberStyles.Float, CultureInfo.InvariantCulture, out var lat) ||
            !double.TryParse(lonText, NumberStyles.Float, CultureInfo.InvariantCulture, out var lon))
        {
            return $"longitude/latitude '{lonText}', '{latText}' are not numbers";
        }

        return CrimeLocation.TryApply(crime, lat, lon) is { } reason ? $"location {reason}" : null;
    }

    private static string Suffix(string key)
    {
        var hash = key.IndexOf('#', StringComparison.Ordinal);
        return hash < 0 ? "" : "-" + key[(hash + 1)..];
    }

    public async Task<ImportReport> ImportPartnerCsvAsync(Stream stream, string fileName, Caller caller, Guid ownerOrganisationId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var run = NewRun(PartnerKind, fileName, caller, now);
        run.OrganisationId = ownerOrganisationId;
        return await RunAsync(run, caller, async (writer, token) =>
        {
            using var reader = new StreamReader(stream);
            using var csv = new CsvParser(reader, CsvConfig());
            if (!await csv.ReadAsync())
            {
                throw new ImportFormatException($"'{fileName}' is empty.");
            }

            var header = csv.Record!.Select(h => h.Trim().ToLowerInvariant()).ToArray();
            var missing = PartnerCsvTemplate.Required.Where(r => !header.Contains(r)).ToList();
            if (missing.Count > 0)
            {
                throw new ImportFormatException($"'{fileName}' lacks the column(s) {string.Join(", ", missing)}; see GET /api/imports/partner/template.");
            }

            var unknown = header.Where(h => !PartnerCsvTemplate.Columns.Contains(h)).ToList();
            if (unknown.Count > 0)
            {
                throw new ImportFormatException($"'{fileName}' has column(s) the template does not know: {string.Join(", ", unknown)}.");
            }

            var batch = new BatchPipeline(writer, run);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            while (await csv.ReadAsync())
            {
                var f = csv.Record!;
                var line = csv.RawRow;
                run.Rows++;
                if (f.Length != header.Length)
                {
                    Reject(run, line, $"expected {header.Length} columns, found {f.Length}");
                    continue;
                }

                var row = header.Zip(f).ToDictionary(p => p.First, p => CrimeRules.Clean(p.Second), StringComparer.Ordinal);
                var (request, parseErrors) = PartnerCsvTemplate.ToRequest(row);
                var crime = new Crime
                {
                    Id = Guid.CreateVersion7(),
                    Reference = row.GetValueOrDefault("reference") ?? row["external_id"] ?? "",
                    OwnerOrganisationId = ownerOrganisationId,
                    Source = PartnerKind,
                    ImportKey = $"{ownerOrganisationId:N}:{row["external_id"]}",
                    Category = "",
                    PoliceUkCategory = "",
                    RecordedAt = now,
                };
                var errors = CrimeRules.Apply(request, crime, now);
                foreach (var e in parseErrors)
                {
                    errors[e.Key] = e.Value;
                }

                if (row["external_id"] is null)
                {
                    errors["external_id"] = ["is required: your own reference for the crime, which makes re-imports idempotent."];
                }
                else if (!seen.Add(row["external_id"]!))
                {
                    errors["external_id"] = [$"'{row["external_id"]}' appears earlier in this file."];
                }

                if (errors.Count > 0)
                {
                    Reject(run, line, string.Join("; ", errors.Select(e => $"{PartnerCsvTemplate.ColumnOf(e.Key)} {string.Join(" ", e.Value)}")));
                    continue;
                }

                if (crime.Latitude is null)
                {
                    run.Unlocated++;
                }

                await batch.AddAsync(crime, token);
            }

            await batch.CompleteAsync(token);
        }, ct);
    }

    private async Task<ImportReport> RunAsync(ImportRun run, Caller caller, Func<CrimeBulkWriter, CancellationToken, Task> body, CancellationToken ct)
    {
        await audit.InTransactionAsync(async token =>
        {
            await using var writer = new CrimeBulkWriter(db);
            await body(writer, token);
            run.FinishedAt = clock.GetUtcNow().UtcDateTime;
            db.ImportRuns.Add(run);
            audit.Record(caller, $"import.{run.Kind}", "import", run.Id.ToString(), detail: $"{run.FileName}: rows {run.Rows}, imported {run.Imported}, duplicates {run.Duplicates}, rejected {run.Rejected}, unlocated {run.Unlocated}");
            return run;
        }, ct);
        // The imported rows carry the run's start as their update time: read those into the map snapshot now, rather
        // than have the next map request reload every crime.
        await snapshot.CatchUpAsync(run.StartedAt, ct);
        return ImportReport.From(run);
    }

    /// <summary>
    /// Writes full batches on a second thread while the file goes on being parsed, one batch in flight at a time (the
    /// connection is used by one writer only). Nothing is committed until the import's transaction is.
    /// </summary>
    private sealed class BatchPipeline(CrimeBulkWriter writer, ImportRun run)
    {
        private List<Crime> _batch = new(BatchSize);
        private Task _inFlight = Task.CompletedTask;

        /// <summary>Adds a crime; true when a batch was handed to the writer.</summary>
        public async Task<bool> AddAsync(Crime crime, CancellationToken ct)
        {
            _batch.Add(crime);
            if (_batch.Count < BatchSize)
            {
                return false;
            }

            await FlushAsync(ct);
            return true;
        }

        public async Task CompleteAsync(CancellationToken ct)
        {
            await FlushAsync(ct);
            await _inFlight;
        }

        private async Task FlushAsync(CancellationToken ct)
        {
            await _inFlight;
            if (_batch.Count == 0)
            {
                return;
            }

            var full = _batch;
            _batch = new List<Crime>(BatchSize);
            _inFlight = Task.Run(async () =>
            {
                var inserted = await writer.WriteAsync(full, ct);
                run.Imported += inserted;
                run.Duplicates += full.Count - inserted;
            }, ct);
        }
    }

    private static void Reject(ImportRun run, int line, string reason)
    {
        run.Rejected++;
        run.RejectedRows.Add(new RejectedRow { Line = line, Reason = reason });
    }

    private static ImportRun NewRun(string kind, string fileName, Caller caller, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(),
        Kind = kind,
        FileName = Path.GetFileName(fileName),
        OrganisationId = caller.OrganisationId,
        UserId = caller.UserId,
        StartedAt = now,
    };

    private static CsvConfiguration CsvConfig() => new(CultureInfo.InvariantCulture)
    {
        HasHeaderRecord = true,
        BadDataFound = null,
        MissingFieldFound = null,
        DetectColumnCountChanges = false,
        IgnoreBlankLines = true,
        TrimOptions = TrimOptions.None,
    };
}
