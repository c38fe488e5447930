using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Platform.Host.Tests.Cluster;
using Platform.Host.Tests.Federations;
using Platform.Host.Tests.Infrastructure;

namespace Platform.Host.Tests.Security;

/// <summary>
/// Issue 13 §5: a POST sent again with the same Idempotency-Key and body within 24 hours gets the
/// first answer back instead of running again, so a client whose answer was lost can tell it from
/// a real conflict; the same key with another body is a 422.
/// </summary>
public sealed class IdempotencyTests(PlatformApp app) : IClassFixture<PlatformApp>
{
    private static HttpRequestMessage Post(string url, string key, string body, string idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        return request;
    }

    [Fact]
    public async Task TheSameKeyAndBodyReturnTheFirstAnswerAndRunOnce()
    {
        var fed = await app.NewFederationAsync();
        const string body = "{\"name\":\"Coop sans id\",\"type\":\"worker\",\"region\":\"06\",\"joinedOn\":\"2024-01-10\"}";
        var key = Guid.NewGuid().ToString();

        var first = await app.Anonymous().SendAsync(Post(FederationHttp.Members(fed.TenantId), fed.Staff, body, key));
        await Expect.Status(first, HttpStatusCode.Created);
        var again = await app.Anonymous().SendAsync(Post(FederationHttp.Members(fed.TenantId), fed.Staff, body, key));
        await Expect.Status(again, HttpStatusCode.Created);

        Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.Location, again.Headers.Location);
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        // One member, although its id was generated: the retry did not create a second one.
        Assert.Single(await app.MemberIdsAsync(fed));
        Assert.Single(await app.AuditActionsAsync(fed), a => a == "member.add");

