using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Platform.Abstractions;
using Platform.Host.Tests.Infrastructure;
using Platform.Host.Tests.Roles;

namespace Platform.Host.Tests.Governance;

/// <summary>The list of bodies, seat holders, the register of decisions and meetings, through the real gateway.</summary>
public sealed class GovernanceMeetingsApiTests(PlatformApp app) : IClassFixture<PlatformApp>
{
    private static string Bodies(string tenantId) => $"/api/v1/tenants/{tenantId}/bodies";

    private static string Body(string tenantId, string bodyId = "ca") => $"{Bodies(tenantId)}/{bodyId}";

    private static string Meetings(string tenantId) => $"{Body(tenantId)}/meetings";

    /// <summary>Three voting delegations (quorum 2) and one staff seat without a vote.</summary>
    private static object Board() => new
    {
        kind = "board",
        name = new { fr = "Conseil d'administration", en = "Board of directors" },
        seats = new object[]
        {
            new { id = "d1", holder = "Délégation 1", voting = true },
            new { id = "d2", holder = "Délégation 2", voting = true },
            new { id = "d3", holder = "Délégation 3", voting = true },
            new { id = "coordination", holder = "Coordination", voting = false },
        },
    };

    private string Today => DateOnly.FromDateTime(app.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(-5)).DateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private string Tomorrow => DateOnly.ParseExact(Today, "yyyy-MM-dd", CultureInfo.InvariantCulture).AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task<TenantKeys> WithBoardAsync()
    {
        var keys = await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId("ctroc"));
        await Expect.Status(await app.WithKey(keys.Admin).PutAsJsonAsync(Body(keys.TenantId), Board()), HttpStatusCode.OK);
        return keys;
    }

    private async Task<string> CreateMeetingAsync(TenantKeys keys, string on, string? id = null)
    {
        var created = await app.WithKey(keys.Staff).PostAsJsonAsync(Meetings(keys.TenantId), new
        {
            id,
            on,
            title = new { fr = "Réunion ordinaire", en = "Regular meeting" },
            location = "Sherbrooke",
            agenda = new[] { new { title = new { fr = "Ouverture", en = "Opening" } } },
        });
        await Expect.Status(created, HttpStatusCode.Created);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    /// <summary>A person of the tenant, through the tenant's own invitation flow (the grain the invitation page uses).</summary>
    private async Task<string> JoinAsync(string tenantId, string name)
    {
        var people = app.Services.GetRequiredService<IGrainFactory>().GetGrain<ITenantPeopleGrain>(tenantId);
        var issued = await people.InviteAsync($"{Guid.NewGuid():N}@example.org", name, TenantRole.Viewer, null);
        Assert.True(PeopleKeys.TryParseInvitationToken(issued.Token, out _, out var invitationId, out var secret));
        var personId = "p" + Guid.NewGuid().ToString("N")[..12];
        await people.AcceptInvitationAsync(invitationId, secret, personId, name, $"{personId}@example.org");
        return personId;
    }

    /// <summary>The API leaves out what is not there (null members are not written).</summary>
    private static bool Absent(JsonElement element, string property) =>
        !element.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null;

    [Fact]
    public async Task TheTenantListsItsBodiesToAViewerAndAnotherTenantSeesNone()
    {
        var keys = await WithBoardAsync();
        await Expect.Status(await app.WithKey(keys.Admin).PutAsJsonAsync(Body(keys.TenantId, "comite"), new
        {
            kind = "committee",
            name = new { fr = "Comité des finances", en = "Finance committee" },
            seats = new[] { new { id = "a", voting = true } },
        }), HttpStatusCode.OK);

        var listed = await app.WithKey(keys.Viewer).GetJsonAsync(Bodies(keys.TenantId));

        Assert.Equal(["ca", "comite"], listed.EnumerateArray().Select(b => b.GetProperty("id").GetString()));
        var board = listed[0];
        Assert.Equal("board", board.GetProperty("kind").GetString());
        Assert.Equal(3, board.GetProperty("votingSeats").GetInt32());
        Assert.Equal(1, board.GetProperty("nonVotingSeats").GetInt32());
        Assert.Equal(2, board.GetProperty("quorum").GetInt32());

        var other = await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId("other"));
        await Expect.Problem(await app.WithKey(other.Admin).GetAsync(Bodies(keys.TenantId)), HttpStatusCode.NotFound);
        Assert.Equal(0, (await app.WithKey(other.Viewer).GetJsonAsync(Bodies(other.TenantId))).GetArrayLength());
        await Expect.Problem(await app.Anonymous().GetAsync(Bodies(keys.TenantId)), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AnAdminGivesASeatToAPersonOfTheTenantAndStaffRecordOnThatPersonsBehalf()
    {
        var keys = await WithBoardAsync();
        var nadia = await JoinAsync(keys.TenantId, "Nadia Lévesque");
        var admin = app.WithKey(keys.Admin);

        await Expect.Problem(await app.WithKey(keys.Staff).PutAsJsonAsync($"{Body(keys.TenantId)}/seats/d1", new { person = nadia }), HttpStatusCode.Forbidden);
        var assigned = await admin.PutAsJsonAsync($"{Body(keys.TenantId)}/seats/d1", new { person = nadia });
        await Expect.Status(assigned, HttpStatusCode.OK);
        Assert.Equal(nadia, (await assigned.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("seats")[0].GetProperty("person").GetString());

        await Expect.Status(await admin.PostAsJsonAsync($"{Body(keys.TenantId)}/proposals", new { id = "p", title = new { fr = "a", en = "b" }, mode = "majority" }), HttpStatusCode.Created);
        var stated = await app.WithKey(keys.Staff).PostAsJsonAsync($"{Body(keys.TenantId)}/proposals/p/positions", new { seat = "d1", position = "agree" });
        await Expect.Status(stated, HttpStatusCode.OK);
        var position = (await stated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("positions")[0];
        Assert.Equal("Nadia Lévesque", position.GetProperty("onBehalfOf").GetString());
        Assert.StartsWith($"{keys.TenantId}:", position.GetProperty("statedBy").GetString());
        // A viewer key holds no seat: it states nothing.
        await Expect.Problem(await app.WithKey(keys.Viewer).PostAsJsonAsync($"{Body(keys.TenantId)}/proposals/p/positions", new { seat = "d2", position = "block" }), HttpStatusCode.Forbidden);

        var actions = await admin.AuditActionsAsync(keys.TenantId);
        Assert.Equal(1, actions.Count(a => a == "seat.assign"));
        Assert.Equal(1, actions.Count(a => a == "position.state"));
    }

    [Theory]
    [InlineData("{\"person\":\"p-not-here\"}", HttpStatusCode.BadRequest)]
    [InlineData("{\"person\":\"../x\"}", HttpStatusCode.BadRequest)]
    [InlineData("{\"person\":5}", HttpStatusCode.BadRequest)]
    [InlineData("{\"person\":null,\"voting\":true}", HttpStatusCode.BadRequest)]
    [InlineData("{\"person\":", HttpStatusCode.BadRequest)]
    public async Task BadSeatAssignmentsAreRefusedAndTheSeatIsUnchanged(string json, HttpStatusCode status)
    {
        var keys = await WithBoardAsync();
        var nadia = await JoinAsync(keys.TenantId, "Nadia Lévesque");
        await Expect.Status(await app.WithKey(keys.Admin).PutAsJsonAsync($"{Body(keys.TenantId)}/seats/d1", new { person = nadia }), HttpStatusCode.OK);

        await Expect.Problem(await app.WithKey(keys.Admin).PutJsonAsync($"{Body(keys.TenantId)}/seats/d1", json), status);
        await Expect.Problem(await app.WithKey(keys.Admin).PutAsJsonAsync($"{Body(keys.TenantId)}/seats/inconnu", new { person = nadia }), HttpStatusCode.BadRequest);

        var body = await app.WithKey(keys.Viewer).GetJsonAsync(Body(keys.TenantId));
        Assert.Equal(nadia, body.GetProperty("seats")[0].GetProperty("person").GetString());
        Assert.True(Absent(body.GetProperty("seats")[1], "person"));
    }

    [Fact]
    public async Task TheRegisterListsClosedProposalsWithTheirOutcomes()
    {
        var keys = await WithBoardAsync();
        var staff = app.WithKey(keys.Staff);
        foreach (var id in new[] { "adopted", "pending" })
            await Expect.Status(await staff.PostAsJsonAsync($"{Body(keys.TenantId)}/proposals", new { id, title = new { fr = id, en = id }, mode = "consensus" }), HttpStatusCode.Created);
        foreach (var seat in new[] { "d1", "d2" })
            await Expect.Status(await staff.PostAsJsonAsync($"{Body(keys.TenantId)}/proposals/adopted/positions", new { seat, position = "agree" }), HttpStatusCode.OK);
        await Expect.Status(await staff.PostAsJsonAsync($"{Body(keys.TenantId)}/proposals/adopted/positions", new { seat = "coordination", position = "block" }), HttpStatusCode.OK);
        await Expect.Status(await staff.PostAsync($"{Body(keys.TenantId)}/proposals/adopted/close", null), HttpStatusCode.OK);

        var register = await app.WithKey(keys.Viewer).GetJsonAsync($"{Body(keys.TenantId)}/decisions");

        var decision = Assert.Single(register.EnumerateArray());
        Assert.Equal("adopted", decision.GetProperty("id").GetString());
        Assert.Equal("passed", decision.GetProperty("outcome").GetProperty("outcome").GetString());
        Assert.Equal(1, decision.GetProperty("outcome").GetProperty("uncounted").GetProperty("block").GetInt32());
        await Expect.Problem(await staff.GetAsync($"{Body(keys.TenantId, "nulle-part")}/decisions"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AMeetingIsCalledItsRollTakenAndItsMinutesWrittenEachAudited()
    {
        var keys = await WithBoardAsync();
        var staff = app.WithKey(keys.Staff);
        var id = await CreateMeetingAsync(keys, Today, "ca-mars");
        var meeting = $"{Meetings(keys.TenantId)}/{id}";

        await Expect.Status(await staff.PostAsJsonAsync($"{meeting}/agenda", new { title = new { fr = "Budget", en = "Budget" } }), HttpStatusCode.OK);
        var roll = await staff.PutAsJsonAsync($"{meeting}/attendance", new { present = new[] { "d1", "coordination" } });
        await Expect.Status(roll, HttpStatusCode.OK);
        var attendance = (await roll.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("attendance");
        Assert.Equal(1, attendance.GetProperty("votingPresent").GetInt32());
        Assert.False(attendance.GetProperty("quorumMet").GetBoolean()); // the staff seat is on the roll, not in the quorum
        await Expect.Status(await staff.PutAsJsonAsync($"{meeting}/attendance", new { present = new[] { "d1", "d3", "coordination" } }), HttpStatusCode.OK);
        await Expect.Status(await staff.PutAsJsonAsync($"{meeting}/minutes", new { fr = "Le conseil adopte le budget.", en = "The board adopts the budget." }), HttpStatusCode.OK);

        var read = await app.WithKey(keys.Viewer).GetJsonAsync(meeting);
        Assert.Equal(Today, read.GetProperty("on").GetString());
        Assert.Equal("Sherbrooke", read.GetProperty("location").GetString());
        Assert.Equal([1, 2], read.GetProperty("agenda").EnumerateArray().Select(a => a.GetProperty("number").GetInt32()));
        Assert.True(read.GetProperty("attendance").GetProperty("quorumMet").GetBoolean());
        Assert.Equal("The board adopts the budget.", read.GetProperty("minutes").GetProperty("en").GetString());

        var listed = Assert.Single((await app.WithKey(keys.Viewer).GetJsonAsync(Meetings(keys.TenantId))).EnumerateArray());
        Assert.Equal((id, 2, true, true), (listed.GetProperty("id").GetString(), listed.GetProperty("agendaItems").GetInt32(),
            listed.GetProperty("quorumMet").GetBoolean(), listed.GetProperty("hasMinutes").GetBoolean()));

        var actions = await app.WithKey(keys.Admin).AuditActionsAsync(keys.TenantId);
        Assert.Equal(1, actions.Count(a => a == "meeting.create"));
        Assert.Equal(1, actions.Count(a => a == "meeting.agenda.add"));
        Assert.Equal(2, actions.Count(a => a == "meeting.attendance"));
        Assert.Equal(1, actions.Count(a => a == "meeting.minutes"));
    }

    [Fact]
    public async Task AMeetingStillToComeRefusesItsRollAndMinutesWithAConflict()
    {
        var keys = await WithBoardAsync();
        var id = await CreateMeetingAsync(keys, Tomorrow);
        var meeting = $"{Meetings(keys.TenantId)}/{id}";

        await Expect.Problem(await app.WithKey(keys.Staff).PutAsJsonAsync($"{meeting}/attendance", new { present = new[] { "d1", "d2" } }), HttpStatusCode.Conflict);
        await Expect.Problem(await app.WithKey(keys.Staff).PutAsJsonAsync($"{meeting}/minutes", new { fr = "x" }), HttpStatusCode.Conflict);

        var read = await app.WithKey(keys.Viewer).GetJsonAsync(meeting);
        Assert.True(Absent(read, "attendance"));
        Assert.True(Absent(read, "minutes"));
    }

    public static TheoryData<string> BadMeetings() => new()
    {
        "{\"title\":{\"fr\":\"a\",\"en\":\"b\"}}",
        "{\"on\":\"2026-02-30\",\"title\":{\"fr\":\"a\",\"en\":\"b\"}}",
        "{\"on\":\"1850-01-01\",\"title\":{\"fr\":\"a\",\"en\":\"b\"}}",
        "{\"on\":\"2026-03-01\"}",
        "{\"on\":\"2026-03-01\",\"title\":{\"fr\":\"a\"}}",
        "{\"on\":\"2026-03-01\",\"title\":{\"fr\":\"a\",\"en\":\"b\"},\"id\":\"../x\"}",
        "{\"on\":\"2026-03-01\",\"title\":{\"fr\":\"a\",\"en\":\"b\"},\"agenda\":[{\"title\":{\"fr\":\"a\",\"en\":\"b\"},\"proposal\":\"inconnue\"}]}",
        "{\"on\":\"2026-03-01\",\"title\":{\"fr\":\"a\",\"en\":\"b\"},\"agenda\":[null]}",
        "{\"on\":\"2026-03-01\",\"title\":{\"fr\":\"a\",\"en\":\"b\"},\"location\":\"" + new string('x', 10_000) + "\"}",
        "{\"on\":\"2026-03-01\",\"title\":{\"fr\":\"a\",\"en\":\"b\"},\"attendance\":{}}",
        "{\"on\":20260301,\"title\":{\"fr\":\"a\",\"en\":\"b\"}}",
        "{\"on\":",
    };

    [Theory]
    [MemberData(nameof(BadMeetings))]
    public async Task BadMeetingsAreRefusedAndNothingIsListed(string json)
    {
        var keys = await WithBoardAsync();
        await Expect.Problem(await app.WithKey(keys.Staff).PostJsonAsync(Meetings(keys.TenantId), json), HttpStatusCode.BadRequest);
        Assert.Equal(0, (await app.WithKey(keys.Viewer).GetJsonAsync(Meetings(keys.TenantId))).GetArrayLength());
    }

    [Theory]
    [InlineData("{\"present\":[\"inconnu\"]}")]
    [InlineData("{\"present\":[\"d1\",\"d1\"]}")]
    [InlineData("{\"present\":\"d1\"}")]
    [InlineData("{}")]
    [InlineData("{\"present\":[\"d1\"],\"quorumMet\":true}")]
    public async Task BadRollsAreRefusedAndNoRollIsStored(string json)
    {
        var keys = await WithBoardAsync();
        var meeting = $"{Meetings(keys.TenantId)}/{await CreateMeetingAsync(keys, Today)}";
        await Expect.Problem(await app.WithKey(keys.Staff).PutJsonAsync($"{meeting}/attendance", json), HttpStatusCode.BadRequest);
        Assert.True(Absent((await app.WithKey(keys.Viewer).GetJsonAsync(meeting)), "attendance"));
    }

    [Fact]
    public async Task RolesAndTenantsLimitWhoReadsAndWritesMeetings()
    {
        var keys = await WithBoardAsync();
        var id = await CreateMeetingAsync(keys, Today);
        var meeting = $"{Meetings(keys.TenantId)}/{id}";
        var viewer = app.WithKey(keys.Viewer);

        await Expect.Problem(await viewer.PostAsJsonAsync(Meetings(keys.TenantId), new { on = Today, title = new { fr = "a", en = "b" } }), HttpStatusCode.Forbidden);
        await Expect.Problem(await viewer.PutAsJsonAsync($"{meeting}/attendance", new { present = new[] { "d1" } }), HttpStatusCode.Forbidden);
        await Expect.Problem(await viewer.PutAsJsonAsync($"{meeting}/minutes", new { fr = "x" }), HttpStatusCode.Forbidden);
        await Expect.Problem(await viewer.PostAsJsonAsync($"{meeting}/agenda", new { title = new { fr = "a", en = "b" } }), HttpStatusCode.Forbidden);

        var other = await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId("other"));
        foreach (var key in new[] { other.Admin, other.Staff, other.Viewer })
        {
            var client = app.WithKey(key);
            await Expect.Problem(await client.GetAsync(meeting), HttpStatusCode.NotFound);
            await Expect.Problem(await client.GetAsync(Meetings(keys.TenantId)), HttpStatusCode.NotFound);
            await Expect.Problem(await client.PutAsJsonAsync($"{meeting}/minutes", new { fr = "x" }), HttpStatusCode.NotFound);
            await Expect.Problem(await client.PutAsJsonAsync($"{meeting}/attendance", new { present = new[] { "d1" } }), HttpStatusCode.NotFound);
        }

        var read = await viewer.GetJsonAsync(meeting);
        Assert.True(Absent(read, "minutes"));
        Assert.True(Absent(read, "attendance"));
        await Expect.Problem(await viewer.GetAsync($"{Meetings(keys.TenantId)}/aucune"), HttpStatusCode.NotFound);
        await Expect.Problem(await app.WithKey(keys.Staff).PostAsJsonAsync($"{Body(keys.TenantId, "nulle-part")}/meetings", new { on = Today, title = new { fr = "a", en = "b" } }), HttpStatusCode.NotFound);
        await Expect.Problem(await app.WithKey(keys.Staff).PostAsJsonAsync(Meetings(keys.TenantId), new { id, on = Today, title = new { fr = "a", en = "b" } }), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task InvalidIdsInMeetingPathsAreRefused()
    {
        var keys = await WithBoardAsync();
        var staff = app.WithKey(keys.Staff);
        foreach (var id in Raw.InvalidPathIds)
        {
            await Expect.ClientError(await staff.PutAsJsonAsync($"{Meetings(keys.TenantId)}/{id}/minutes", new { fr = "x" }));
            await Expect.ClientError(await staff.PutAsJsonAsync($"{Meetings(keys.TenantId)}/{id}/attendance", new { present = new[] { "d1" } }));
            await Expect.ClientError(await app.WithKey(keys.Admin).PutAsJsonAsync($"{Body(keys.TenantId)}/seats/{id}", new { person = (string?)null }));
        }
        Assert.Equal(0, (await staff.GetJsonAsync(Meetings(keys.TenantId))).GetArrayLength());
    }
}
