using System.Collections.Concurrent;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Extensions.Options;
using Platform.Abstractions;
using Platform.Host.Errors;

namespace Platform.Host.Security;

/// <summary>
/// Which authentication schemes the platform's policies accept. The API-key scheme always; the web
/// app adds its cookie scheme (<see cref="PlatformClaims.CookieScheme"/>), which produces the same
/// claims, and every policy then accepts either (docs/security.md "A second scheme").
/// </summary>
public sealed class PlatformAuthenticationOptions
{
    public List<string> Schemes { get; } = [PlatformClaims.ApiKeyScheme];
}

/// <summary>
/// The platform's authorization policies, by name. Every tenant route has one requirement on the
/// route's <c>{tenantId}</c> (<see cref="TenantRouteRequirement"/>), decided in this order:
/// 400 bad tenant id; 401 no credential, or one that did not check out; the operator where allowed;
/// 404 another tenant's credential (existence not disclosed) unless a delegation it accepted applies;
/// 403 the tenant's own credential with too low a role. A kind requirement (<see cref="TenantKindRequirement"/>)
/// then answers 404 on a route that does not exist for the tenant's kind.
/// </summary>
public static class PlatformPolicies
{
    public const string Prefix = "platform:";
    public const string Operator = Prefix + "operator";
    public const string FederationTenant = Prefix + "kind:federation";
    public const string ConsortiumTenant = Prefix + "kind:consortium";
    public const string ClientTenant = Prefix + "kind:client";
    public const string ConsortiumStaffOrClient = Prefix + "consortium-staff-or-client";

    /// <summary>The default authentication scheme: forwards to the API-key or the cookie scheme.</summary>
    public const string DefaultScheme = "Platform";

    /// <summary>e.g. <c>platform:tenant:staff</c>, <c>platform:tenant:viewer:members</c>, <c>platform:tenant:admin::operator</c>.</summary>
    public static string Tenant(TenantRole minimum, string? delegatedScope = null, bool allowOperator = false) =>
        $"{Prefix}tenant:{EnumNames.Of(minimum)}:{delegatedScope}:{(allowOperator ? "operator" : "")}".TrimEnd(':');

