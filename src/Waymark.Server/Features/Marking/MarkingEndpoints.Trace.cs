using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Waymark.Core.Marking;
using Waymark.Server.Data;
using Waymark.Server.Features.Alerts;
using Waymark.Server.Features.Audit;
using Waymark.Server.Features.Auth;
using Waymark.Server.Features.Crimes;
using Waymark.Server.Features.Partners;
using Waymark.Server.Features.Sharing;

namespace Waymark.Server.Features.Marking;

public static partial class MarkingEndpoints
{
    /// <summary>The most codes one trace request may carry (a custody or shop scan).</summary>
    public const int MaxTraceBatch = 1000;

    public static readonly IReadOnlyList<string> TraceContexts = ["recovered-property", "custody", "shop-scan", "scrap-yard", "search-warrant"];

    public sealed record TraceRequest(IReadOnlyList<string>? Codes, string? Purpose, string? Context);

    public sealed record TraceProgramme(Guid Id, string Name, string Prefix, Guid OwnerOrganisationId, string OwnerOrganisation);

    public sealed record TraceHolder(string Kind, string? Name, string? Address, string? Postcode, string? LsoaCode, string? Ward, string? Contact,
        string? AssetReference, double? Latitude, double? Longitude);

    public sealed record TraceCrime(Guid Id, string Reference, string Category, DateTime OccurredFrom, string OwnerOrganisation, string? OfficerInCharge, IReadOnlyList<string> ItemsStolen);

    public sealed record TraceReturn(DateTime ReturnedAt, string ItemDescription, Guid? CrimeId);

    /// <summary>
    /// One code's answer. Status: <c>registered</c>; <c>no-registration</c> (a valid code nobody holds — <see cref="Issued"/>
    /// says whether a programme issued it); <c>invalid</c> (with <see cref="LikelyCodes"/>, the issued codes one slip away).
    /// </summary>
    public sealed record TraceResult(string Input, string Status, string? Code, string? Reason, IReadOnlyList<string> LikelyCodes, bool Issued,
        TraceProgramme? Programme, TraceHolder? Holder, IReadOnlyList<MarkedItem> Items, IReadOnlyList<TraceCrime> StolenIn, IReadOnlyList<TraceReturn> Returned)
    {
        /// <summary>Every crime listing the code, including those the tracer may not see: their owners are alerted. Never sent.</summary>
        [JsonIgnore]
        public IReadOnlyList<Crime> AllCrimes { get; init; } = [];

        [JsonIgnore]
        public Guid RegistrationId { get; init; }
    }

    public sealed record TraceResponse(string Purpose, string Context, int Codes, int Registered, int RecordedStolen, IReadOnlyList<TraceResult> Results);

    public sealed record ReturnRequest(string? Code, string? ItemDescription, DateTimeOffset? ReturnedAt, Guid? CrimeId, decimal? ValuePounds);

    public sealed record ReturnResponse(Guid Id, string Code, string ItemDescription, DateTime ReturnedAt, Guid? CrimeId, decimal? ValuePounds, string ReturnedBy);

    public sealed record ReturnsReport(Guid ProgrammeId, int Returned, int CodesReturnedTo, decimal ValuePounds, IReadOnlyList<ReturnResponse> Items);

    private static void MapTrace(RouteGroupBuilder group)
    {
        group.MapGet("/trace/{code}", TraceOneAsync).WithName("TraceMarkingCode")
            .WithSummary("Trace a code read from recovered property: programme, holder, items, crimes it was stolen in, owner. Police roles, with a purpose; audited; the owner and the crime's owner are alerted.");
        group.MapPost("/trace", TraceBatchAsync).WithName("TraceMarkingCodes")
            .WithSummary("Trace a batch of codes from a custody or shop scan (up to 1,000).");
        group.MapPost("/returns", RecordReturnAsync).WithName("RecordPropertyReturn")
            .WithSummary("Record marked property handed back to its registered holder.");
        group.MapGet("/programmes/{id:guid}/returns", ReturnsAsync).WithName("GetPropertyReturns")
            .WithSummary("Property returned to holders in the programme: the count, value and each return.");
    }

    private static Task<IResult> TraceOneAsync(string code, string? purpose, string? context, HttpContext http, WaymarkDb db, StolenCodeIndex stolenIndex, AuditLog audit, TimeProvider clock, CancellationToken ct) =>
        TraceAsync(new TraceRequest([code], purpose, context), http, db, stolenIndex, audit, clock, single: true, ct);