        // Without the header, the same body creates another member, as before.
        await Expect.Status(await app.WithKey(fed.Staff).PostJsonAsync(FederationHttp.Members(fed.TenantId), body), HttpStatusCode.Created);
        Assert.Equal(2, (await app.MemberIdsAsync(fed)).Length);
    }

    [Fact]
    public async Task ARetriedCreationIsTheFirstAnswerNotAConflict()
    {
        var id = PlatformApp.NewTenantId();
        var body = $"{{\"id\":\"{id}\",\"kind\":\"federation\",\"name\":{{\"fr\":\"F\",\"en\":\"F\"}}}}";
        var key = Guid.NewGuid().ToString();

        var first = await app.Anonymous().SendAsync(Post("/api/v1/tenants", PlatformApp.OperatorKey, body, key));
        await Expect.Status(first, HttpStatusCode.Created);
        var retry = await app.Anonymous().SendAsync(Post("/api/v1/tenants", PlatformApp.OperatorKey, body, key));
        await Expect.Status(retry, HttpStatusCode.Created);
        var adminKey = (await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("adminKey").GetString()!;
        await Expect.Status(await app.WithKey(adminKey).GetAsync($"/api/v1/tenants/{id}"), HttpStatusCode.OK);

        // A real conflict is still one: a new key, the same tenant id.
        var conflict = await app.Anonymous().SendAsync(Post("/api/v1/tenants", PlatformApp.OperatorKey, body, Guid.NewGuid().ToString()));
        await Expect.Problem(conflict, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task TheSameKeyWithAnotherRequestIs422()
    {
        var fed = await app.NewFederationAsync();
        var key = Guid.NewGuid().ToString();
        await Expect.Status(await app.Anonymous().SendAsync(Post(FederationHttp.Members(fed.TenantId), fed.Staff,
            "{\"id\":\"m1\",\"name\":\"A\",\"type\":\"worker\",\"region\":\"06\",\"joinedOn\":\"2024-01-10\"}", key)), HttpStatusCode.Created);

        var otherBody = await app.Anonymous().SendAsync(Post(FederationHttp.Members(fed.TenantId), fed.Staff,
            "{\"id\":\"m2\",\"name\":\"B\",\"type\":\"worker\",\"region\":\"06\",\"joinedOn\":\"2024-01-10\"}", key));
        var problem = await Expect.Problem(otherBody, (HttpStatusCode)422);
        Assert.Equal("key-reused", problem.GetProperty("idempotency").GetString());
        var otherRoute = await app.Anonymous().SendAsync(Post($"/api/v1/tenants/{fed.TenantId}/activities", fed.Staff,
            "{\"kind\":\"training\",\"title\":{\"fr\":\"a\",\"en\":\"b\"},\"on\":\"2026-01-10\"}", key));
        await Expect.Problem(otherRoute, (HttpStatusCode)422);
        Assert.Equal(["m1"], await app.MemberIdsAsync(fed));
    }

    [Fact]
    public async Task KeysBelongToTheirCallerAndLastADay()
    {
        var fed = await app.NewFederationAsync();
        var key = Guid.NewGuid().ToString();
        const string body = "{\"name\":\"Coop\",\"type\":\"worker\",\"region\":\"06\",\"joinedOn\":\"2024-01-10\"}";
        await Expect.Status(await app.Anonymous().SendAsync(Post(FederationHttp.Members(fed.TenantId), fed.Staff, body, key)), HttpStatusCode.Created);
        // Another key of the tenant with the same idempotency key is another caller: its request runs.
        var admin = await app.Anonymous().SendAsync(Post(FederationHttp.Members(fed.TenantId), fed.Admin, body, key));
        await Expect.Status(admin, HttpStatusCode.Created);
        Assert.False(admin.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(2, (await app.MemberIdsAsync(fed)).Length);

        app.Clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1));
        var dayLater = await app.Anonymous().SendAsync(Post(FederationHttp.Members(fed.TenantId), fed.Staff, body, key));
        await Expect.Status(dayLater, HttpStatusCode.Created);
        Assert.False(dayLater.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(3, (await app.MemberIdsAsync(fed)).Length);
    }

    [Theory]
    [InlineData("")]
    [InlineData("clé")]
    [InlineData("a b")]
    public async Task AMalformedKeyIsRefused(string key)
    {
        var fed = await app.NewFederationAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, FederationHttp.Members(fed.TenantId))
        {
            Content = new StringContent("{\"name\":\"Coop\",\"type\":\"worker\",\"region\":\"06\",\"joinedOn\":\"2024-01-10\"}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", fed.Staff);
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key.Length == 0 ? new string('k', 256) : key);
        await Expect.Problem(await app.Anonymous().SendAsync(request), HttpStatusCode.BadRequest);
        Assert.Empty(await app.MemberIdsAsync(fed));
    }

    [Fact]
    public async Task AFailedFirstAttemptIsNotReplayed()
    {
        var fed = await app.NewFederationAsync();
        var key = Guid.NewGuid().ToString();
        // A domain error (unknown sector table) is not kept: once fixed, the retry runs.
        var refused = await app.Anonymous().SendAsync(Post(FederationHttp.Members(fed.TenantId), fed.Staff,
            "{\"id\":\"m1\",\"name\":\"A\",\"type\":\"worker\",\"region\":\"06\",\"joinedOn\":\"2024-01-10\",\"sectorTables\":[\"t1\"]}", key));
        await Expect.Problem(refused, HttpStatusCode.BadRequest);
        await Expect.Status(await app.WithKey(fed.Staff).PutAsJsonAsync($"/api/v1/tenants/{fed.TenantId}/sector-tables/t1",
            new { name = new { fr = "T", en = "T" } }), HttpStatusCode.OK);
        await Expect.Status(await app.Anonymous().SendAsync(Post(FederationHttp.Members(fed.TenantId), fed.Staff,
            "{\"id\":\"m1\",\"name\":\"A\",\"type\":\"worker\",\"region\":\"06\",\"joinedOn\":\"2024-01-10\",\"sectorTables\":[\"t1\"]}", key)), HttpStatusCode.Created);
    }
}

/// <summary>The records are the cluster's, not one host's: a retry that reaches the other host gets the first answer.</summary>
public sealed class IdempotencyAcrossHostsTests(TwoHostCluster cluster) : IClassFixture<TwoHostCluster>
{
    [Fact]
    public async Task ARetryThroughTheOtherHostGetsTheFirstAnswer()
    {
        for (var i = 0; i < 6; i++)
        {
            var (first, second) = i % 2 == 0 ? (cluster.A, cluster.B) : (cluster.B, cluster.A);
            var tenant = PlatformApp.NewTenantId("idem");
            var admin = await first.CreateTenantAsync(tenant);
            var key = Guid.NewGuid().ToString();
            HttpRequestMessage Post()
            {
                var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/tenants/{tenant}/members")
                {
                    Content = new StringContent("{\"name\":\"Coop\",\"type\":\"worker\",\"region\":\"06\",\"joinedOn\":\"2024-01-10\"}", Encoding.UTF8, "application/json"),
                };
                request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", admin);
                request.Headers.Add("Idempotency-Key", key);
                return request;
            }

            var answered = await first.Anonymous().SendAsync(Post());
            await Expect.Status(answered, HttpStatusCode.Created);
            var retried = await second.Anonymous().SendAsync(Post());
            await Expect.Status(retried, HttpStatusCode.Created);
            Assert.Equal(await answered.Content.ReadAsStringAsync(), await retried.Content.ReadAsStringAsync());
            var members = await second.WithKey(admin).GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{tenant}/members");
            Assert.Equal(1, members.GetArrayLength());
        }
    }
}
