using System.Net;
using System.Text;
using Platform.Host.Tests.Infrastructure;
using static Platform.Host.Tests.Federations.FederationHttp;

namespace Platform.Host.Tests.Federations;

/// <summary>
/// Every route of this area, tried with the wrong credentials: another tenant's keys get 404 and no
/// data, a viewer never writes (403), no key at all is 401, and the target's data stays as it was.
/// </summary>
public sealed class FederationIsolationTests(PlatformApp app) : IClassFixture<PlatformApp>
{
    private sealed record Route(string Method, string Path, string? Body, bool Write);

    private static IEnumerable<Route> Routes(string t, string other) =>
    [
        new("POST", $"/api/v1/tenants/{t}/members", "{\"id\":\"intruder\",\"name\":\"X\",\"type\":\"worker\",\"region\":\"06\",\"joinedOn\":\"2020-01-01\"}", true),
        new("GET", $"/api/v1/tenants/{t}/members", null, false),
        new("GET", $"/api/v1/tenants/{t}/members?format=csv", null, false),
        new("GET", $"/api/v1/tenants/{t}/members/m1", null, false),
        new("PATCH", $"/api/v1/tenants/{t}/members/m1", "{\"name\":\"Hijacked\"}", true),
        new("POST", $"/api/v1/tenants/{t}/members/m1/withdraw", "{\"on\":\"2025-01-01\"}", true),
        new("PUT", $"/api/v1/tenants/{t}/sector-tables/hijack", "{\"name\":{\"fr\":\"x\",\"en\":\"x\"}}", true),
        new("GET", $"/api/v1/tenants/{t}/sector-tables", null, false),
        new("POST", $"/api/v1/tenants/{t}/activities", "{\"id\":\"intruder\",\"kind\":\"training\",\"title\":{\"fr\":\"x\",\"en\":\"x\"},\"on\":\"2024-01-01\"}", true),
        new("GET", $"/api/v1/tenants/{t}/activities", null, false),
        new("GET", $"/api/v1/tenants/{t}/activities/a1", null, false),
        new("POST", $"/api/v1/tenants/{t}/activities/a1/participants", "{\"memberIds\":[\"m1\"]}", true),
        new("PUT", $"/api/v1/tenants/{t}/programmes/hijack", "{\"name\":{\"fr\":\"x\",\"en\":\"x\"},\"kind\":\"other\"}", true),
        new("GET", $"/api/v1/tenants/{t}/programmes", null, false),
        new("GET", $"/api/v1/tenants/{t}/statistics", null, false),
        new("GET", $"/api/v1/tenants/{t}/federation", null, false),
        new("PUT", $"/api/v1/tenants/{t}/federation", "{\"name\":{\"fr\":\"x\",\"en\":\"x\"},\"kind\":\"national\"}", true),
        new("POST", $"/api/v1/tenants/{t}/affiliations", $"{{\"parentId\":\"{other}\"}}", true),
        new("GET", $"/api/v1/tenants/{t}/affiliations", null, false),
        new("DELETE", $"/api/v1/tenants/{t}/affiliations/{other}", null, true),
        new("POST", $"/api/v1/tenants/{t}/affiliates/{other}/accept", null, true),
        new("DELETE", $"/api/v1/tenants/{t}/affiliates/{other}", null, true),
        new("GET", $"/api/v1/tenants/{t}/network/statistics", null, false),
    ];

    private static HttpRequestMessage Request(Route route) => new(new HttpMethod(route.Method), route.Path)
    {
        Content = route.Body is null ? null : new StringContent(route.Body, Encoding.UTF8, "application/json"),
    };

    private async Task<(TenantKeys Target, TenantKeys Other, string Snapshot)> WorldAsync()
    {
        var target = await app.NewFederationAsync("target");
        var other = await app.NewFederationAsync("other");
        await app.AddMemberAsync(target, Member("m1", name: "Coopérative Confidentielle"));
        await app.AddActivityAsync(target, "a1", "training", "2024-02-01");
        // A pending request from 'other' that the wrong key must not be able to accept.
        await Expect.Status(await app.WithKey(other.Admin).PostAsync($"/api/v1/tenants/{other.TenantId}/affiliations",
            new StringContent($"{{\"parentId\":\"{target.TenantId}\"}}", Encoding.UTF8, "application/json")), HttpStatusCode.Accepted);
        return (target, other, await SnapshotAsync(target));
    }

    /// <summary>Everything an admin of the target can read on these routes.</summary>
    private async Task<string> SnapshotAsync(TenantKeys target)
    {
        var admin = app.WithKey(target.Admin);
        var parts = new List<string>();
        foreach (var path in new[] { "members", "members/m1", "activities", "sector-tables", "programmes", "statistics", "affiliations", "network/statistics" })
            parts.Add(await (await admin.GetAsync($"/api/v1/tenants/{target.TenantId}/{path}")).Content.ReadAsStringAsync());
        return string.Join('\n', parts);
    }