    private static Task<IResult> TraceBatchAsync(TraceRequest request, HttpContext http, WaymarkDb db, StolenCodeIndex stolenIndex, AuditLog audit, TimeProvider clock, CancellationToken ct) =>
        TraceAsync(request, http, db, stolenIndex, audit, clock, single: false, ct);

    private static async Task<IResult> TraceAsync(TraceRequest request, HttpContext http, WaymarkDb db, StolenCodeIndex stolenIndex, AuditLog audit, TimeProvider clock, bool single, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        if (!SharingRules.MayTrace(caller))
        {
            return TypedResults.Problem("Tracing a code is for police analysts and officers.", title: "Forbidden", statusCode: StatusCodes.Status403Forbidden);
        }

        var purpose = PurposeOf(http, request.Purpose);
        if (purpose is null)
        {
            return Invalid("purpose", "is required: why the code is traced (e.g. 'recovered property, crime 42/1234/26'); it is recorded in the audit log.");
        }

        var context = CrimeRules.Clean(request.Context)?.ToLowerInvariant() ?? "recovered-property";
        if (!TraceContexts.Contains(context, StringComparer.Ordinal))
        {
            return Invalid("context", $"is one of {string.Join(", ", TraceContexts)}.");
        }

        var codes = (request.Codes ?? []).Where(c => !string.IsNullOrWhiteSpace(c)).ToList();
        if (codes.Count is 0 or > MaxTraceBatch)
        {
            return Invalid("codes", $"is 1 to {MaxTraceBatch} codes read from the property.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var tracer = await db.Organisations.AsNoTracking().Where(o => o.Id == caller.OrganisationId).Select(o => o.Name).FirstOrDefaultAsync(ct) ?? caller.Name;
        var results = new List<TraceResult>(codes.Count);
        foreach (var input in codes)
        {
            var result = await TraceCodeAsync(db, stolenIndex, caller, input, ct);
            results.Add(result);
            audit.Record(caller, "marking.trace", "marking-code", result.Code is null ? input.Trim() : MarkingCode.Normalise(result.Code), purpose,
                $"{result.Status}; {context}; {result.StolenIn.Count} crimes");
            if (result.Status == "registered")
            {
                RaiseTraceAlerts(db, result, tracer, context, now);
            }
        }

        await audit.SaveChangesAsync(ct);
        if (single && results[0].Status == "invalid")
        {
            var r = results[0];
            return TypedResults.Problem(title: "Not a valid code", detail: r.Reason, statusCode: StatusCodes.Status400BadRequest,
                extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["code"] = [r.Reason!] }, ["likelyCodes"] = r.LikelyCodes });
        }

        return single
            ? TypedResults.Ok(results[0])
            : TypedResults.Ok(new TraceResponse(purpose, context, results.Count, results.Count(r => r.Status == "registered"), results.Count(r => r.StolenIn.Count > 0), results));
    }

