using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Host.Security;
using Platform.Host.Tests.Federations;
using Platform.Host.Tests.Infrastructure;

namespace Platform.Host.Tests.Security;

/// <summary>
/// Issue 13 §1: the credential is checked by ASP.NET Core's authentication and the route's
/// policies before anything reads the body or the query, so the answer to a bad body depends on
/// who sends it: nobody → 401, another tenant → 404, a role too low → 403, and only the tenant's
/// own staff gets the 400.
/// </summary>
public sealed class AuthenticationFirstTests(PlatformApp app) : IClassFixture<PlatformApp>
{
    private const string Truncated = "{\"x\":";

    [Fact]
    public async Task AnonymousPostWithATruncatedBodyIs401AndNamesNoType()
    {
        var fed = await app.NewFederationAsync();
        var response = await app.Anonymous().PostJsonAsync(FederationHttp.Members(fed.TenantId), Truncated);

        var problem = await Expect.Problem(response, HttpStatusCode.Unauthorized);
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Contains("Authorization: Bearer", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        NoTypeNames.Assert(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ForeignKeyWithABadBodyOrABadQueryIs404()
    {
        var fed = await app.NewFederationAsync();
        var other = await app.NewFederationAsync("other");
        foreach (var key in new[] { other.Admin, other.Staff, other.Viewer })
        {
            var client = app.WithKey(key);
            await Expect.Problem(await client.PostJsonAsync(FederationHttp.Members(fed.TenantId), Truncated), HttpStatusCode.NotFound);
            await Expect.Problem(await client.PostJsonAsync(FederationHttp.Members(fed.TenantId), "{\"type\":\"viewer,staff\"}"), HttpStatusCode.NotFound);
            await Expect.Problem(await client.GetAsync($"{FederationHttp.Members(fed.TenantId)}?limit=lots&status=gone"), HttpStatusCode.NotFound);
            await Expect.Problem(await client.PatchJsonAsync($"{FederationHttp.Members(fed.TenantId)}/m1", Truncated), HttpStatusCode.NotFound);
        }
    }

    [Fact]
    public async Task RevokedOrMalformedKeyWithABadBodyIs401()
    {
        var fed = await app.NewFederationAsync();
        var (keyId, key) = await app.IssueKeyAsync(fed.TenantId, fed.Admin, "staff");
        await Expect.Status(await app.WithKey(fed.Admin).DeleteAsync($"/api/v1/tenants/{fed.TenantId}/keys/{keyId}"), HttpStatusCode.NoContent);

        foreach (var presented in new[] { key, "ick_nope", "ick_" + fed.TenantId + ".k.x", new string('x', 600) })
        {
            var response = await app.WithKey(presented).PostJsonAsync(FederationHttp.Members(fed.TenantId), Truncated);
            var problem = await Expect.Problem(response, HttpStatusCode.Unauthorized);
            Assert.Contains("revoked", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ViewerWithABadBodyIs403AndStaffGetsTheBadRequest()
    {
        var fed = await app.NewFederationAsync();
        await Expect.Problem(await app.WithKey(fed.Viewer).PostJsonAsync(FederationHttp.Members(fed.TenantId), Truncated), HttpStatusCode.Forbidden);
        var bad = await app.WithKey(fed.Staff).PostJsonAsync(FederationHttp.Members(fed.TenantId), Truncated);
        await Expect.Problem(bad, HttpStatusCode.BadRequest);
        NoTypeNames.Assert(await bad.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OperatorRoutesCheckTheCredentialBeforeTheBody()
    {
        var fed = await app.NewFederationAsync();
        await Expect.Problem(await app.Anonymous().PostJsonAsync("/api/v1/tenants", Truncated), HttpStatusCode.Unauthorized);
        await Expect.Problem(await app.WithKey(fed.Admin).PostJsonAsync("/api/v1/tenants", Truncated), HttpStatusCode.Forbidden);
        await Expect.Problem(await app.Operator().PostJsonAsync("/api/v1/tenants", Truncated), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task TheAnswerFollowsAcceptLanguage()
    {
        var fed = await app.NewFederationAsync();
        async Task<string> DetailAsync(string? language)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, FederationHttp.Members(fed.TenantId));
            if (language is not null) request.Headers.TryAddWithoutValidation("Accept-Language", language);
            var problem = await Expect.Problem(await app.Anonymous().SendAsync(request), HttpStatusCode.Unauthorized);
            return problem.GetProperty("detail").GetString()!;
        }

        Assert.Contains("Une clé est requise", await DetailAsync("fr-CA"), StringComparison.Ordinal);
        Assert.Contains("Une clé est requise", await DetailAsync("fr"), StringComparison.Ordinal);
        Assert.Contains("A key is required", await DetailAsync("en"), StringComparison.Ordinal);
        Assert.Contains("A key is required", await DetailAsync("de, en;q=0.5, fr;q=0.2"), StringComparison.Ordinal);
        Assert.Contains("Une clé est requise", await DetailAsync("en;q=0.4, fr-CA;q=0.9"), StringComparison.Ordinal);
        Assert.Contains("A key is required", await DetailAsync(null), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApiDocumentDeclaresTheBearerSchemeOnProtectedRoutes()
    {
        var document = await app.Anonymous().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());

        var addMember = document.GetProperty("paths").GetProperty("/api/v1/tenants/{tenantId}/members").GetProperty("post");
        Assert.True(addMember.GetProperty("security")[0].TryGetProperty("Bearer", out _));
        var postings = document.GetProperty("paths").GetProperty("/api/v1/postings").GetProperty("get");
        Assert.False(postings.TryGetProperty("security", out _), "the public job board needs no key");
    }
}

/// <summary>
/// A second authentication scheme with the same claims — as the web app's cookie scheme will be —
/// is accepted by the very same policies once it is added to <see cref="PlatformAuthenticationOptions"/>.
/// </summary>
public sealed class SecondSchemeApp : PlatformApp
{
    public const string Header = "X-Test-Session";
    public const string StandInScheme = "TestSession";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            // A stand-in scheme of its own name (the web app's cookie scheme is registered already).
            services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, SessionHandler>(StandInScheme, null);
            services.Configure<PlatformAuthenticationOptions>(options => options.Schemes.Add(StandInScheme));
        });
    }

    /// <summary>Stands in for the cookie: "{tenant}|{role}|{kind}" in a header becomes a person's claims.</summary>
    private sealed class SessionHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            if (Request.Headers[Header].ToString().Split('|') is not [var tenant, var role, var kind]) return Task.FromResult(AuthenticateResult.NoResult());
            var identity = new ClaimsIdentity(
            [
                new Claim(PlatformClaims.Actor, "person:p-1"), new Claim(PlatformClaims.Tenant, tenant),
                new Claim(PlatformClaims.Role, role), new Claim(PlatformClaims.TenantKind, kind),
            ], Scheme.Name);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
        }
    }
}

public sealed class SecondSchemeTests(SecondSchemeApp app) : IClassFixture<SecondSchemeApp>
{
    private HttpClient Session(string tenant, string role, string kind = "federation")
    {
        var client = app.Anonymous();
        client.DefaultRequestHeaders.Add(SecondSchemeApp.Header, $"{tenant}|{role}|{kind}");
        return client;
    }

    [Fact]
    public async Task TheSamePoliciesServeASecondSchemeWithTheSameClaims()
    {
        var fed = await app.NewFederationAsync();
        var other = await app.NewFederationAsync("other");

        await Expect.Status(await Session(fed.TenantId, "viewer").GetAsync(FederationHttp.Members(fed.TenantId)), HttpStatusCode.OK);
        await Expect.Problem(await Session(other.TenantId, "admin").GetAsync(FederationHttp.Members(fed.TenantId)), HttpStatusCode.NotFound);
        await Expect.Problem(await Session(fed.TenantId, "viewer").PostJsonAsync(FederationHttp.Members(fed.TenantId), "{\"x\":"), HttpStatusCode.Forbidden);
        var added = await Session(fed.TenantId, "staff").PostAsJsonAsync(FederationHttp.Members(fed.TenantId),
            new { id = "m1", name = "Coop", type = "worker", region = "06", joinedOn = "2024-01-10" });
        await Expect.Status(added, HttpStatusCode.Created);

        // The audit log names the person, as the scheme's actor claim says.
        var audit = await app.WithKey(fed.Admin).GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{fed.TenantId}/audit");
        Assert.Contains(audit.GetProperty("entries").EnumerateArray(), e => e.GetProperty("actor").GetString() == "person:p-1");
        // API keys keep working beside it.
        await Expect.Status(await app.WithKey(fed.Viewer).GetAsync(FederationHttp.Members(fed.TenantId)), HttpStatusCode.OK);
    }
}

/// <summary>Answers never name .NET types.</summary>
public static class NoTypeNames
{
    private static readonly System.Text.RegularExpressions.Regex s_typeName =
        new(@"\b(Platform|System|Microsoft|Orleans)\.[A-Z][A-Za-z0-9_]*|\bNullable`|`1\b|\bInt32\b|\bDateOnly\b|\bIReadOnlyList\b", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    public static void Assert(string body)
    {
        var match = s_typeName.Match(body);
        Xunit.Assert.False(match.Success, $"The answer names a .NET type ('{match.Value}'): {body}");
    }

    public static bool Names(string body) => s_typeName.IsMatch(body);
}
