using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Waymark.Server.Data;
using Waymark.Server.Features.Audit;

namespace Waymark.Server.Features.Auth;

public static class AuthEndpoints
{
    public sealed record LoginRequest(string Email, string Password);

    public sealed record Me(Guid? UserId, string Name, string? DisplayName, Guid OrganisationId, string Organisation, string OrganisationKind, string Role);

    public static RouteGroupBuilder MapAuth(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth").WithTags("Auth");
        group.MapPost("/login", LoginAsync).WithName("LogIn").WithSummary("Log in with e-mail and password; sets the session cookie.").AllowAnonymous();
        group.MapPost("/logout", LogoutAsync).WithName("LogOut").WithSummary("End the session.");
        group.MapGet("/me", MeAsync).WithName("GetMe").WithSummary("Who am I: user, organisation and role.").RequireAuthorization();
        return group;
    }

    private static async Task<Results<Ok<Me>, ProblemHttpResult>> LoginAsync(
        LoginRequest request, SignInManager<WaymarkUser> signIn, WaymarkDb db, AuditLog audit, CancellationToken ct)
    {
        var user = await signIn.UserManager.FindByEmailAsync(request.Email ?? "");
        if (user is null)
        {
            return TypedResults.Problem("Unknown e-mail or wrong password.", statusCode: StatusCodes.Status401Unauthorized);
        }

        var result = await signIn.PasswordSignInAsync(user, request.Password ?? "", isPersistent: false, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            audit.Record(new Caller(user.Id, user.UserName!, user.OrganisationId, default, "-"), "auth.lockedout", "user", user.Id.ToString());
            await audit.SaveChangesAsync(ct);
            return TypedResults.Problem("Too many failed attempts: the account is locked for a while.", statusCode: StatusCodes.Status423Locked);
        }

        if (!result.Succeeded)
        {
            return TypedResults.Problem("Unknown e-mail or wrong password.", statusCode: StatusCodes.Status401Unauthorized);
        }

        var org = await db.Organisations.FindAsync([user.OrganisationId], ct);
        var roles = await signIn.UserManager.GetRolesAsync(user);
        var me = new Me(user.Id, user.UserName!, user.DisplayName, org!.Id, org.Name, org.Kind.ToString(), roles.FirstOrDefault() ?? "");
        audit.Record(new Caller(user.Id, user.UserName!, org.Id, org.Kind, me.Role), "auth.login", "user", user.Id.ToString());
        await audit.SaveChangesAsync(ct);
        return TypedResults.Ok(me);
    }

    private static async Task<NoContent> LogoutAsync(SignInManager<WaymarkUser> signIn)
    {
        await signIn.SignOutAsync();
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<Me>, UnauthorizedHttpResult>> MeAsync(HttpContext http, WaymarkDb db, CancellationToken ct)
    {
        if (Caller.From(http.User) is not { } caller)
        {
            return TypedResults.Unauthorized();
        }

        var org = await db.Organisations.FindAsync([caller.OrganisationId], ct);
        string? display = caller.UserId is { } id ? (await db.Users.FindAsync([id], ct))?.DisplayName : null;
        return TypedResults.Ok(new Me(caller.UserId, caller.Name, display, caller.OrganisationId, org?.Name ?? "", caller.OrganisationKind.ToString(), caller.Role));
    }
}