    private static async Task<TraceResult> TraceCodeAsync(WaymarkDb db, StolenCodeIndex stolenIndex, Caller caller, string input, CancellationToken ct)
    {
        if (!MarkingCode.TryParse(input, out var code))
        {
            var check = Check(input, await IssuedFilterAsync(db, input, ct));
            return new TraceResult(input, "invalid", null, check.Reason, check.LikelyCodes, false, null, null, [], [], []);
        }

        var found = await db.Set<MarkingRegistration>().AsNoTracking()
            .Where(r => r.Code == code.Value)
            .Join(db.Set<MarkingProgramme>(), r => r.ProgrammeId, p => p.Id, (r, p) => new { Registration = r, Programme = p })
            .FirstOrDefaultAsync(ct);
        if (found is null)
        {
            var issuedTo = await db.Set<MarkingProgramme>().AsNoTracking().Where(p => p.Prefix == code.Prefix).Select(p => new { p.NextSerial }).FirstOrDefaultAsync(ct);
            var issued = issuedTo is not null && code.Serial < issuedTo.NextSerial;
            return new TraceResult(input, "no-registration", code.Display,
                issued ? "no registration: the code was issued but no holder has registered it." : "no registration: no programme has issued this code.",
                [], issued, null, null, [], [], []);
        }

        var (reg, programme) = (found.Registration, found.Programme);
        var crimes = await MarkingRegistry.StolenInAsync(db, stolenIndex, code, ct);
        var names = await db.OrganisationNamesAsync(crimes.Select(c => c.OwnerOrganisationId).Append(programme.OwnerOrganisationId), ct);
        var stolen = crimes.Where(c => SharingRules.CanSee(c, caller)).Select(c => new TraceCrime(c.Id, c.Reference, c.Category, c.OccurredFrom,
            names.GetValueOrDefault(c.OwnerOrganisationId, ""), SharingRules.MaySeePersonalData(c, caller) ? c.OfficerInCharge : null,
            c.PropertyStolen.Where(p => p.MarkingCode is { } m && MarkingCode.Normalise(m) == code.Value).Select(p => p.Description ?? p.Type).ToList())).ToList();
        var returns = await db.Set<PropertyReturn>().AsNoTracking().Where(x => x.Code == code.Value).OrderBy(x => x.ReturnedAt)
            .Select(x => new TraceReturn(x.ReturnedAt, x.ItemDescription, x.CrimeId)).ToListAsync(ct);
        var show = SharingRules.MaySeeHolder(reg.OwnerOrganisationId, caller);
        var holder = new TraceHolder(reg.HolderKind, show ? reg.HolderName : null, show ? reg.Address : null, show ? reg.Postcode : null, reg.LsoaCode, reg.Ward,
            show ? reg.Contact : null, reg.AssetReference, show ? reg.Latitude : null, show ? reg.Longitude : null);
        return new TraceResult(input, "registered", code.Display, null, [], true,
            new TraceProgramme(programme.Id, programme.Name, programme.Prefix, programme.OwnerOrganisationId, names.GetValueOrDefault(programme.OwnerOrganisationId, "")),
            holder, show ? reg.Items : [], stolen, returns)
        {
            // Every crime, including those the tracer may not see, so their owners are told.
            AllCrimes = crimes,
            RegistrationId = reg.Id,
        };
    }

    /// <summary>
    /// Tells the programme's owner that its code was traced, and each organisation whose crime lists the code that its
    /// stolen property has surfaced. Separate alerts, so each carries only what its recipient may see: the owner gets the
    /// registration (never the holder's details, which stay behind the audited trace), a crime's owner gets its own crime.
    /// </summary>
    private static void RaiseTraceAlerts(WaymarkDb db, TraceResult result, string tracer, string context, DateTime now)
    {
        var programme = result.Programme!;
        var crimes = result.AllCrimes;
        var ownCrimes = crimes.Where(c => c.OwnerOrganisationId == programme.OwnerOrganisationId).ToList();
        db.RaiseAlert(new DirectedAlert(AlertKinds.ForensicCodeTraced, [programme.OwnerOrganisationId], crimes.Count > 0 ? AlertSeverity.High : AlertSeverity.Medium,
            $"Marked property traced: {result.Code}",
            $"{tracer} traced code {result.Code} ({programme.Name}) on property found in a {context.Replace('-', ' ')}." +
            (crimes.Count > 0 ? $" It was recorded stolen in {crimes.Count} crime report(s)." : ""))
        {
            Evidence = new JsonObject
            {
                ["code"] = result.Code,
                ["programmeId"] = programme.Id.ToString(),
                ["registrationId"] = result.RegistrationId.ToString(),
                ["tracedBy"] = tracer,
                ["context"] = context,
                ["recordedStolen"] = crimes.Count > 0,
                ["crimes"] = new JsonArray(ownCrimes.Select(c => (JsonNode?)new JsonObject { ["id"] = c.Id.ToString(), ["reference"] = c.Reference }).ToArray()),
            },
            Link = $"/marking/trace?code={Uri.EscapeDataString(result.Code!)}",
            DedupKey = $"marking-trace:{MarkingCode.Normalise(result.Code)}",
        }, now);

        foreach (var group in crimes.Where(c => c.OwnerOrganisationId != programme.OwnerOrganisationId).GroupBy(c => c.OwnerOrganisationId))
        {
            var list = group.ToList();
            db.RaiseAlert(new DirectedAlert(AlertKinds.ForensicCodeTraced, [group.Key], AlertSeverity.High,
                $"Stolen property traced: {result.Code}",
                $"{tracer} traced code {result.Code} on property recorded stolen in your crime {string.Join(", ", list.Select(c => c.Reference))}; the code is registered in {programme.Name} ({programme.OwnerOrganisation}).")
            {
                Evidence = new JsonObject
                {
                    ["code"] = result.Code,
                    ["programme"] = programme.Name,
                    ["programmeOwner"] = programme.OwnerOrganisation,
                    ["tracedBy"] = tracer,
                    ["context"] = context,
                    ["crimes"] = new JsonArray(list.Select(c => (JsonNode?)new JsonObject
                    {
                        ["id"] = c.Id.ToString(),
                        ["reference"] = c.Reference,
                        ["officerInCharge"] = c.OfficerInCharge,
                    }).ToArray()),
                },
                Latitude = list[0].Latitude,
                Longitude = list[0].Longitude,
                Link = $"/?crime={list[0].Id}",
                DedupKey = $"marking-trace:{MarkingCode.Normalise(result.Code)}:{group.Key}",
            }, now);
        }
    }

