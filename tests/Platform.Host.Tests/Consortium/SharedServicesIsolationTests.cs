using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Host.Tests.Infrastructure;

namespace Platform.Host.Tests.Consortium;

/// <summary>Object- and function-level authorization of every shared-services route.</summary>
public sealed class SharedServicesIsolationTests(PlatformApp app) : IClassFixture<PlatformApp>
{
    /// <summary>A world with one request assigned, an hour recorded last month and that month issued.</summary>
    private async Task<(SharedServicesWorld World, string EntryId)> BusyWorldAsync()
    {
        var world = await SharedServicesWorld.CreateAsync(app);
        await world.SubmitAsync("r1");
        await world.AssignAsync("r1", "ana");
        var entry = await world.RecordAsync("r1", "ana", world.AgreementStart.AddDays(2), 1m);
        await Expect.Status(await app.WithKey(world.Consortium.Admin).PostAsJsonAsync($"{world.C}/statements",
            new { clientId = world.Client.TenantId, month = world.LastMonth }), HttpStatusCode.Created);
        return (world, entry.GetProperty("id").GetString()!);
    }

    /// <summary>Every consortium route, as (method, url, body).</summary>
    private static IEnumerable<(HttpMethod Method, string Url, object? Body)> ConsortiumRoutes(SharedServicesWorld w, string entryId) =>
    [
        (HttpMethod.Put, $"{w.C}/fields/hr", new { name = new { fr = "RH", en = "HR" } }),
        (HttpMethod.Get, $"{w.C}/fields", null),
        (HttpMethod.Put, $"{w.C}/professionals/zoe", new { name = "Zoé", fields = new[] { "events" }, costRate = 50m, weeklyCapacity = 35m }),
        (HttpMethod.Get, $"{w.C}/professionals", null),
        (HttpMethod.Get, $"{w.C}/professionals/ana", null),
        (HttpMethod.Post, $"{w.C}/agreements", new { clientId = w.Third.TenantId, fields = new[] { "events" }, startsOn = w.Today, endsOn = w.Today.AddDays(30), access = "read" }),
        (HttpMethod.Get, $"{w.C}/agreements", null),
        (HttpMethod.Get, $"{w.C}/agreements/{SharedServicesWorld.AgreementId}", null),
        (HttpMethod.Post, $"{w.C}/agreements/{SharedServicesWorld.AgreementId}/end", null),
        (HttpMethod.Get, $"{w.C}/service-requests", null),
        (HttpMethod.Get, $"{w.C}/service-requests/r1", null),
        (HttpMethod.Get, $"{w.C}/service-requests/r1/candidates", null),
        (HttpMethod.Post, $"{w.C}/service-requests/r1/assign", new { professionalId = "ben" }),
        (HttpMethod.Post, $"{w.C}/service-requests/r1/complete", null),
        (HttpMethod.Post, $"{w.C}/service-requests/r1/cancel", null),
        (HttpMethod.Post, $"{w.C}/time-entries", new { requestId = "r1", professionalId = "ana", on = w.Today, hours = 1m }),
        (HttpMethod.Get, $"{w.C}/time-entries?month={w.LastMonth}", null),
        (HttpMethod.Delete, $"{w.C}/time-entries/{entryId}", null),
        (HttpMethod.Get, $"{w.C}/statements?client={w.Client.TenantId}&month={w.LastMonth}", null),
        (HttpMethod.Get, $"{w.C}/statements.csv?client={w.Client.TenantId}&month={w.LastMonth}", null),
        (HttpMethod.Post, $"{w.C}/statements", new { clientId = w.Client.TenantId, month = w.LastMonth }),
        (HttpMethod.Get, $"{w.C}/cost-recovery?year={w.LastMonth[..4]}", null),
        (HttpMethod.Get, $"{w.C}/cost-recovery.csv?year={w.LastMonth[..4]}", null),
    ];

