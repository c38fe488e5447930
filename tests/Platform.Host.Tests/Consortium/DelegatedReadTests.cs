using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Host.Tests.Infrastructure;

namespace Platform.Host.Tests.Consortium;

/// <summary>
/// Rule 5 end to end, on the federation developer's real member and statistics routes: what a
/// consortium key may read of a client, when, and the trace each read leaves in the client's audit
/// log. Its own app: one test moves the clock.
/// </summary>
public sealed class DelegatedReadTests(PlatformApp app) : IClassFixture<PlatformApp>
{
    private static string KeyId(string key) => key.Split('.')[1];

    private async Task<SharedServicesWorld> WorldWithMemberAsync(bool agreed = true, string access = "read")
    {
        var world = await SharedServicesWorld.CreateAsync(app, agreed, access);
        var added = await app.WithKey(world.Client.Staff).PostAsJsonAsync($"{world.ClientUrl}/members",
            new { id = "les-erables", name = "Coopérative d’habitation Les Érables", type = "housing", region = "06", joinedOn = "2019-04-01" });
        await Expect.Status(added, HttpStatusCode.Created);
        return world;
    }

    private async Task<List<JsonElement>> DelegatedReadsAsync(SharedServicesWorld world)
    {
        var log = await app.WithKey(world.Client.Admin).GetFromJsonAsync<JsonElement>($"{world.ClientUrl}/audit");
        return log.GetProperty("entries").EnumerateArray().Where(e => e.GetProperty("action").GetString() == "delegated.read").ToList();
    }

    private string[] ReadRoutes(SharedServicesWorld world) =>
        [$"{world.ClientUrl}/members", $"{world.ClientUrl}/members/les-erables", $"{world.ClientUrl}/statistics"];

    [Fact]
    public async Task ConsortiumStaffReadsTheClientsMembersAndStatisticsAndEachReadIsAuditedWithItsKey()
    {
        var world = await WorldWithMemberAsync();

        var members = await app.WithKey(world.Consortium.Staff).GetFromJsonAsync<JsonElement>($"{world.ClientUrl}/members");
        Assert.Equal("les-erables", members.EnumerateArray().Single().GetProperty("id").GetString());
        var member = await app.WithKey(world.Consortium.Staff).GetFromJsonAsync<JsonElement>($"{world.ClientUrl}/members/les-erables");
        Assert.Equal("housing", member.GetProperty("type").GetString());
        await Expect.Status(await app.WithKey(world.Consortium.Staff).GetAsync($"{world.ClientUrl}/statistics"), HttpStatusCode.OK);
        await Expect.Status(await app.WithKey(world.Consortium.Admin).GetAsync($"{world.ClientUrl}/members"), HttpStatusCode.OK);

        var reads = await DelegatedReadsAsync(world);
        Assert.Equal(4, reads.Count);
        var byStaff = reads.Where(r => r.GetProperty("actor").GetString() == $"{world.Consortium.TenantId}:{KeyId(world.Consortium.Staff)}").ToList();
        Assert.Equal(3, byStaff.Count);
        Assert.All(reads, r => Assert.Equal($"via agreement {world.Consortium.TenantId}/{SharedServicesWorld.AgreementId}", r.GetProperty("detail").GetString()));
        Assert.Contains(reads, r => r.GetProperty("target").GetString() == $"{world.ClientUrl}/members/les-erables");
        Assert.Contains(reads, r => r.GetProperty("actor").GetString() == $"{world.Consortium.TenantId}:{KeyId(world.Consortium.Admin)}");

        // The trace is the client's: the consortium's own log holds none of it.
        var own = await app.WithKey(world.Consortium.Admin).GetFromJsonAsync<JsonElement>($"{world.C}/audit");
        Assert.DoesNotContain(own.GetProperty("entries").EnumerateArray(), e => e.GetProperty("action").GetString() == "delegated.read");
    }

    [Fact]
    public async Task AReadAgreementWithAnOrganisationOpensNoMemberRoutesBecauseItKeepsNone()
    {
        var world = await SharedServicesWorld.CreateAsync(app, agreed: false);
        var organisation = await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId("org"), "organization");
        await world.OfferAsync("ag-org", clientId: organisation.TenantId);
        var orgUrl = $"/api/v1/tenants/{organisation.TenantId}";
        await SharedServicesWorld.Ok(await app.WithKey(organisation.Admin).PostAsync($"{orgUrl}/agreements/ag-org/accept", null));