    internal static IAuthorizationRequirement? Requirement(string name)
    {
        if (!name.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        switch (name)
        {
            case Operator: return new OperatorRequirement();
            case FederationTenant: return new TenantKindRequirement(TenantKindRule.Federation);
            case ConsortiumTenant: return new TenantKindRequirement(TenantKindRule.Consortium);
            case ClientTenant: return new TenantKindRequirement(TenantKindRule.Client);
            case ConsortiumStaffOrClient: return new ConsortiumStaffOrClientRequirement();
        }
        var parts = name[Prefix.Length..].Split(':');
        if (parts.Length is < 2 or > 4 || parts[0] != "tenant") return null;
        var minimum = Enum.GetValues<TenantRole>().Where(r => EnumNames.Of(r) == parts[1]).Select(r => (TenantRole?)r).FirstOrDefault();
        if (minimum is null) return null;
        var scope = parts.Length > 2 && parts[2].Length > 0 ? parts[2] : null;
        var allowOperator = parts.Length > 3 && parts[3] == "operator";
        return new TenantRouteRequirement(minimum.Value, scope, allowOperator);
    }

    /// <summary>Authentication, authorization and the answers of both; the policies accept the schemes of <see cref="PlatformAuthenticationOptions"/>.</summary>
    public static IServiceCollection AddPlatformAuthentication(this IServiceCollection services)
    {
        services.AddOptions<PlatformAuthenticationOptions>();
        services.AddAuthentication(options =>
            {
                options.DefaultScheme = DefaultScheme;
                options.DefaultChallengeScheme = PlatformClaims.ApiKeyScheme;
            })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(PlatformClaims.ApiKeyScheme, null)
            // The default for middleware that runs before a policy (the caller, the rate limiter): a
            // request with an Authorization header is the API-key scheme's; any other goes to the
            // cookie scheme once the web app registered it.
            .AddPolicyScheme(DefaultScheme, "API key or web app session", options =>
                options.ForwardDefaultSelector = context =>
                    context.Request.Headers.Authorization.Count == 0
                    && context.RequestServices.GetRequiredService<IOptions<PlatformAuthenticationOptions>>().Value.Schemes.Contains(PlatformClaims.CookieScheme)
                        ? PlatformClaims.CookieScheme
                        : PlatformClaims.ApiKeyScheme);
        services.AddAuthorization();
        services.AddSingleton<IAuthorizationPolicyProvider, PlatformPolicyProvider>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, PlatformAuthorizationResultHandler>();
        // Order matters: the access handler decides first, the kind handler only after it allowed.
        services.AddSingleton<IAuthorizationHandler, TenantRouteHandler>();
        services.AddSingleton<IAuthorizationHandler, OperatorHandler>();
        services.AddSingleton<IAuthorizationHandler, ConsortiumStaffOrClientHandler>();
        services.AddSingleton<IAuthorizationHandler, TenantKindHandler>();
        return services;
    }
}

/// <summary>Builds the platform's named policies on demand (parameterised by role, scope, kind) for the configured schemes.</summary>
internal sealed class PlatformPolicyProvider(IOptions<AuthorizationOptions> options, IOptions<PlatformAuthenticationOptions> schemes)
    : DefaultAuthorizationPolicyProvider(options)
{
    private readonly ConcurrentDictionary<string, AuthorizationPolicy?> _policies = new(StringComparer.Ordinal);

    public override Task<AuthorizationPolicy?> GetPolicyAsync(string policyName)
    {
        if (!policyName.StartsWith(PlatformPolicies.Prefix, StringComparison.Ordinal)) return base.GetPolicyAsync(policyName);
        return Task.FromResult(_policies.GetOrAdd(policyName, name => PlatformPolicies.Requirement(name) is { } requirement
            ? new AuthorizationPolicyBuilder(schemes.Value.Schemes.Distinct(StringComparer.Ordinal).ToArray()).AddRequirements(requirement).Build()
            : null));
    }
}

public sealed record TenantRouteRequirement(TenantRole Minimum, string? DelegatedScope, bool AllowOperator) : IAuthorizationRequirement;

public sealed class OperatorRequirement : IAuthorizationRequirement;

public sealed class ConsortiumStaffOrClientRequirement : IAuthorizationRequirement;

public enum TenantKindRule { Federation, Consortium, Client }

public sealed record TenantKindRequirement(TenantKindRule Rule) : IAuthorizationRequirement;

/// <summary>Why a request was refused, with its status and detail in both languages.</summary>
public sealed record AccessDenial(int Status, string French, string English);

/// <summary>What the handlers share: the request, its caller refreshed from the policy's principal, and the first denial.</summary>
internal static class Authorization
{
    public const string DenialItem = "platform.access-denial";

    public static bool TryStart(AuthorizationHandlerContext context, out HttpContext http, out CurrentCaller caller)
    {
        http = (context.Resource as HttpContext)!;
        caller = null!;
        if (http is null) return false;
        caller = http.RequestServices.GetRequiredService<CurrentCaller>();
        CallerResolutionMiddleware.Resolve(http, caller, context.User);
        return true;
    }

    public static bool AlreadyDenied(HttpContext http) => http.Items.ContainsKey(DenialItem);

    public static Task Deny(AuthorizationHandlerContext context, IAuthorizationHandler handler, HttpContext http, AccessDenial denial)
    {
        http.Items.TryAdd(DenialItem, denial);
        context.Fail(new AuthorizationFailureReason(handler, denial.English));
        return Task.CompletedTask;
    }

    public static string? RouteTenant(HttpContext http) => http.GetRouteValue(TenantAccess.TenantRouteParameter) as string;

    public static AccessDenial InvalidTenantId(string? tenantId) => new(StatusCodes.Status400BadRequest,
        $"'{Shorten(tenantId)}' n'est pas un identifiant de locataire valide (lettres minuscules, chiffres et '-', au plus 63 caractères).",
        $"'{Shorten(tenantId)}' is not a valid tenant id (lower-case letters, digits and '-', at most 63 characters).");

    public static readonly AccessDenial Unauthenticated = new(StatusCodes.Status401Unauthorized,
        "Une clé est requise : envoyez « Authorization: Bearer <clé> ».", "A key is required: send 'Authorization: Bearer <key>'.");

    public static readonly AccessDenial NotFound = new(StatusCodes.Status404NotFound, "Aucun objet de ce nom.", "No such object.");

    public static AccessDenial RoleTooLow(TenantRole needed, TenantRole held) => new(StatusCodes.Status403Forbidden,
        $"Cette action demande le rôle « {EnumNames.Of(needed)} » ; la clé a le rôle « {EnumNames.Of(held)} ».",
        $"This action needs the '{EnumNames.Of(needed)}' role; the key has '{EnumNames.Of(held)}'.");

