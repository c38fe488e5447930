using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Host.Tests.Infrastructure;
using Platform.Host.Tests.Roles;

namespace Platform.Host.Tests.Governance;

public sealed class GovernanceApiTests(PlatformApp app) : IClassFixture<PlatformApp>
{
    private static string Body(string tenantId, string bodyId) => $"/api/v1/tenants/{tenantId}/bodies/{bodyId}";

    private static string Proposals(string tenantId, string bodyId) => $"{Body(tenantId, bodyId)}/proposals";

    private static string Proposal(string tenantId, string bodyId, string proposalId) => $"{Proposals(tenantId, bodyId)}/{proposalId}";

    /// <summary>Three voting delegates and two staff seats without a vote.</summary>
    private static object Board(int? quorum = null) => new
    {
        kind = "board",
        name = new { fr = "Conseil d'administration", en = "Board of directors" },
        seats = new object[]
        {
            new { id = "delegue-1", holder = "Délégation 1", voting = true },
            new { id = "delegue-2", holder = "Délégation 2", voting = true },
            new { id = "delegue-3", holder = "Délégation 3", voting = true },
            new { id = "coordination-1", holder = "Coordination 1", voting = false, role = "representation" },
            new { id = "coordination-2", holder = "Coordination 2", voting = false },
        },
        quorum,
    };