    [Fact]
    public async Task AnotherTenantsKeysGetNotFoundAndNoDataOnEveryRoute()
    {
        var (target, other, before) = await WorldAsync();
        foreach (var key in new[] { other.Admin, other.Staff, other.Viewer })
        {
            foreach (var route in Routes(target.TenantId, other.TenantId))
            {
                var response = await app.WithKey(key).SendAsync(Request(route));
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{route.Method} {route.Path}: {(int)response.StatusCode} {body}");
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                Assert.DoesNotContain("Confidentielle", body);
                Assert.DoesNotContain("\"m1\"", body);
            }
        }
        Assert.Equal(before, await SnapshotAsync(target));
    }

    [Fact]
    public async Task ViewerNeverWritesAndStaffNeverAdministers()
    {
        var (target, other, before) = await WorldAsync();
        foreach (var route in Routes(target.TenantId, other.TenantId).Where(r => r.Write))
        {
            var response = await app.WithKey(target.Viewer).SendAsync(Request(route));
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{route.Method} {route.Path}: {(int)response.StatusCode}");
        }
        foreach (var route in Routes(target.TenantId, other.TenantId).Where(r => r.Path.Contains("affiliat") && r.Write || r.Path.EndsWith("/federation") && r.Write))
        {
            var response = await app.WithKey(target.Staff).SendAsync(Request(route));
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"staff {route.Method} {route.Path}: {(int)response.StatusCode}");
        }
        Assert.Equal(before, await SnapshotAsync(target));
    }

    [Fact]
    public async Task OversizedBodiesAreRefusedOnEveryWriteRouteAndNothingChanges()
    {
        var (target, other, before) = await WorldAsync();
        foreach (var route in Routes(target.TenantId, other.TenantId).Where(r => r.Body is not null))
        {
            var request = Request(route with { Body = Raw.OversizedJson() });
            var response = await app.WithKey(target.Admin).SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.RequestEntityTooLarge, $"{route.Method} {route.Path}: {(int)response.StatusCode}");
        }
        Assert.Equal(before, await SnapshotAsync(target));
    }

    [Fact]
    public async Task InvalidIdsInEveryPathAreClientErrorsAndNothingChanges()
    {
        var (target, _, before) = await WorldAsync();
        var admin = app.WithKey(target.Admin);
        var t = target.TenantId;
        // Dot segments are resolved by the client before sending; they never reach these routes.
        foreach (var id in Raw.InvalidPathIds.Where(id => id is not (".." or "%2E%2E")))
        {
            foreach (var (method, path, body) in new (string, string, string?)[]
                     {
                         ("GET", $"/api/v1/tenants/{t}/activities/{id}", null),
                         ("POST", $"/api/v1/tenants/{t}/activities/{id}/participants", "{\"memberIds\":[\"m1\"]}"),
                         ("PUT", $"/api/v1/tenants/{t}/sector-tables/{id}", "{\"name\":{\"fr\":\"x\",\"en\":\"x\"}}"),
                         ("PUT", $"/api/v1/tenants/{t}/programmes/{id}", "{\"name\":{\"fr\":\"x\",\"en\":\"x\"},\"kind\":\"other\"}"),
                         ("POST", $"/api/v1/tenants/{t}/affiliates/{id}/accept", null),
                         ("DELETE", $"/api/v1/tenants/{t}/affiliates/{id}", null),
                         ("DELETE", $"/api/v1/tenants/{t}/affiliations/{id}", null),
                         ("GET", $"/api/v1/tenants/{id}/members", null),
                         ("GET", $"/api/v1/tenants/{id}/network/statistics", null),
                     })
            {
                var response = await admin.SendAsync(Request(new Route(method, path, body, true)));
                var code = (int)response.StatusCode;
                Assert.True(code is >= 400 and < 500, $"{method} {path}: {code}");
            }
        }
        Assert.Equal(before, await SnapshotAsync(target));
    }

    [Fact]
    public async Task NoKeyIsUnauthorizedAndARevokedKeyIsRefusedAtOnce()
    {
        var (target, other, before) = await WorldAsync();
        foreach (var route in Routes(target.TenantId, other.TenantId))
        {
            var response = await app.Anonymous().SendAsync(Request(route));
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{route.Method} {route.Path}: {(int)response.StatusCode}");
        }
        var staff = await app.IssueKeyAsync(target.TenantId, target.Admin, "staff");
        await Expect.Status(await app.WithKey(target.Admin).DeleteAsync($"/api/v1/tenants/{target.TenantId}/keys/{staff.Id}"), HttpStatusCode.NoContent);
        await Expect.Problem(await app.WithKey(staff.Key).PostAsync($"/api/v1/tenants/{target.TenantId}/members",
            new StringContent("{\"id\":\"late\",\"name\":\"X\",\"type\":\"worker\",\"region\":\"06\",\"joinedOn\":\"2020-01-01\"}", Encoding.UTF8, "application/json")), HttpStatusCode.Unauthorized);
        Assert.Equal(before, await SnapshotAsync(target));
    }
}
