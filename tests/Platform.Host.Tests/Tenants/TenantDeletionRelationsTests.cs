using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Host.Tests.Consortium;
using Platform.Host.Tests.Federations;
using Platform.Host.Tests.Infrastructure;

namespace Platform.Host.Tests.Tenants;

/// <summary>
/// Deleting a tenant ends what tied it to other tenants, and each of them can read in its own
/// audit log what ended and why; their own data stays.
/// </summary>
public sealed class TenantDeletionRelationsTests(PlatformApp app) : IClassFixture<PlatformApp>
{
    private async Task DeleteTenantAsync(string tenantId) =>
        await Expect.Status(await app.Operator().SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/tenants/{tenantId}")
        {
            Content = JsonContent.Create(new { confirm = tenantId }),
        }), HttpStatusCode.OK);

    private async Task<List<JsonElement>> AuditAsync(TenantKeys tenant, string action)
    {
        var log = await app.WithKey(tenant.Admin).GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{tenant.TenantId}/audit");
        return log.GetProperty("entries").EnumerateArray().Where(e => e.GetProperty("action").GetString() == action).ToList();
    }

    private static string Network(string tenantId) => $"/api/v1/tenants/{tenantId}/network/statistics";

    [Fact]
    public async Task ADeletedFederationLeavesEveryNetworkAndItsAffiliatesAreOnTheirOwn()
    {
        var national = await app.NewFederationAsync("nat");
        var provincial = await app.NewFederationAsync("prov");
        var local = await app.NewFederationAsync("local");
        await app.AddMemberAsync(national, FederationHttp.Member("n1"));
        await app.AddMemberAsync(provincial, FederationHttp.Member("p1"));
        await app.AddMemberAsync(local, FederationHttp.Member("l1"));
        await app.AffiliateAsync(provincial, national);
        await app.AffiliateAsync(local, provincial);
        Assert.Equal(3, (await app.WithKey(national.Viewer).GetJsonAsync(Network(national.TenantId))).GetProperty("federations").GetInt32());

        await DeleteTenantAsync(provincial.TenantId);

        var network = await app.WithKey(national.Viewer).GetJsonAsync(Network(national.TenantId));
        Assert.Equal((1, 0, 1), (network.GetProperty("federations").GetInt32(), network.GetProperty("affiliates").GetInt32(),
            network.GetProperty("members").GetProperty("active").GetInt32()));
        Assert.Equal(0, (await app.WithKey(national.Viewer).GetJsonAsync($"/api/v1/tenants/{national.TenantId}/affiliations")).GetArrayLength());
        Assert.Equal(0, (await app.WithKey(local.Viewer).GetJsonAsync($"/api/v1/tenants/{local.TenantId}/affiliations")).GetArrayLength());
        Assert.Equal(1, (await app.WithKey(local.Viewer).GetJsonAsync($"/api/v1/tenants/{local.TenantId}/members")).GetArrayLength());

        var removed = Assert.Single(await AuditAsync(national, "affiliation.remove"), e => e.GetProperty("actor").GetString() == "operator");
        Assert.Equal($"affiliates/{provincial.TenantId}", removed.GetProperty("target").GetString());
        Assert.Contains("deleted from the platform", removed.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Single(await AuditAsync(local, "affiliation.leave"), e => e.GetProperty("target").GetString() == $"affiliations/{provincial.TenantId}");

        // The freed federation may join another network; the old parent no longer has a place for it.
        await app.AffiliateAsync(local, national);
        Assert.Equal(2, (await app.WithKey(national.Viewer).GetJsonAsync(Network(national.TenantId))).GetProperty("federations").GetInt32());
    }

    [Fact]
    public async Task ADeletedClientsAgreementEndsItsRequestsAreCancelledAndTheConsortiumKeepsItsAccounts()
    {
        var world = await SharedServicesWorld.CreateAsync(app);
        await world.SubmitAsync("r1");
        await world.AssignAsync("r1", "ana");
        await world.RecordAsync("r1", "ana", world.AgreementStart.AddDays(2), 3m);

        await DeleteTenantAsync(world.Client.TenantId);

        var admin = app.WithKey(world.Consortium.Admin);
        var agreement = await admin.GetFromJsonAsync<JsonElement>($"{world.C}/agreements/{SharedServicesWorld.AgreementId}");
        Assert.Equal(("ended", "client", false), (agreement.GetProperty("status").GetString(), agreement.GetProperty("endedBy").GetString(), agreement.GetProperty("inForce").GetBoolean()));
        Assert.Equal(0, (await admin.GetFromJsonAsync<JsonElement>($"{world.C}/service-requests")).GetArrayLength());
        Assert.Equal("cancelled", (await admin.GetFromJsonAsync<JsonElement>($"{world.C}/service-requests/r1")).GetProperty("status").GetString());
        var statement = await admin.GetFromJsonAsync<JsonElement>($"{world.C}/statements?client={world.Client.TenantId}&month={world.LastMonth}");
        Assert.Equal(135.90m, statement.GetProperty("total").GetDecimal());
        await Expect.Problem(await admin.PostAsync($"{world.C}/agreements/{SharedServicesWorld.AgreementId}/end", null), HttpStatusCode.Conflict);

        Assert.Single(await AuditAsync(world.Consortium, "agreement.end"), e => e.GetProperty("actor").GetString() == "operator");
        Assert.Single(await AuditAsync(world.Consortium, "service-request.cancel"), e => e.GetProperty("target").GetString() == "service-requests/r1");
    }

    [Fact]
    public async Task ADeletedConsortiumsAgreementsEndOnTheClientsSide()
    {
        var world = await SharedServicesWorld.CreateAsync(app);
        await Expect.Status(await app.WithKey(world.Consortium.Staff).GetAsync($"{world.ClientUrl}/members"), HttpStatusCode.OK);

        await DeleteTenantAsync(world.Consortium.TenantId);

        var client = app.WithKey(world.Client.Admin);
        var agreement = (await client.GetFromJsonAsync<JsonElement>($"{world.ClientUrl}/agreements")).EnumerateArray().Single();
        Assert.Equal(("ended", "consortium", false), (agreement.GetProperty("status").GetString(), agreement.GetProperty("endedBy").GetString(), agreement.GetProperty("inForce").GetBoolean()));
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>($"{world.ClientUrl}/service-requests")).GetArrayLength());
        Assert.Single(await AuditAsync(world.Client, "agreement.end"), e => e.GetProperty("actor").GetString() == "operator");
        await Expect.Problem(await app.WithKey(world.Consortium.Staff).GetAsync($"{world.ClientUrl}/members"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ADeletedTenantsPostingsLeaveTheJobBoardAndNeverComeBackUnderANewTenantOfTheSameId()
    {
        var id = PlatformApp.NewTenantId("ctroc");
        var first = await app.CreateTenantWithKeysAsync(id);
        await Roles.RoleApi.PutAsync(app.WithKey(first.Admin), id, "coordination", Roles.RoleApi.Coordination());
        Assert.Single(await BoardOfAsync(id));

        await DeleteTenantAsync(id);
        Assert.Empty(await BoardOfAsync(id));

        // The id is free again; a different organisation takes it and has posted nothing.
        await app.CreateTenantWithKeysAsync(id);
        Assert.Empty(await BoardOfAsync(id));
    }

    private async Task<List<JsonElement>> BoardOfAsync(string tenantId) =>
        (await app.Anonymous().GetFromJsonAsync<JsonElement>("/api/v1/postings")).EnumerateArray()
            .Where(p => p.GetProperty("tenantId").GetString() == tenantId).ToList();

    [Fact]
    public async Task ATenantCalledAffiliationsOwnsNoneOfThePlatformsAffiliations()
    {
        // Before the registry's key started with '_', this tenant's partition held every federation's affiliations.
        var parent = await app.NewFederationAsync("nat");
        var child = await app.NewFederationAsync("prov");
        await app.AffiliateAsync(child, parent);
        var namesake = await app.CreateTenantWithKeysAsync("affiliations");

        var export = await (await app.WithKey(namesake.Admin).GetAsync("/api/v1/tenants/affiliations/export")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(parent.TenantId, export, StringComparison.Ordinal);
        await DeleteTenantAsync(namesake.TenantId);

        Assert.Equal(2, (await app.WithKey(parent.Viewer).GetJsonAsync(Network(parent.TenantId))).GetProperty("federations").GetInt32());
    }
}
