using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Platform.Host.Tests.Federations;
using Platform.Host.Tests.Infrastructure;

namespace Platform.Host.Tests.Security;

/// <summary>
/// Issue 13 §6, the outside view kept: every route of the OpenAPI document, with every credential
/// that must not work there (none, malformed, revoked, another tenant's admin, staff and viewer,
/// the tenant's own viewer on writes) and hostile bodies. No 2xx across tenants, no 5xx, no .NET
/// type name in any answer; a protected route answers 401 without a credential whatever the body.
/// A route added tomorrow is in the document, so it is swept without anyone remembering to.
/// </summary>
public sealed class OpenApiSweepTests(SweepPlatformApp app) : IClassFixture<SweepPlatformApp>
{
    private static readonly string?[] s_hostileBodies =
    [
        "{\"x\":",
        "{\"role\":\"viewer\",\"role\":\"admin\"}",
        "{\"name\":\"a\\u0000b\",\"title\":\"\\u202e\",\"kind\":\"FEDERATION\",\"type\":\"worker,producer\"}",
        "[]",
        "{\"id\":\"../x\",\"memberIds\":[1,2],\"on\":\"2025-02-30\"}",
        new string('[', 2000) + new string(']', 2000),
        "",
    ];

    private sealed record Credential(string Name, string? Header, bool OwnTenant);

    [Fact]
    public async Task NoRouteAnswersAForeignMissingOrBrokenCredentialWithDataOrATypeName()
    {
        var victim = await app.NewFederationAsync("victim");
        var consortium = await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId("vcsp"), "consortium");
        var attacker = await app.NewFederationAsync("attacker");
        var attackerConsortium = await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId("acsp"), "consortium");
        await app.AddMemberAsync(victim, FederationHttp.Member("m1"));
        var (revokedId, revoked) = await app.IssueKeyAsync(victim.TenantId, victim.Admin, "admin");
        await Expect.Status(await app.WithKey(victim.Admin).DeleteAsync($"/api/v1/tenants/{victim.TenantId}/keys/{revokedId}"), HttpStatusCode.NoContent);
        var (revokedCspId, revokedCsp) = await app.IssueKeyAsync(consortium.TenantId, consortium.Admin, "admin");
        await Expect.Status(await app.WithKey(consortium.Admin).DeleteAsync($"/api/v1/tenants/{consortium.TenantId}/keys/{revokedCspId}"), HttpStatusCode.NoContent);

        var document = await app.Anonymous().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths").EnumerateObject().ToList();
        Assert.True(paths.Count > 40, $"the document lists only {paths.Count} paths");

        var failures = new List<string>();
        var requests = 0;
        foreach (var path in paths)
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                if (operation.Name is "parameters") continue;
                var method = new HttpMethod(operation.Name.ToUpperInvariant());
                var secured = operation.Value.TryGetProperty("security", out _);
                var tenantRoute = path.Name.Contains("{tenantId}", StringComparison.Ordinal);
                var writes = method != HttpMethod.Get && method != HttpMethod.Head;
                // Each tenant route is aimed at a federation and at a consortium, the kinds its routes exist for.
                foreach (var (target, foreign, revokedKey) in new[] { (victim, attacker, revoked), (consortium, attackerConsortium, revokedCsp) })
                {
                    if (!tenantRoute && target == consortium) continue;
                    var url = Fill(path.Name, target.TenantId);
                    var credentials = new List<Credential>
                    {
                        new("none", null, false),
                        new("malformed", "Bearer ick_not.a.key", false),
                        new("malformed-scheme", "Basic b3BlcmF0b3I6eA==", false),
                        new("garbage", "Bearer " + new string('x', 600), false),
                        new("revoked", "Bearer " + revokedKey, true),
                        new("foreign-admin", "Bearer " + foreign.Admin, false),
                        new("foreign-staff", "Bearer " + foreign.Staff, false),
                        new("foreign-viewer", "Bearer " + foreign.Viewer, false),
                    };
                    if (writes) credentials.Add(new("own-viewer", "Bearer " + target.Viewer, true));
                    foreach (var credential in credentials)
                    {
                        foreach (var body in writes ? s_hostileBodies : new string?[] { null })
                        {
                            requests++;
                            var request = new HttpRequestMessage(method, url);
                            if (credential.Header is { } header) request.Headers.TryAddWithoutValidation("Authorization", header);
                            if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
                            request.Headers.TryAddWithoutValidation("Idempotency-Key", $"sweep-{requests}");
                            var response = await app.Anonymous().SendAsync(request);
                            var status = (int)response.StatusCode;
                            var text = await response.Content.ReadAsStringAsync();
                            var where = $"{method} {url} [{credential.Name}] body {(body is null ? "-" : body.Length > 40 ? body[..40] + "…" : body)} → {status}";
                            if (status >= 500) failures.Add($"{where}: 5xx {text}");
                            if (NoTypeNames.Names(text)) failures.Add($"{where}: names a .NET type: {text}");
                            if (!secured) continue;
                            if (status is >= 200 and < 300) failures.Add($"{where}: 2xx {text}");
                            if (credential.Header is null || credential.Name.StartsWith("malformed", StringComparison.Ordinal) || credential.Name is "garbage" or "revoked")
                            {
                                if (status != 401) failures.Add($"{where}: expected 401");
                            }
                            else if (credential.Name.StartsWith("foreign", StringComparison.Ordinal) && tenantRoute && path.Name != "/api/v1/tenants/{tenantId}" && !path.Name.Contains("/statements", StringComparison.Ordinal))
                            {
                                // Another tenant's objects do not exist for this caller, whatever the body or the query.
                                if (status != 404 && status != 403) failures.Add($"{where}: expected 404 (or 403 on an operator route)");
                            }
                        }
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {requests} answers broke the rules:\n" + string.Join('\n', failures.Take(40)));
        Assert.True(requests > 2000, $"only {requests} requests were sent");

        // Nothing of the victims changed.
        Assert.Equal(["m1"], await app.MemberIdsAsync(victim));
        var keys = await app.WithKey(victim.Admin).GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{victim.TenantId}/keys");
        Assert.Equal(4, keys.GetArrayLength());
        var actors = (await app.WithKey(victim.Admin).GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{victim.TenantId}/audit"))
            .GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("actor").GetString()).Distinct().ToList();
        Assert.All(actors, actor => Assert.True(actor == "operator" || actor!.StartsWith(victim.TenantId + ":", StringComparison.Ordinal), actor));
    }

    /// <summary>The route with its tenant and a plausible id in every other parameter.</summary>
    private static string Fill(string template, string tenantId)
    {
        var url = template.Replace("{tenantId}", tenantId, StringComparison.Ordinal);
        return System.Text.RegularExpressions.Regex.Replace(url, @"\{[^}]+\}", "m1");
    }
}

/// <summary>The gateway with a rate limit the sweep's few thousand requests do not reach (429 would hide the answers it checks).</summary>
public sealed class SweepPlatformApp : PlatformApp
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Platform:RateLimit:PermitsPerSecond", "100000"),
        new("Platform:RateLimit:Burst", "100000"),
    ];
}
