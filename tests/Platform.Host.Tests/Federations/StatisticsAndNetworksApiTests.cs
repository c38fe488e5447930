using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Host.Tests.Infrastructure;
using static Platform.Host.Tests.Federations.FederationHttp;

namespace Platform.Host.Tests.Federations;

public sealed class StatisticsApiTests(PlatformApp app) : IClassFixture<PlatformApp>
{
    [Fact]
    public async Task StatisticsOfAPeriodGiveExactFigures()
    {
        var fed = await app.NewFederationAsync();
        for (var i = 1; i <= 10; i++) await app.AddMemberAsync(fed, Member($"m{i:D2}", region: i <= 6 ? "06" : "03", joinedOn: i <= 2 ? "2024-02-15" : "2019-01-01"));
        await Expect.Status(await app.WithKey(fed.Staff).PatchJsonAsync($"{Members(fed.TenantId)}/m01", "{\"ambassador\":true}"), HttpStatusCode.OK);
        await app.AddActivityAsync(fed, "t1", "training", "2024-03-01");
        await app.AddActivityAsync(fed, "s1", "screening", "2024-04-01", 400);
        await app.AddActivityAsync(fed, "c1", "conference", "2024-05-01", 150);
        await app.RecordParticipantsAsync(fed, "t1", "m01", "m02", "m03", "m04", "m05", "m06", "m07", "m08", "m09");

        var statistics = await app.WithKey(fed.Viewer).GetJsonAsync($"/api/v1/tenants/{fed.TenantId}/statistics?from=2024-01-01&to=2024-12-31");

        var members = statistics.GetProperty("members");
        Assert.Equal(10, members.GetProperty("active").GetInt32());
        Assert.Equal(0, members.GetProperty("withdrawn").GetInt32());
        Assert.Equal(6, members.GetProperty("byRegion").GetProperty("06").GetInt32());
        Assert.Equal(10, members.GetProperty("byType").GetProperty("worker").GetInt32());
        Assert.Equal(2, members.GetProperty("joinedByMonth").GetProperty("2024-02").GetInt32());
        var participation = statistics.GetProperty("participation");
        Assert.Equal(10, participation.GetProperty("activeMembers").GetInt32());
        Assert.Equal(9, participation.GetProperty("participatingMembers").GetInt32());
        Assert.Equal(0.9m, participation.GetProperty("rate").GetDecimal());
        Assert.Equal(1, participation.GetProperty("activitiesByKind").GetProperty("screening").GetInt32());
        Assert.Equal(550, statistics.GetProperty("reach").GetInt32());
        Assert.Equal(1, statistics.GetProperty("ambassadors").GetInt32());
    }

    [Theory]
    [InlineData("?from=2025-02-30")]
    [InlineData("?to=2024-13-01")]
    [InlineData("?from=yesterday")]
    [InlineData("?from=2025-01-01&to=2024-01-01")]
    public async Task ImpossiblePeriodsAreRefused(string query)
    {
        var fed = await app.NewFederationAsync();
        await Expect.Problem(await app.WithKey(fed.Viewer).GetAsync($"/api/v1/tenants/{fed.TenantId}/statistics{query}"), HttpStatusCode.BadRequest);
        await Expect.Problem(await app.WithKey(fed.Viewer).GetAsync($"/api/v1/tenants/{fed.TenantId}/network/statistics{query}"), HttpStatusCode.BadRequest);
    }
}

public sealed class NetworksApiTests(PlatformApp app) : IClassFixture<PlatformApp>
{
    private static string Affiliations(string tenantId) => $"/api/v1/tenants/{tenantId}/affiliations";