    /// <summary>Every client route, as (method, url, body).</summary>
    private static IEnumerable<(HttpMethod Method, string Url, object? Body)> ClientRoutes(SharedServicesWorld w) =>
    [
        (HttpMethod.Get, $"{w.ClientUrl}/agreements", null),
        (HttpMethod.Get, $"{w.ClientUrl}/agreements/{SharedServicesWorld.AgreementId}", null),
        (HttpMethod.Post, $"{w.ClientUrl}/agreements/{SharedServicesWorld.AgreementId}/accept", null),
        (HttpMethod.Post, $"{w.ClientUrl}/agreements/{SharedServicesWorld.AgreementId}/decline", null),
        (HttpMethod.Post, $"{w.ClientUrl}/agreements/{SharedServicesWorld.AgreementId}/end", null),
        (HttpMethod.Post, $"{w.ClientUrl}/service-requests", new { consortiumId = w.Consortium.TenantId, field = "events", title = new { fr = "x", en = "x" }, needBy = w.Today, urgency = "normal" }),
        (HttpMethod.Get, $"{w.ClientUrl}/service-requests", null),
        (HttpMethod.Get, $"{w.ClientUrl}/service-requests/r1", null),
        (HttpMethod.Post, $"{w.ClientUrl}/service-requests/r1/cancel", null),
    ];

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string url, object? body) =>
        await client.SendAsync(new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) });

    [Fact]
    public async Task AThirdFederationSeesNothingOfEitherSideWhateverItsRole()
    {
        var (world, entryId) = await BusyWorldAsync();
        foreach (var key in new[] { world.Third.Admin, world.Third.Staff, world.Third.Viewer })
        {
            foreach (var (method, url, body) in ConsortiumRoutes(world, entryId).Concat(ClientRoutes(world)))
            {
                var response = await SendAsync(app.WithKey(key), method, url, body);
                var text = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} {url}: {(int)response.StatusCode} {text}");
                Assert.DoesNotContain("ana", text);
                Assert.DoesNotContain(world.Client.TenantId, text);
            }
        }
        await AssertNothingChangedAsync(world);
    }

    [Fact]
    public async Task TheClientReachesNoConsortiumRouteButItsOwnStatement()
    {
        var (world, entryId) = await BusyWorldAsync();
        foreach (var (method, url, body) in ConsortiumRoutes(world, entryId))
        {
            if (url.Contains("/statements?") || url.Contains("/statements.csv?")) continue;
            var response = await SendAsync(app.WithKey(world.Client.Admin), method, url, body);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        await AssertNothingChangedAsync(world);
    }

    [Fact]
    public async Task AStatementIsReadableByTheClientForItsOwnOnlyAndNeverByAnotherTenant()
    {
        var (world, _) = await BusyWorldAsync();
        var url = $"{world.C}/statements?month={world.LastMonth}";

        await Expect.Status(await app.WithKey(world.Client.Staff).GetAsync(url), HttpStatusCode.OK);
        await Expect.Status(await app.WithKey(world.Client.Staff).GetAsync($"{url}&client={world.Client.TenantId}"), HttpStatusCode.OK);
        await Expect.Problem(await app.WithKey(world.Client.Staff).GetAsync($"{url}&client={world.Third.TenantId}"), HttpStatusCode.NotFound);
        await Expect.Problem(await app.WithKey(world.Client.Viewer).GetAsync(url), HttpStatusCode.NotFound);
        await Expect.Problem(await app.WithKey(world.Third.Staff).GetAsync(url), HttpStatusCode.NotFound);
        await Expect.Problem(await app.WithKey(world.Third.Staff).GetAsync($"{url}&client={world.Client.TenantId}"), HttpStatusCode.NotFound);
        await Expect.Problem(await app.WithKey(world.Consortium.Viewer).GetAsync($"{url}&client={world.Client.TenantId}"), HttpStatusCode.Forbidden);
        // A client reading "its statement" from a tenant that is not its consortium learns nothing.
        await Expect.Problem(await app.WithKey(world.Client.Staff).GetAsync($"{world.ThirdUrl}/statements?month={world.LastMonth}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ViewersNeverWriteAndStaffNeverDoAnAdminsWork()
    {
        var (world, entryId) = await BusyWorldAsync();
        foreach (var (method, url, body) in ConsortiumRoutes(world, entryId).Where(r => r.Method != HttpMethod.Get))
        {
            var response = await SendAsync(app.WithKey(world.Consortium.Viewer), method, url, body);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"viewer {method} {url}: {(int)response.StatusCode}");
        }
        foreach (var (method, url, body) in ClientRoutes(world).Where(r => r.Method != HttpMethod.Get))
        {
            var response = await SendAsync(app.WithKey(world.Client.Viewer), method, url, body);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"viewer {method} {url}: {(int)response.StatusCode}");
        }

        var staff = app.WithKey(world.Consortium.Staff);
        await Expect.Problem(await staff.PutAsJsonAsync($"{world.C}/professionals/zoe", new { name = "Zoé", fields = new[] { "events" }, costRate = 50m, weeklyCapacity = 35m }), HttpStatusCode.Forbidden);
        await Expect.Problem(await staff.PostAsJsonAsync($"{world.C}/agreements", new { clientId = world.Third.TenantId, fields = new[] { "events" }, startsOn = world.Today, endsOn = world.Today, access = "read" }), HttpStatusCode.Forbidden);
        await Expect.Problem(await staff.GetAsync($"{world.C}/cost-recovery?year=2026"), HttpStatusCode.Forbidden);
        await Expect.Problem(await app.WithKey(world.Client.Staff).PostAsync($"{world.ClientUrl}/agreements/{SharedServicesWorld.AgreementId}/end", null), HttpStatusCode.Forbidden);
        await AssertNothingChangedAsync(world);
    }

    [Fact]
    public async Task ConsortiumRoutesDoNotExistOnOtherTenantsAndClientRoutesNotOnConsortia()
    {
        var world = await SharedServicesWorld.CreateAsync(app);
        var clientAdmin = app.WithKey(world.Client.Admin);
        await Expect.Problem(await clientAdmin.PutAsJsonAsync($"{world.ClientUrl}/professionals/x", new { name = "X", fields = new[] { "events" }, costRate = 50m, weeklyCapacity = 35m }), HttpStatusCode.NotFound);
        await Expect.Problem(await clientAdmin.GetAsync($"{world.ClientUrl}/fields"), HttpStatusCode.NotFound);
        await Expect.Problem(await clientAdmin.PostAsJsonAsync($"{world.ClientUrl}/agreements", new { clientId = world.Third.TenantId, fields = new[] { "events" }, startsOn = world.Today, endsOn = world.Today, access = "read" }), HttpStatusCode.NotFound);

        var consortiumAdmin = app.WithKey(world.Consortium.Admin);
        await Expect.Problem(await consortiumAdmin.PostAsync($"{world.C}/agreements/{SharedServicesWorld.AgreementId}/accept", null), HttpStatusCode.NotFound);
        await Expect.Problem(await consortiumAdmin.PostAsJsonAsync($"{world.C}/service-requests",
            new { consortiumId = world.Consortium.TenantId, field = "events", title = new { fr = "x", en = "x" }, needBy = world.Today, urgency = "normal" }), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task NoKeyIs401AndARevokedKeyIsRefusedAtOnce()
    {
        var world = await SharedServicesWorld.CreateAsync(app);
        await Expect.Problem(await app.Anonymous().GetAsync($"{world.C}/professionals"), HttpStatusCode.Unauthorized);
        await Expect.Problem(await app.Anonymous().GetAsync($"{world.C}/statements?month={world.LastMonth}"), HttpStatusCode.Unauthorized);

        var (keyId, key) = await app.IssueKeyAsync(world.Consortium.TenantId, world.Consortium.Admin, "staff");
        await Expect.Status(await app.WithKey(key).GetAsync($"{world.C}/service-requests"), HttpStatusCode.OK);
        await Expect.Status(await app.WithKey(world.Consortium.Admin).DeleteAsync($"{world.C}/keys/{keyId}"), HttpStatusCode.NoContent);
        await Expect.Problem(await app.WithKey(key).GetAsync($"{world.C}/service-requests"), HttpStatusCode.Unauthorized);
    }

    /// <summary>The busy world is exactly as it was: one professional pair, one agreement in force, one request assigned, one entry.</summary>
    private async Task AssertNothingChangedAsync(SharedServicesWorld world)
    {
        var admin = app.WithKey(world.Consortium.Admin);
        Assert.Equal(["ana", "ben"], (await admin.GetFromJsonAsync<JsonElement>($"{world.C}/professionals")).EnumerateArray().Select(p => p.GetProperty("id").GetString()));
        Assert.Equal(2, (await admin.GetFromJsonAsync<JsonElement>($"{world.C}/fields")).GetArrayLength());
        var agreements = (await admin.GetFromJsonAsync<JsonElement>($"{world.C}/agreements")).EnumerateArray().ToList();
        Assert.Equal(("accepted", true), (agreements.Single().GetProperty("status").GetString(), agreements.Single().GetProperty("inForce").GetBoolean()));
        var requests = (await admin.GetFromJsonAsync<JsonElement>($"{world.C}/service-requests")).EnumerateArray().ToList();
        Assert.Equal(("r1", "assigned", "ana"), (requests.Single().GetProperty("id").GetString(), requests.Single().GetProperty("status").GetString(), requests.Single().GetProperty("professionalId").GetString()));
        var entries = await admin.GetFromJsonAsync<JsonElement>($"{world.C}/time-entries?month={world.LastMonth}");
        Assert.Equal(1, entries.GetArrayLength());
        Assert.Equal(0, (await admin.GetFromJsonAsync<JsonElement>($"{world.C}/time-entries?month={world.Today:yyyy-MM}")).GetArrayLength());
    }
}
