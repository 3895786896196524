using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Waymark.Server.Data;

namespace Waymark.Server.Features.Auth;

/// <summary>Authenticates machine clients that send <c>X-Api-Key: KEY</c>.</summary>
public sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, WaymarkDb db)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public new const string Scheme = "ApiKey";
    public const string Header = "X-Api-Key";

    /// <summary>The key's id, so a feature can hold a key to what it is bound to (an ANPR camera).</summary>
    public const string KeyIdClaim = "waymark:key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var values) || string.IsNullOrWhiteSpace(values.ToString()))
        {
            return AuthenticateResult.NoResult();
        }

        var hash = Hash(values.ToString().Trim());
        var key = await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Hash == hash && k.RevokedAt == null, Context.RequestAborted);
        if (key is null)
        {
            return AuthenticateResult.Fail("Unknown or revoked API key.");
        }

        var org = await db.Organisations.AsNoTracking().FirstAsync(o => o.Id == key.OrganisationId, Context.RequestAborted);
        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, $"apikey:{key.Name}"),
            new Claim(Caller.OrganisationClaim, org.Id.ToString()),
            new Claim(Caller.OrganisationKindClaim, org.Kind.ToString()),
            new Claim(Caller.RoleClaim, key.Role),
            new Claim(KeyIdClaim, key.Id.ToString()),
        ], Scheme);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme));
    }

    /// <summary>Keys are 256 random bits, so SHA-256 without salt or stretching is enough (unlike passwords).</summary>
    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public static string NewKey() => "wmk_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
        .Replace('+', '-').Replace('/', '_').TrimEnd('=');
}