    private static string Shorten(string? value) => value is null ? "" : value.Length > 64 ? value[..64] + "…" : value;
}

/// <summary>The object-level check of every tenant route (OWASP API1), see <see cref="PlatformPolicies"/>.</summary>
internal sealed class TenantRouteHandler : AuthorizationHandler<TenantRouteRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, TenantRouteRequirement requirement)
    {
        if (!Authorization.TryStart(context, out var http, out var caller)) return;
        if (Authorization.AlreadyDenied(http)) return;
        var tenantId = Authorization.RouteTenant(http);
        if (!Ids.IsValid(tenantId))
        {
            await Authorization.Deny(context, this, http, Authorization.InvalidTenantId(tenantId));
            return;
        }
        if (caller.IsOperator && requirement.AllowOperator)
        {
            context.Succeed(requirement);
            return;
        }
        if (!caller.IsTenantKey)
        {
            await Authorization.Deny(context, this, http, Authorization.Unauthenticated);
            return;
        }
        if (caller.TenantId != tenantId)
        {
            if (requirement.DelegatedScope is { } scope && requirement.Minimum == TenantRole.Viewer && caller.Role >= TenantRole.Staff)
            {
                foreach (var resolver in http.RequestServices.GetServices<IDelegatedAccessResolver>())
                {
                    if (await resolver.ResolveAsync(caller, tenantId!, scope, http.RequestAborted) is not { } access) continue;
                    caller.SetDelegation(tenantId!);
                    CallerResolutionMiddleware.PublishToRequestContext(caller);
                    await http.RequestServices.GetRequiredService<Audit.AuditWriter>().WriteAsync(tenantId!, "delegated.read", http.Request.Path, $"via {access.Via}");
                    context.Succeed(requirement);
                    return;
                }
            }
            await Authorization.Deny(context, this, http, Authorization.NotFound);
            return;
        }
        if (caller.Role < requirement.Minimum)
        {
            await Authorization.Deny(context, this, http, Authorization.RoleTooLow(requirement.Minimum, caller.Role));
            return;
        }
        context.Succeed(requirement);
    }
}

internal sealed class OperatorHandler : AuthorizationHandler<OperatorRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, OperatorRequirement requirement)
    {
        if (!Authorization.TryStart(context, out var http, out var caller)) return Task.CompletedTask;
        if (caller.IsOperator)
        {
            context.Succeed(requirement);
            return Task.CompletedTask;
        }
        return Authorization.Deny(context, this, http, caller.IsTenantKey
            ? new AccessDenial(StatusCodes.Status403Forbidden, "Cette action est réservée à l'opérateur de la plateforme.", "This action is reserved to the platform operator.")
            : Authorization.Unauthenticated);
    }
}

/// <summary>
/// Statements are the one consortium route another tenant may call: the consortium's staff, or a
/// client's staff for its own statement (the handler then goes through the client's relay grain,
/// which answers 404 unless that client accepted an agreement with this consortium).
/// </summary>
internal sealed class ConsortiumStaffOrClientHandler : AuthorizationHandler<ConsortiumStaffOrClientRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ConsortiumStaffOrClientRequirement requirement)
    {
        if (!Authorization.TryStart(context, out var http, out var caller)) return Task.CompletedTask;
        if (Authorization.AlreadyDenied(http)) return Task.CompletedTask;
        var tenantId = Authorization.RouteTenant(http);
        if (!Ids.IsValid(tenantId)) return Authorization.Deny(context, this, http, Authorization.InvalidTenantId(tenantId));
        if (!caller.IsTenantKey) return Authorization.Deny(context, this, http, Authorization.Unauthenticated);
        if (caller.Role >= TenantRole.Staff)
        {
            context.Succeed(requirement);
            return Task.CompletedTask;
        }
        return Authorization.Deny(context, this, http, caller.TenantId == tenantId
            ? Authorization.RoleTooLow(TenantRole.Staff, caller.Role)
            : Authorization.NotFound);
    }
}

