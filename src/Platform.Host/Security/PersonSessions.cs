using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Platform.Abstractions;

namespace Platform.Host.Security;

/// <summary>
/// The web app's sign-in cookie. The cookie names the person and its security stamp only; every
/// request reads the person's account again (one warm grain call), so a changed password, a removed
/// membership or a changed role takes effect at the next request, on every host. The tenant comes
/// from the address (<c>/t/{tenantId}</c>, or <c>/api/v1/tenants/{tenantId}</c> for reads): a person
/// acts in a tenant only where it is a member, with that membership's role.
/// </summary>
public sealed class PersonSessions(IGrainFactory grains)
{
    public const string PersonIdClaim = "platform:person";
    public const string StampClaim = "platform:stamp";
    public const string CookieName = "intercoop.session";

    public static void Configure(CookieAuthenticationOptions options, bool development)
    {
        options.Cookie.Name = CookieName;
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Lax;
        options.Cookie.SecurePolicy = development ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        options.ExpireTimeSpan = TimeSpan.FromHours(12);
        options.SlidingExpiration = true;
        options.LoginPath = "/signin";
        // Pages answer for themselves (a sign-in redirect or a not-found page); an API route never redirects.
        options.Events.OnRedirectToLogin = context =>
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Task.CompletedTask;
        };
    }

    public static ClaimsPrincipal Principal(PersonAccount person) => new(new ClaimsIdentity(
    [
        new Claim(PlatformClaims.Actor, $"person:{person.Id}"),
        new Claim(PersonIdClaim, person.Id),
        new Claim(StampClaim, person.SecurityStamp),
        new Claim(ClaimTypes.Name, person.Name),
    ], PlatformClaims.CookieScheme));

    public async Task ResolveAsync(HttpContext context, CurrentCaller caller)
    {
        var path = context.Request.Path;
        var isApi = path.StartsWithSegments("/api");
        // The cookie never authorizes an API write: a form on another site cannot spend it (CSRF).
        if (isApi && !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)) return;
        if (!context.Request.Cookies.ContainsKey(CookieName)) return;

        var result = await context.AuthenticateAsync(PlatformClaims.CookieScheme);
        if (!result.Succeeded || result.Principal.FindFirstValue(PersonIdClaim) is not { } personId || !Ids.IsValid(personId)) return;
        var account = await grains.GetGrain<IPersonGrain>(PeopleKeys.Person(personId)).GetAsync();
        if (account is null || account.SecurityStamp != result.Principal.FindFirstValue(StampClaim))
        {
            await context.SignOutAsync(PlatformClaims.CookieScheme);
            return;
        }
        caller.SetPerson(account);

        var claims = new List<Claim> { new(PlatformClaims.Actor, $"person:{account.Id}"), new(ClaimTypes.Name, account.Name) };
        if (RouteTenant(path) is { } tenantId && account.Memberships.TryGetValue(tenantId, out var role)
            && await grains.GetGrain<ITenantGrain>(tenantId).GetProfileAsync() is { } tenant)
        {
            caller.SetTenantMember(tenantId, role, tenant.Kind);
            claims.Add(new Claim(PlatformClaims.Tenant, tenantId));
            claims.Add(new Claim(PlatformClaims.Role, role.ToString().ToLowerInvariant()));
            claims.Add(new Claim(PlatformClaims.TenantKind, tenant.Kind.ToString().ToLowerInvariant()));
        }
        context.User = new ClaimsPrincipal(new ClaimsIdentity(claims, PlatformClaims.CookieScheme));
    }

    /// <summary>The tenant an address names: <c>/t/{id}/…</c> or <c>/api/v1/tenants/{id}/…</c>.</summary>
    public static string? RouteTenant(PathString path)
    {
        var segments = (path.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        var id = segments switch
        {
            ["t", var t, ..] => t,
            ["api", "v1", "tenants", var t, ..] => t,
            _ => null,
        };
        return Ids.IsValid(id) ? id : null;
    }
}
