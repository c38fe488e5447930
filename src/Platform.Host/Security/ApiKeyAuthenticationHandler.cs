using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Platform.Abstractions;

namespace Platform.Host.Security;

/// <summary>
/// The API-key authentication scheme (<see cref="PlatformClaims.ApiKeyScheme"/>): reads
/// <c>Authorization: Bearer …</c> (an API key <c>ick_{tenant}.{keyId}.{secret}</c> or the operator
/// key), checks it against the tenant's grain, or this silo's <see cref="KeyCheckCache"/> of keys
/// that checked out (cleared on every silo before a revocation is acknowledged, so a revoked key is
/// refused at the next request) and produces the claims of <see cref="PlatformClaims"/>. No header, or another scheme
/// than Bearer, is no result (anonymous); a bearer token that does not check out is a failure, which
/// the authorization step answers 401 "unknown, malformed or revoked". Runs before any endpoint,
/// so nothing of the body or the query has been read when the caller is known.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    OperatorCredential operatorCredential, IGrainFactory grains, KeyCheckCache keyCache)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>Set in <c>HttpContext.Items</c> when a credential was presented and refused.</summary>
    public const string InvalidCredentialItem = "platform.invalid-credential";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        const string bearer = "Bearer ";
        if (!header.StartsWith(bearer, StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var token = header[bearer.Length..].Trim();
        if (token.Length is 0 or > 512) return Refused("malformed bearer token");

        if (operatorCredential.Matches(token))
            return Success([new(PlatformClaims.Actor, "operator"), new(PlatformClaims.Operator, "true")]);

        if (!ApiKeyFormat.TryParse(token, out var tenantId, out var keyId, out var secret)) return Refused("malformed key");
        if (!keyCache.TryGet(tenantId, keyId, secret, out var check))
        {
            // The check is made without any caller in the request context (none is known yet).
            var epoch = keyCache.EpochOf(tenantId);
            if (await grains.GetGrain<ITenantGrain>(tenantId).CheckKeyAsync(keyId, secret) is not { } checkedKey) return Refused("unknown or revoked key");
            keyCache.Remember(tenantId, keyId, secret, checkedKey, epoch);
            check = checkedKey;
        }
        return Success(
        [
            new(PlatformClaims.Actor, $"key:{tenantId}:{check.KeyId}"),
            new(PlatformClaims.Tenant, tenantId),
            new(PlatformClaims.Role, EnumNames.Of(check.Role)),
            new(PlatformClaims.TenantKind, EnumNames.Of(check.TenantKind)),
        ]);
    }

    private AuthenticateResult Success(Claim[] claims)
    {
        var identity = new ClaimsIdentity(claims, Scheme.Name, PlatformClaims.Actor, PlatformClaims.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    private AuthenticateResult Refused(string why)
    {
        Context.Items[InvalidCredentialItem] = true;
        return AuthenticateResult.Fail(why);
    }

    /// <summary>401 problem+json with <c>WWW-Authenticate: Bearer</c>, in the caller's language.</summary>
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        await HandleAuthenticateOnceSafeAsync();
        await PlatformAuthorizationResultHandler.WriteUnauthorizedAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        PlatformAuthorizationResultHandler.WriteProblemAsync(Context, new AccessDenial(StatusCodes.Status403Forbidden,
            "Cette action n'est pas permise à ce titre.", "This action is not allowed for this credential."));
}