    private async Task<TenantKeys> WithBoardAsync()
    {
        var keys = await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId("ctroc"));
        await Expect.Status(await app.WithKey(keys.Admin).PutAsJsonAsync(Body(keys.TenantId, "ca"), Board()), HttpStatusCode.OK);
        return keys;
    }

    private async Task StateAsync(HttpClient client, TenantKeys keys, string proposalId, string seat, string position) =>
        await Expect.Status(await client.PostAsJsonAsync($"{Proposal(keys.TenantId, "ca", proposalId)}/positions", new { seat, position }), HttpStatusCode.OK);

    [Fact]
    public async Task BoardDecidesAProposalWithStaffPositionsShownButNotCounted()
    {
        var keys = await WithBoardAsync();
        var staff = app.WithKey(keys.Staff);

        var body = await app.WithKey(keys.Viewer).GetJsonAsync(Body(keys.TenantId, "ca"));
        Assert.Equal("board", body.GetProperty("kind").GetString());
        Assert.Equal(2, body.GetProperty("quorum").GetInt32());
        Assert.False(body.GetProperty("seats")[3].GetProperty("voting").GetBoolean());

        var opened = await staff.PostAsJsonAsync(Proposals(keys.TenantId, "ca"),
            new { id = "plan-2026", title = new { fr = "Adopter le plan d'action", en = "Adopt the action plan" }, mode = "consensus" });
        await Expect.Status(opened, HttpStatusCode.Created);
        Assert.EndsWith($"/bodies/ca/proposals/plan-2026", opened.Headers.Location!.ToString());

        await StateAsync(staff, keys, "plan-2026", "delegue-1", "block");
        await StateAsync(staff, keys, "plan-2026", "delegue-2", "agree");
        await StateAsync(staff, keys, "plan-2026", "coordination-1", "block");
        await StateAsync(staff, keys, "plan-2026", "delegue-1", "abstain"); // changed before closing

        var closed = await staff.PostAsync($"{Proposal(keys.TenantId, "ca", "plan-2026")}/close", null);
        await Expect.Status(closed, HttpStatusCode.OK);
        var outcome = JsonDocument.Parse(await closed.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("passed", outcome.GetProperty("outcome").GetString());
        Assert.Equal("consensus", outcome.GetProperty("mode").GetString());
        Assert.Equal(2, outcome.GetProperty("quorum").GetProperty("present").GetInt32());
        Assert.True(outcome.GetProperty("quorum").GetProperty("met").GetBoolean());
        Assert.Equal(1, outcome.GetProperty("counted").GetProperty("agree").GetInt32());
        Assert.Equal(1, outcome.GetProperty("counted").GetProperty("abstain").GetInt32());
        Assert.Equal(0, outcome.GetProperty("counted").GetProperty("block").GetInt32());
        Assert.Equal(1, outcome.GetProperty("uncounted").GetProperty("block").GetInt32());
        Assert.Equal("coordination-1", outcome.GetProperty("uncounted").GetProperty("seats")[0].GetProperty("seat").GetString());

        var proposal = await app.WithKey(keys.Viewer).GetJsonAsync(Proposal(keys.TenantId, "ca", "plan-2026"));
        Assert.Equal("closed", proposal.GetProperty("status").GetString());
        Assert.Equal("passed", proposal.GetProperty("outcome").GetProperty("outcome").GetString());
        Assert.Equal(1, (await app.WithKey(keys.Viewer).GetJsonAsync(Proposals(keys.TenantId, "ca"))).GetArrayLength());

        // Closed: positions can no longer change; closing again gives the same outcome.
        await Expect.Problem(await staff.PostAsJsonAsync($"{Proposal(keys.TenantId, "ca", "plan-2026")}/positions",
            new { seat = "delegue-3", position = "block" }), HttpStatusCode.Conflict);
        var again = await staff.PostAsync($"{Proposal(keys.TenantId, "ca", "plan-2026")}/close", null);
        Assert.Equal(outcome.GetRawText(), await again.Content.ReadAsStringAsync());

        var actions = await app.WithKey(keys.Admin).AuditActionsAsync(keys.TenantId);
        Assert.Equal(1, actions.Count(a => a == "body.put"));
        Assert.Equal(1, actions.Count(a => a == "proposal.open"));
        Assert.Equal(4, actions.Count(a => a == "position.state"));
        Assert.Equal(2, actions.Count(a => a == "proposal.close"));
    }

    [Fact]
    public async Task QuorumJustMissedIsNoQuorum()
    {
        var keys = await WithBoardAsync();
        var staff = app.WithKey(keys.Staff);
        await Expect.Status(await staff.PostAsJsonAsync(Proposals(keys.TenantId, "ca"),
            new { id = "p", title = new { fr = "Budget", en = "Budget" }, mode = "majority" }), HttpStatusCode.Created);
        await StateAsync(staff, keys, "p", "delegue-1", "agree");
        await StateAsync(staff, keys, "p", "coordination-1", "agree");

        var outcome = await (await staff.PostAsync($"{Proposal(keys.TenantId, "ca", "p")}/close", null)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("no-quorum", outcome.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task CoDirectionMadeOfPairedCoRolesDecidesByConsensusOfBoth()
    {
        var keys = await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId("fcct"));
        var admin = app.WithKey(keys.Admin);
        await admin.PutAsync(keys.TenantId, "mouvement", RoleApi.Titled("Mouvement", "Movement"));
        await admin.PutAsync(keys.TenantId, "operations", RoleApi.Titled("Opérations", "Operations"));
        var coDirection = new
        {
            kind = "co-direction",
            name = new { fr = "Codirection", en = "Co-direction" },
            seats = new[]
            {
                new { id = "mouvement", voting = true, role = "mouvement" },
                new { id = "operations", voting = true, role = "operations" },
            },
        };

        var unpaired = await admin.PutAsJsonAsync(Body(keys.TenantId, "codirection"), coDirection);
        await Expect.Problem(unpaired, HttpStatusCode.Conflict);

        await Expect.Status(await admin.PostAsJsonAsync($"{RoleApi.Role(keys.TenantId, "mouvement")}/pair", new { with = "operations" }), HttpStatusCode.OK);
        await Expect.Status(await admin.PutAsJsonAsync(Body(keys.TenantId, "codirection"), coDirection), HttpStatusCode.OK);

        await Expect.Problem(await admin.PostAsJsonAsync(Proposals(keys.TenantId, "codirection"),
            new { id = "vote", title = new { fr = "Embauche", en = "Hiring" }, mode = "majority" }), HttpStatusCode.BadRequest);
        var opened = await admin.PostAsJsonAsync(Proposals(keys.TenantId, "codirection"), new { id = "embauche", title = new { fr = "Embauche", en = "Hiring" } });
        await Expect.Status(opened, HttpStatusCode.Created);
        Assert.Equal("consensus", (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("mode").GetString());
        foreach (var seat in new[] { "mouvement", "operations" })
            await Expect.Status(await admin.PostAsJsonAsync($"{Proposal(keys.TenantId, "codirection", "embauche")}/positions", new { seat, position = "agree" }), HttpStatusCode.OK);
        var outcome = await (await admin.PostAsync($"{Proposal(keys.TenantId, "codirection", "embauche")}/close", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("passed", outcome.GetProperty("outcome").GetString());
    }

    public static TheoryData<string> BadBodies() => new()
    {
        "{\"kind\":\"senate\",\"name\":{\"fr\":\"a\",\"en\":\"b\"},\"seats\":[{\"id\":\"a\",\"voting\":true}]}",
        "{\"kind\":\"board\",\"name\":{\"fr\":\"a\",\"en\":\"b\"},\"seats\":[{\"id\":\"a\",\"voting\":\"yes\"}]}",
        "{\"kind\":\"board\",\"name\":{\"fr\":\"a\",\"en\":\"b\"},\"seats\":[{\"id\":\"a\"}]}",
        "{\"kind\":\"board\",\"name\":{\"fr\":\"a\",\"en\":\"b\"},\"seats\":[{\"id\":\"a\",\"voting\":false}]}",
        "{\"kind\":\"board\",\"name\":{\"fr\":\"a\",\"en\":\"b\"},\"seats\":[{\"id\":\"a\",\"voting\":true},{\"id\":\"a\",\"voting\":true}]}",
        "{\"kind\":\"board\",\"name\":{\"fr\":\"a\",\"en\":\"b\"},\"seats\":[{\"id\":\"a/b\",\"voting\":true}]}",
        "{\"kind\":\"board\",\"name\":{\"fr\":\"a\",\"en\":\"b\"},\"seats\":[{\"id\":\"a\",\"voting\":true}],\"quorum\":2}",
        "{\"kind\":\"board\",\"name\":{\"fr\":\"a\",\"en\":\"b\"},\"seats\":[{\"id\":\"a\",\"voting\":true}],\"quorum\":\"two\"}",
        "{\"kind\":\"board\",\"name\":{\"fr\":\"a\",\"en\":\"b\"},\"seats\":[]}",
        "{\"kind\":\"board\",\"name\":{\"fr\":\"a\",\"en\":\"b\"}}",
        "{\"kind\":\"board\",\"seats\":[{\"id\":\"a\",\"voting\":true}]}",
        "{\"kind\":\"board\",\"name\":{\"fr\":\"" + new string('x', 10_000) + "\",\"en\":\"b\"},\"seats\":[{\"id\":\"a\",\"voting\":true}]}",
        "{\"kind\":\"board\",\"name\":{\"fr\":\"a\",\"en\":\"b\"},\"seats\":[{\"id\":\"a\",\"voting\":true}],\"president\":\"a\"}",
        "{\"kind\":\"co-direction\",\"name\":{\"fr\":\"a\",\"en\":\"b\"},\"seats\":[{\"id\":\"a\",\"voting\":true}]}",
        "{\"kind\":\"board\",",
        "",
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task BadBodyDefinitionsAreRefusedAndNothingIsStored(string json)
    {
        var keys = await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId());
        await Expect.Problem(await app.WithKey(keys.Admin).PutJsonAsync(Body(keys.TenantId, "ca"), json), HttpStatusCode.BadRequest);
        await Expect.Problem(await app.WithKey(keys.Admin).GetAsync(Body(keys.TenantId, "ca")), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("{\"title\":{\"fr\":\"a\",\"en\":\"b\"},\"mode\":\"unanimity\"}")]
    [InlineData("{\"title\":{\"fr\":\"a\",\"en\":\"b\"}}")]
    [InlineData("{\"mode\":\"majority\"}")]
    [InlineData("{\"id\":\"../x\",\"title\":{\"fr\":\"a\",\"en\":\"b\"},\"mode\":\"majority\"}")]
    [InlineData("{\"id\":42,\"title\":{\"fr\":\"a\",\"en\":\"b\"},\"mode\":\"majority\"}")]
    [InlineData("{\"title\":{\"fr\":\"a\",\"en\":\"b\"},\"mode\":\"majority\",\"status\":\"closed\"}")]
    [InlineData("{\"title\":{\"fr\":\"a\",\"en\":\"b\"},\"mode\":2}")]
    [InlineData("not json")]
    public async Task BadProposalsAreRefusedAndNothingIsOpened(string json)
    {
        var keys = await WithBoardAsync();
        await Expect.Problem(await app.WithKey(keys.Staff).PostJsonAsync(Proposals(keys.TenantId, "ca"), json), HttpStatusCode.BadRequest);
        Assert.Equal(0, (await app.WithKey(keys.Viewer).GetJsonAsync(Proposals(keys.TenantId, "ca"))).GetArrayLength());
    }

    [Theory]
    [InlineData("{\"seat\":\"delegue-1\",\"position\":\"veto\"}")]
    [InlineData("{\"seat\":\"delegue-1\",\"position\":1}")]
    [InlineData("{\"seat\":\"delegue-1\"}")]
    [InlineData("{\"position\":\"agree\"}")]
    [InlineData("{\"seat\":\"inconnu\",\"position\":\"agree\"}")]
    [InlineData("{\"seat\":5,\"position\":\"agree\"}")]
    [InlineData("{\"seat\":\"delegue-1\",\"position\":\"agree\",\"weight\":3}")]
    [InlineData("{\"seat\":")]
    public async Task BadPositionsAreRefusedAndNothingIsRecorded(string json)
    {
        var keys = await WithBoardAsync();
        await Expect.Status(await app.WithKey(keys.Staff).PostAsJsonAsync(Proposals(keys.TenantId, "ca"),
            new { id = "p", title = new { fr = "a", en = "b" }, mode = "majority" }), HttpStatusCode.Created);

        await Expect.Problem(await app.WithKey(keys.Staff).PostJsonAsync($"{Proposal(keys.TenantId, "ca", "p")}/positions", json), HttpStatusCode.BadRequest);

        var proposal = await app.WithKey(keys.Viewer).GetJsonAsync(Proposal(keys.TenantId, "ca", "p"));
        Assert.Equal(0, proposal.GetProperty("positions").GetArrayLength());
    }

    [Fact]
    public async Task UnknownBodiesAndProposalsAreNotFound()
    {
        var keys = await WithBoardAsync();
        var staff = app.WithKey(keys.Staff);
        await Expect.Problem(await staff.GetAsync(Body(keys.TenantId, "nulle-part")), HttpStatusCode.NotFound);
        await Expect.Problem(await staff.GetAsync(Proposals(keys.TenantId, "nulle-part")), HttpStatusCode.NotFound);
        await Expect.Problem(await staff.PostAsJsonAsync(Proposals(keys.TenantId, "nulle-part"), new { title = new { fr = "a", en = "b" }, mode = "majority" }), HttpStatusCode.NotFound);
        await Expect.Problem(await staff.GetAsync(Proposal(keys.TenantId, "ca", "aucune")), HttpStatusCode.NotFound);
        await Expect.Problem(await staff.PostAsync($"{Proposal(keys.TenantId, "ca", "aucune")}/close", null), HttpStatusCode.NotFound);
        await Expect.Problem(await staff.PostAsJsonAsync($"{Proposal(keys.TenantId, "ca", "aucune")}/positions", new { seat = "delegue-1", position = "agree" }), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task RolesLimitWhoDefinesBodiesAndWhoDecides()
    {
        var keys = await WithBoardAsync();
        var viewer = app.WithKey(keys.Viewer);
        await Expect.Status(await app.WithKey(keys.Staff).PostAsJsonAsync(Proposals(keys.TenantId, "ca"),
            new { id = "p", title = new { fr = "a", en = "b" }, mode = "majority" }), HttpStatusCode.Created);

        await Expect.Problem(await app.WithKey(keys.Staff).PutAsJsonAsync(Body(keys.TenantId, "ca"), Board(quorum: 1)), HttpStatusCode.Forbidden);
        await Expect.Problem(await viewer.PutAsJsonAsync(Body(keys.TenantId, "ca"), Board(quorum: 1)), HttpStatusCode.Forbidden);
        await Expect.Problem(await viewer.PostAsJsonAsync(Proposals(keys.TenantId, "ca"), new { title = new { fr = "a", en = "b" }, mode = "majority" }), HttpStatusCode.Forbidden);
        await Expect.Problem(await viewer.PostAsJsonAsync($"{Proposal(keys.TenantId, "ca", "p")}/positions", new { seat = "delegue-1", position = "agree" }), HttpStatusCode.Forbidden);
        await Expect.Problem(await viewer.PostAsync($"{Proposal(keys.TenantId, "ca", "p")}/close", null), HttpStatusCode.Forbidden);
        await Expect.Problem(await app.Anonymous().GetAsync(Body(keys.TenantId, "ca")), HttpStatusCode.Unauthorized);

        Assert.Equal(2, (await viewer.GetJsonAsync(Body(keys.TenantId, "ca"))).GetProperty("quorum").GetInt32());
        var proposal = await viewer.GetJsonAsync(Proposal(keys.TenantId, "ca", "p"));
        Assert.Equal("open", proposal.GetProperty("status").GetString());
        Assert.Equal(0, proposal.GetProperty("positions").GetArrayLength());
    }

    [Fact]
    public async Task AnotherTenantsKeySeesNoBodyAndChangesNothing()
    {
        var owner = await WithBoardAsync();
        await Expect.Status(await app.WithKey(owner.Staff).PostAsJsonAsync(Proposals(owner.TenantId, "ca"),
            new { id = "p", title = new { fr = "a", en = "b" }, mode = "majority" }), HttpStatusCode.Created);
        var other = await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId("other"));

        foreach (var key in new[] { other.Admin, other.Staff, other.Viewer })
        {
            var client = app.WithKey(key);
            await Expect.Problem(await client.GetAsync(Body(owner.TenantId, "ca")), HttpStatusCode.NotFound);
            await Expect.Problem(await client.PutAsJsonAsync(Body(owner.TenantId, "ca"), Board(quorum: 1)), HttpStatusCode.NotFound);
            await Expect.Problem(await client.GetAsync(Proposals(owner.TenantId, "ca")), HttpStatusCode.NotFound);
            await Expect.Problem(await client.GetAsync(Proposal(owner.TenantId, "ca", "p")), HttpStatusCode.NotFound);
            await Expect.Problem(await client.PostAsJsonAsync(Proposals(owner.TenantId, "ca"), new { title = new { fr = "a", en = "b" }, mode = "majority" }), HttpStatusCode.NotFound);
            await Expect.Problem(await client.PostAsJsonAsync($"{Proposal(owner.TenantId, "ca", "p")}/positions", new { seat = "delegue-1", position = "block" }), HttpStatusCode.NotFound);
            await Expect.Problem(await client.PostAsync($"{Proposal(owner.TenantId, "ca", "p")}/close", null), HttpStatusCode.NotFound);
        }

        var proposal = await app.WithKey(owner.Viewer).GetJsonAsync(Proposal(owner.TenantId, "ca", "p"));
        Assert.Equal("open", proposal.GetProperty("status").GetString());
        Assert.Equal(0, proposal.GetProperty("positions").GetArrayLength());
        Assert.Equal(2, (await app.WithKey(owner.Viewer).GetJsonAsync(Body(owner.TenantId, "ca"))).GetProperty("quorum").GetInt32());
    }

    [Fact]
    public async Task InvalidIdsInThePathAreRefusedAndNothingIsStored()
    {
        var keys = await WithBoardAsync();
        var admin = app.WithKey(keys.Admin);
        foreach (var id in Raw.InvalidPathIds)
        {
            await Expect.ClientError(await admin.PutAsJsonAsync(Body(keys.TenantId, id), Board()));
            await Expect.ClientError(await admin.PostAsJsonAsync(Proposals(keys.TenantId, id), new { title = new { fr = "a", en = "b" }, mode = "majority" }));
            await Expect.ClientError(await admin.PostAsJsonAsync($"{Proposal(keys.TenantId, "ca", id)}/positions", new { seat = "delegue-1", position = "agree" }));
            await Expect.ClientError(await admin.PostAsync($"{Proposal(keys.TenantId, "ca", id)}/close", null));
            // The client resolves dot segments before sending: "proposals/.." reads the body itself.
            if (id is not (".." or "%2E%2E")) await Expect.ClientError(await admin.GetAsync(Proposal(keys.TenantId, "ca", id)));
        }
        Assert.Equal(0, (await admin.GetJsonAsync(Proposals(keys.TenantId, "ca"))).GetArrayLength());
    }
}
