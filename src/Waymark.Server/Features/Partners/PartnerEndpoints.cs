using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Waymark.Server.Data;
using Waymark.Server.Features.Auth;

namespace Waymark.Server.Features.Partners;

public static class PartnerEndpoints
{
    public sealed record OrganisationDto(Guid Id, string Name, string Kind, string? Sector);

    public sealed record CreateOrganisation(string Name, string Kind, string? Sector);

    public sealed record CreateUser(string Email, string DisplayName, string Role, string Password);

    public sealed record CreateApiKey(string Role, string? Name);

    public sealed record ApiKeyCreated(Guid Id, string Name, string Role, string Key);

    public static RouteGroupBuilder MapPartners(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/organisations").WithTags("Organisations").RequireAuthorization();
        group.MapGet("", ListAsync).WithName("ListOrganisations").WithSummary("The organisations of the partnership.");
        var admin = group.MapGroup("").RequireAuthorization(p => p.RequireRole(Roles.Admin));
        admin.MapPost("", CreateAsync).WithName("CreateOrganisation").WithSummary("Add an organisation (kind: police, partner, business, dealer, local-authority).");
        admin.MapPost("/{id:guid}/users", CreateUserAsync).WithName("CreateUser").WithSummary("Add a person to an organisation with a role.");
        admin.MapPost("/{id:guid}/apikeys", CreateApiKeyAsync).WithName("CreateApiKey").WithSummary("Issue an API key for a machine client; the key is shown once.");
        return group;
    }

    private static async Task<Ok<List<OrganisationDto>>> ListAsync(WaymarkDb db, CancellationToken ct) =>
        TypedResults.Ok(await db.Organisations.AsNoTracking().OrderBy(o => o.Name)
            .Select(o => new OrganisationDto(o.Id, o.Name, o.Kind.ToString(), o.Sector)).ToListAsync(ct));

    private static async Task<Results<Created<OrganisationDto>, ValidationProblem>> CreateAsync(CreateOrganisation body, HttpContext http, PartnerDirectory directory, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(body.Name))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["name"] = ["is required."] });
        }

        if (!PartnerDirectory.KindSlugs.TryGetValue(body.Kind ?? "", out var kind))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["kind"] = [$"is one of {string.Join(", ", PartnerDirectory.KindSlugs.Keys)}."] });
        }

        try
        {
            var org = await directory.CreateOrganisationAsync(Caller.From(http.User)!, body.Name, kind, body.Sector, ct);
            return TypedResults.Created($"/api/organisations/{org.Id}", new OrganisationDto(org.Id, org.Name, org.Kind.ToString(), org.Sector));
        }
        catch (PartnerException e)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["name"] = [e.Message] });
        }
    }

    private static async Task<Results<Created, ValidationProblem, NotFound>> CreateUserAsync(Guid id, CreateUser body, HttpContext http, WaymarkDb db, PartnerDirectory directory, CancellationToken ct)
    {
        var org = await db.Organisations.FindAsync([id], ct);
        if (org is null)
        {
            return TypedResults.NotFound();
        }

        try
        {
            var user = await directory.CreateUserAsync(Caller.From(http.User)!, org, body.Email, body.DisplayName, body.Role, body.Password, ct);
            return TypedResults.Created($"/api/users/{user.Id}");
        }
        catch (PartnerException e)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["user"] = [e.Message] });
        }
    }

    private static async Task<Results<Ok<ApiKeyCreated>, ValidationProblem, NotFound>> CreateApiKeyAsync(Guid id, CreateApiKey body, HttpContext http, WaymarkDb db, PartnerDirectory directory, CancellationToken ct)
    {
        var org = await db.Organisations.FindAsync([id], ct);
        if (org is null)
        {
            return TypedResults.NotFound();
        }

        try
        {
            var (key, secret) = await directory.CreateApiKeyAsync(Caller.From(http.User)!, org, body.Role, body.Name, ct);
            return TypedResults.Ok(new ApiKeyCreated(key.Id, key.Name, key.Role, secret));
        }
        catch (PartnerException e)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["role"] = [e.Message] });
        }
    }
}