    [Fact]
    public async Task AcceptedAffiliateCountsInTheParentsNetworkWithSharedOrganisationsOnce()
    {
        var parent = await app.NewFederationAsync("nat");
        var child = await app.NewFederationAsync("prov");
        await app.AddMemberAsync(parent, Member("p1", region: "ON", registryId: "ON-1001"));
        await app.AddMemberAsync(parent, Member("shared", registryId: "1170001234"));
        await app.AddMemberAsync(child, Member("c1", name: "Coopérative Secrète du Fleuve"));
        // Issue 13: counted once with the parent's own membership because this membership consents to it.
        await app.AddMemberAsync(child, new { id = "also-shared", name = "Coopérative also-shared", type = "worker", region = "06", joinedOn = "2020-01-01", registryId = "1170001234", countOnceAcrossNetwork = true });

        var request = await app.WithKey(child.Admin).PostAsJsonAsync(Affiliations(child.TenantId), new { parentId = parent.TenantId });
        await Expect.Status(request, HttpStatusCode.Accepted);
        Assert.Equal("pending", (await request.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        var pending = await app.WithKey(parent.Viewer).GetJsonAsync(Affiliations(parent.TenantId));
        Assert.Equal(child.TenantId, pending[0].GetProperty("childId").GetString());
        Assert.Equal(1, (await app.WithKey(parent.Viewer).GetJsonAsync($"/api/v1/tenants/{parent.TenantId}/network/statistics")).GetProperty("federations").GetInt32());

        await Expect.Status(await app.WithKey(parent.Admin).PostAsync($"/api/v1/tenants/{parent.TenantId}/affiliates/{child.TenantId}/accept", null), HttpStatusCode.OK);

        // Issue 13: the equity-group breakdown is published for a whole report year only.
        var response = await app.WithKey(parent.Viewer).GetAsync($"/api/v1/tenants/{parent.TenantId}/network/statistics?from=2025-01-01&to=2025-12-31");
        await Expect.Status(response, HttpStatusCode.OK);
        var text = await response.Content.ReadAsStringAsync();
        var network = JsonDocument.Parse(text).RootElement;
        Assert.Equal(2, network.GetProperty("federations").GetInt32());
        Assert.Equal(1, network.GetProperty("affiliates").GetInt32());
        Assert.Equal(3, network.GetProperty("members").GetProperty("active").GetInt32());
        Assert.Equal("<5", network.GetProperty("selfIdentification").GetProperty("not-provided").GetString());
        // Aggregates only: no member id, name or registry number of the affiliate reaches the parent.
        foreach (var secret in new[] { "c1", "also-shared", "Secr", "1170001234" }) Assert.DoesNotContain(secret, text);
        Assert.Contains("affiliation.request", await app.AuditActionsAsync(child));
        Assert.Contains("affiliation.accept", await app.AuditActionsAsync(parent));
    }

    [Fact]
    public async Task ParentKeyCannotReadTheAffiliatesMembers()
    {
        var parent = await app.NewFederationAsync("nat");
        var child = await app.NewFederationAsync("prov");
        await app.AddMemberAsync(child, Member("c1"));
        await app.AffiliateAsync(child, parent);

        foreach (var key in new[] { parent.Admin, parent.Staff, parent.Viewer })
        {
            await Expect.Problem(await app.WithKey(key).GetAsync(Members(child.TenantId)), HttpStatusCode.NotFound);
            await Expect.Problem(await app.WithKey(key).GetAsync($"{Members(child.TenantId)}/c1"), HttpStatusCode.NotFound);
            await Expect.Problem(await app.WithKey(key).GetAsync($"/api/v1/tenants/{child.TenantId}/statistics"), HttpStatusCode.NotFound);
            await Expect.Problem(await app.WithKey(key).GetAsync($"/api/v1/tenants/{child.TenantId}/network/statistics"), HttpStatusCode.NotFound);
        }
    }

    [Fact]
    public async Task AcceptingAnAffiliateThatWouldCloseACycleIsAConflict()
    {
        var a = await app.NewFederationAsync("a");
        var b = await app.NewFederationAsync("b");
        var c = await app.NewFederationAsync("c");
        await app.AffiliateAsync(b, a);
        await app.AffiliateAsync(c, b);

        await Expect.Status(await app.WithKey(a.Admin).PostAsJsonAsync(Affiliations(a.TenantId), new { parentId = c.TenantId }), HttpStatusCode.Accepted);
        await Expect.Problem(await app.WithKey(c.Admin).PostAsync($"/api/v1/tenants/{c.TenantId}/affiliates/{a.TenantId}/accept", null), HttpStatusCode.Conflict);
        await Expect.Problem(await app.WithKey(a.Admin).PostAsJsonAsync(Affiliations(a.TenantId), new { parentId = a.TenantId }), HttpStatusCode.Conflict);

        Assert.Equal(3, (await app.WithKey(a.Viewer).GetJsonAsync($"/api/v1/tenants/{a.TenantId}/network/statistics")).GetProperty("federations").GetInt32());
    }

    [Fact]
    public async Task EitherSideRemovesAnAffiliation()
    {
        var parent = await app.NewFederationAsync("nat");
        var child = await app.NewFederationAsync("prov");
        await app.AffiliateAsync(child, parent);

        await Expect.Problem(await app.WithKey(child.Staff).DeleteAsync($"{Affiliations(child.TenantId)}/{parent.TenantId}"), HttpStatusCode.Forbidden);
        await Expect.Status(await app.WithKey(child.Admin).DeleteAsync($"{Affiliations(child.TenantId)}/{parent.TenantId}"), HttpStatusCode.NoContent);
        Assert.Equal(0, (await app.WithKey(parent.Viewer).GetJsonAsync(Affiliations(parent.TenantId))).GetArrayLength());

        await app.AffiliateAsync(child, parent);
        await Expect.Status(await app.WithKey(parent.Admin).DeleteAsync($"/api/v1/tenants/{parent.TenantId}/affiliates/{child.TenantId}"), HttpStatusCode.NoContent);
        await Expect.Problem(await app.WithKey(parent.Admin).DeleteAsync($"/api/v1/tenants/{parent.TenantId}/affiliates/{child.TenantId}"), HttpStatusCode.NotFound);
        Assert.Equal(0, (await app.WithKey(child.Viewer).GetJsonAsync(Affiliations(child.TenantId))).GetArrayLength());
    }

    [Fact]
    public async Task TheParentDeclinesAPendingRequestButNeverAnAcceptedAffiliate()
    {
        var parent = await app.NewFederationAsync("nat");
        var child = await app.NewFederationAsync("prov");
        var decline = $"/api/v1/tenants/{parent.TenantId}/affiliates/{child.TenantId}/decline";
        await Expect.Status(await app.WithKey(child.Admin).PostAsJsonAsync(Affiliations(child.TenantId), new { parentId = parent.TenantId }), HttpStatusCode.Accepted);

        await Expect.Problem(await app.WithKey(parent.Staff).PostAsync(decline, null), HttpStatusCode.Forbidden);
        await Expect.Problem(await app.WithKey(child.Admin).PostAsync(decline, null), HttpStatusCode.NotFound);
        await Expect.Status(await app.WithKey(parent.Admin).PostAsync(decline, null), HttpStatusCode.NoContent);
        Assert.Equal(0, (await app.WithKey(child.Viewer).GetJsonAsync(Affiliations(child.TenantId))).GetArrayLength());
        Assert.Contains("affiliation.decline", await app.AuditActionsAsync(parent));
        await Expect.Problem(await app.WithKey(parent.Admin).PostAsync(decline, null), HttpStatusCode.NotFound);

        await app.AffiliateAsync(child, parent);
        await Expect.Problem(await app.WithKey(parent.Admin).PostAsync(decline, null), HttpStatusCode.Conflict);
        Assert.Equal("accepted", (await app.WithKey(parent.Viewer).GetJsonAsync(Affiliations(parent.TenantId)))[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task OnlyTheRightAdminsRequestAndAccept()
    {
        var parent = await app.NewFederationAsync("nat");
        var child = await app.NewFederationAsync("prov");
        var stranger = await app.NewFederationAsync("x");

        await Expect.Problem(await app.WithKey(child.Staff).PostAsJsonAsync(Affiliations(child.TenantId), new { parentId = parent.TenantId }), HttpStatusCode.Forbidden);
        await Expect.Problem(await app.WithKey(stranger.Admin).PostAsJsonAsync(Affiliations(child.TenantId), new { parentId = parent.TenantId }), HttpStatusCode.NotFound);
        await Expect.Status(await app.WithKey(child.Admin).PostAsJsonAsync(Affiliations(child.TenantId), new { parentId = parent.TenantId }), HttpStatusCode.Accepted);

        // The child cannot accept itself into the parent's network, nor can another federation.
        await Expect.Problem(await app.WithKey(child.Admin).PostAsync($"/api/v1/tenants/{parent.TenantId}/affiliates/{child.TenantId}/accept", null), HttpStatusCode.NotFound);
        await Expect.Problem(await app.WithKey(stranger.Admin).PostAsync($"/api/v1/tenants/{stranger.TenantId}/affiliates/{child.TenantId}/accept", null), HttpStatusCode.NotFound);
        await Expect.Problem(await app.WithKey(parent.Staff).PostAsync($"/api/v1/tenants/{parent.TenantId}/affiliates/{child.TenantId}/accept", null), HttpStatusCode.Forbidden);
        Assert.Equal("pending", (await app.WithKey(parent.Viewer).GetJsonAsync(Affiliations(parent.TenantId)))[0].GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"parentId\":\"..\"}")]
    [InlineData("{\"parentId\":42}")]
    [InlineData("{\"parentId\":\"a/b\"}")]
    [InlineData("{\"parentId\":\"ok\",\"status\":\"accepted\"}")]
    [InlineData("{\"parentId\":")]
    public async Task BadAffiliationRequestsAreRefused(string body)
    {
        var child = await app.NewFederationAsync("prov");
        await Expect.Problem(await app.WithKey(child.Admin).PostJsonAsync(Affiliations(child.TenantId), body), HttpStatusCode.BadRequest);
        Assert.Equal(0, (await app.WithKey(child.Viewer).GetJsonAsync(Affiliations(child.TenantId))).GetArrayLength());
    }

    [Fact]
    public async Task AffiliationToAnUnknownOrNonFederationParentIsNotFound()
    {
        var child = await app.NewFederationAsync("prov");
        var consortium = await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId("cons"), "consortium");

        await Expect.Problem(await app.WithKey(child.Admin).PostAsJsonAsync(Affiliations(child.TenantId), new { parentId = "no-such-federation" }), HttpStatusCode.NotFound);
        await Expect.Problem(await app.WithKey(child.Admin).PostAsJsonAsync(Affiliations(child.TenantId), new { parentId = consortium.TenantId }), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ProfileIsSetByTheAdminAndReadByAnyKey()
    {
        var fed = await app.NewFederationAsync();
        var url = $"/api/v1/tenants/{fed.TenantId}/federation";
        // Before any profile is set, a new federation reads an empty one (issue 12), not a 404.
        var empty = await app.WithKey(fed.Viewer).GetAsync(url);
        await Expect.Status(empty, HttpStatusCode.OK);
        Assert.False((await empty.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("name", out var unnamed) && unnamed.ValueKind != JsonValueKind.Null);
        var profile = new { name = new { fr = "Réseau COOP", en = "COOP Network" }, kind = "provincial", region = "QC", languages = new[] { "fr", "en" } };

        await Expect.Problem(await app.WithKey(fed.Staff).PutAsJsonAsync(url, profile), HttpStatusCode.Forbidden);
        await Expect.Problem(await app.WithKey(fed.Admin).PutJsonAsync(url, "{\"name\":{\"fr\":\"a\",\"en\":\"b\"},\"kind\":\"galactic\"}"), HttpStatusCode.BadRequest);
        await Expect.Status(await app.WithKey(fed.Admin).PutAsJsonAsync(url, profile), HttpStatusCode.OK);

        var read = await app.WithKey(fed.Viewer).GetJsonAsync(url);
        Assert.Equal("provincial", read.GetProperty("kind").GetString());
        Assert.Equal("Réseau COOP", read.GetProperty("name").GetProperty("fr").GetString());
    }
}