    private static async Task<IResult> RecordReturnAsync(ReturnRequest request, HttpContext http, WaymarkDb db, AuditLog audit, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        if (!SharingRules.MayRecordReturn(caller))
        {
            return TypedResults.Problem("Recording property returned is for police analysts and officers.", title: "Forbidden", statusCode: StatusCodes.Status403Forbidden);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!MarkingCode.TryParse(request.Code, out var code))
        {
            errors["code"] = [$"'{request.Code}' is not a valid code."];
        }

        if (CrimeRules.Clean(request.ItemDescription) is null)
        {
            errors["itemDescription"] = ["is required: what was handed back."];
        }

        if (request.ReturnedAt is { } at && at.UtcDateTime > now.AddMinutes(5))
        {
            errors["returnedAt"] = ["is in the future."];
        }

        if (request.ValuePounds is < 0)
        {
            errors["valuePounds"] = ["cannot be negative."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The return was not recorded: some fields are invalid.");
        }

        var reg = await db.Set<MarkingRegistration>().AsNoTracking().FirstOrDefaultAsync(r => r.Code == code.Value, ct);
        if (reg is null)
        {
            return Invalid("code", $"{code.Display}: no registration, so there is no holder to return it to.");
        }

        if (request.CrimeId is { } crimeId && !await db.Crimes.AsNoTracking().VisibleTo(caller).AnyAsync(c => c.Id == crimeId, ct))
        {
            return Invalid("crimeId", $"no crime {crimeId} is visible to you.");
        }

        var ret = new PropertyReturn
        {
            Id = Guid.CreateVersion7(),
            Code = code.Value,
            RegistrationId = reg.Id,
            ProgrammeId = reg.ProgrammeId,
            CrimeId = request.CrimeId,
            ItemDescription = CrimeRules.Clean(request.ItemDescription)!,
            ReturnedAt = request.ReturnedAt?.UtcDateTime ?? now,
            ReturnedBy = caller.Name,
            RecordedByOrganisationId = caller.OrganisationId,
            ValuePounds = request.ValuePounds,
        };
        db.Set<PropertyReturn>().Add(ret);
        audit.Record(caller, "marking.return", "marking-code", code.Value, detail: $"{ret.ItemDescription}; crime {ret.CrimeId?.ToString() ?? "none"}");
        await audit.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/marking/programmes/{reg.ProgrammeId}/returns", ToResponse(ret));
    }

    private static ReturnResponse ToResponse(PropertyReturn r) => new(r.Id, Display(r.Code), r.ItemDescription, r.ReturnedAt, r.CrimeId, r.ValuePounds, r.ReturnedBy);

    private static async Task<IResult> ReturnsAsync(Guid id, HttpContext http, WaymarkDb db, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        if (await VisibleProgrammeAsync(db, id, caller, ct) is null)
        {
            return ProgrammeNotFound(id);
        }

        var returns = await db.Set<PropertyReturn>().AsNoTracking().Where(r => r.ProgrammeId == id).ToListAsync(ct);
        returns = returns.OrderByDescending(r => r.ReturnedAt).ToList();
        return TypedResults.Ok(new ReturnsReport(id, returns.Count, returns.Select(r => r.Code).Distinct().Count(), returns.Sum(r => r.ValuePounds ?? 0),
            returns.Select(ToResponse).ToList()));
    }
}