/// <summary>
/// Some routes exist only on some kinds of tenant; elsewhere the resource does not exist (404).
/// Decided only once access was granted. The kind came with the caller's credential when the
/// route's tenant is the caller's own, so only a delegated or operator call reads the tenant's profile.
/// </summary>
internal sealed class TenantKindHandler : AuthorizationHandler<TenantKindRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, TenantKindRequirement requirement)
    {
        if (!Authorization.TryStart(context, out var http, out var caller)) return;
        if (Authorization.AlreadyDenied(http) || context.HasFailed) return;
        var tenantId = Authorization.RouteTenant(http);
        if (!Ids.IsValid(tenantId))
        {
            await Authorization.Deny(context, this, http, Authorization.InvalidTenantId(tenantId));
            return;
        }
        if (!caller.IsTenantKey && !caller.IsOperator)
        {
            await Authorization.Deny(context, this, http, Authorization.Unauthenticated);
            return;
        }
        var kind = caller.IsTenantKey && caller.TenantId == tenantId
            ? caller.TenantKind
            : (await http.RequestServices.GetRequiredService<IGrainFactory>().GetGrain<ITenantGrain>(tenantId!).GetProfileAsync())?.Kind;
        var exists = kind is { } known && requirement.Rule switch
        {
            TenantKindRule.Federation => known == TenantKind.Federation,
            TenantKindRule.Consortium => known == TenantKind.Consortium,
            _ => known != TenantKind.Consortium,
        };
        if (exists)
        {
            context.Succeed(requirement);
            return;
        }
        await Authorization.Deny(context, this, http, requirement.Rule switch
        {
            TenantKindRule.Federation => new AccessDenial(StatusCodes.Status404NotFound,
                $"'{tenantId}' n'est pas une fédération : il n'a ni membres, ni activités, ni réseau.",
                $"'{tenantId}' is not a federation: it keeps no members, activities or network."),
            TenantKindRule.Consortium => new AccessDenial(StatusCodes.Status404NotFound,
                "Ce locataire n'est pas un consortium de services partagés ; la route n'existe que pour les consortiums.",
                "This tenant is not a shared-services consortium; the route exists only for consortia."),
            _ => new AccessDenial(StatusCodes.Status404NotFound,
                "Un consortium n'est pas client d'ententes de service ; la route n'existe que pour les locataires clients.",
                "A consortium is not a client of service agreements; the route exists only for client tenants."),
        });
    }
}

/// <summary>
/// Answers a refused request as problem+json with the first denial's status and detail, in the
/// caller's language: 401 (with <c>WWW-Authenticate: Bearer</c>) when no credential checked out,
/// else 400/403/404. Outside <c>/api</c>, a challenge goes to the schemes (the web app's cookie
/// scheme redirects to its sign-in page).
/// </summary>
public sealed class PlatformAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Succeeded)
        {
            await next(context);
            return;
        }
        var denial = context.Items[Authorization.DenialItem] as AccessDenial;
        if (denial is { Status: StatusCodes.Status400BadRequest })
        {
            await WriteProblemAsync(context, denial);
            return;
        }
        if (authorizeResult.Challenged || denial is { Status: StatusCodes.Status401Unauthorized })
        {
            if (context.Request.Path.StartsWithSegments("/api")) await WriteUnauthorizedAsync(context);
            else await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }
        await WriteProblemAsync(context, denial ?? new AccessDenial(StatusCodes.Status403Forbidden,
            "Cette action n'est pas permise à ce titre.", "This action is not allowed for this credential."));
    }

    public static Task WriteUnauthorizedAsync(HttpContext context)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer realm=\"Intercoop\"";
        return WriteProblemAsync(context, context.Items.ContainsKey(ApiKeyAuthenticationHandler.InvalidCredentialItem)
            ? new AccessDenial(StatusCodes.Status401Unauthorized, "La clé présentée est inconnue, mal formée ou révoquée.", "The key presented is unknown, malformed or revoked.")
            : Authorization.Unauthenticated);
    }

    public static async Task WriteProblemAsync(HttpContext context, AccessDenial denial)
    {
        var french = ProblemLanguage.IsFrench(context);
        var title = denial.Status switch
        {
            StatusCodes.Status400BadRequest => french ? "La requête n'est pas valide." : "The request is not valid.",
            StatusCodes.Status401Unauthorized => french ? "Authentification requise." : "Authentication required.",
            StatusCodes.Status403Forbidden => french ? "Action non permise." : "Not allowed.",
            _ => french ? "Introuvable." : "Not found.",
        };
        context.Response.StatusCode = denial.Status;
        await TypedResults.Problem(french ? denial.French : denial.English, statusCode: denial.Status, title: title).ExecuteAsync(context);
    }
}