        // The agreement grants the read, and then the routes do not exist on an organisation's account.
        foreach (var route in new[] { $"{orgUrl}/members", $"{orgUrl}/statistics" })
        {
            var problem = await Expect.Problem(await app.WithKey(world.Consortium.Staff).GetAsync(route), HttpStatusCode.NotFound);
            Assert.Contains("is not a federation", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ReadScopeOpensNoWritesNoOtherRoutesAndNothingToViewersOrOtherTenants()
    {
        var world = await WorldWithMemberAsync();
        var staff = app.WithKey(world.Consortium.Staff);

        await Expect.Problem(await staff.PostAsJsonAsync($"{world.ClientUrl}/members",
            new { id = "intrus", name = "Intrus", type = "worker", region = "06", joinedOn = "2020-01-01" }), HttpStatusCode.NotFound);
        await Expect.Problem(await staff.PostAsJsonAsync($"{world.ClientUrl}/members/les-erables/withdraw", new { on = world.Today }), HttpStatusCode.NotFound);
        await Expect.Problem(await staff.GetAsync($"{world.ClientUrl}/activities"), HttpStatusCode.NotFound);
        await Expect.Problem(await staff.GetAsync($"{world.ClientUrl}/audit"), HttpStatusCode.NotFound);
        await Expect.Problem(await staff.GetAsync($"{world.ClientUrl}/export"), HttpStatusCode.NotFound);
        foreach (var route in ReadRoutes(world))
        {
            await Expect.Problem(await app.WithKey(world.Consortium.Viewer).GetAsync(route), HttpStatusCode.NotFound);
            await Expect.Problem(await app.WithKey(world.Third.Staff).GetAsync(route), HttpStatusCode.NotFound);
        }

        Assert.Empty(await DelegatedReadsAsync(world));
        var members = await app.WithKey(world.Client.Viewer).GetFromJsonAsync<JsonElement>($"{world.ClientUrl}/members");
        Assert.Equal(["les-erables"], members.EnumerateArray().Select(m => m.GetProperty("id").GetString()));
        Assert.Equal("active", members[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task WithoutAnAcceptedReadAgreementInForceEveryReadIs404()
    {
        var pending = await WorldWithMemberAsync(agreed: false);
        await pending.OfferAsync("not-yet-accepted");
        var none = await WorldWithMemberAsync(access: "none");
        var later = await WorldWithMemberAsync(agreed: false);
        await later.OfferAsync("later", startsOn: later.Today.AddDays(1), endsOn: later.Today.AddDays(30));
        await Expect.Status(await app.WithKey(later.Client.Admin).PostAsync($"{later.ClientUrl}/agreements/later/accept", null), HttpStatusCode.OK);
        var ended = await WorldWithMemberAsync();
        await Expect.Status(await app.WithKey(ended.Consortium.Admin).PostAsync($"{ended.C}/agreements/{SharedServicesWorld.AgreementId}/end", null), HttpStatusCode.OK);

        foreach (var world in new[] { pending, none, later, ended })
        {
            foreach (var route in ReadRoutes(world))
            {
                var response = await app.WithKey(world.Consortium.Staff).GetAsync(route);
                await Expect.Problem(response, HttpStatusCode.NotFound);
                Assert.DoesNotContain("les-erables", await response.Content.ReadAsStringAsync());
            }
            Assert.Empty(await DelegatedReadsAsync(world));
        }
    }

    [Fact]
    public async Task ReadsStopAfterTheAgreementsLastDay()
    {
        var world = await WorldWithMemberAsync(agreed: false);
        var lastDay = world.Today.AddDays(1);
        await world.OfferAsync("short", startsOn: world.Today, endsOn: lastDay);
        await Expect.Status(await app.WithKey(world.Client.Admin).PostAsync($"{world.ClientUrl}/agreements/short/accept", null), HttpStatusCode.OK);
        var members = $"{world.ClientUrl}/members";

        await Expect.Status(await app.WithKey(world.Consortium.Staff).GetAsync(members), HttpStatusCode.OK);
        app.Clock.SetUtcNow(new DateTimeOffset(lastDay.ToDateTime(new TimeOnly(23, 59, 59)), TimeSpan.Zero));
        await Expect.Status(await app.WithKey(world.Consortium.Staff).GetAsync(members), HttpStatusCode.OK);
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        await Expect.Problem(await app.WithKey(world.Consortium.Staff).GetAsync(members), HttpStatusCode.NotFound);

        var reads = await DelegatedReadsAsync(world);
        Assert.Equal(2, reads.Count);
    }
}
