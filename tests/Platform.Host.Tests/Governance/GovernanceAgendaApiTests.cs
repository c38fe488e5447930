using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Host.Tests.Infrastructure;
using Platform.Host.Tests.Roles;

namespace Platform.Host.Tests.Governance;

/// <summary>Correcting, moving and removing a meeting's agenda items through the real gateway, until the minutes freeze them.</summary>
public sealed class GovernanceAgendaApiTests(PlatformApp app) : IClassFixture<PlatformApp>
{
    private static string Body(string tenantId) => $"/api/v1/tenants/{tenantId}/bodies/ca";

    private string Today => DateOnly.FromDateTime(app.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(-5)).DateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A board, two proposals and a meeting held today with three items (the second taking up <c>budget</c>); returns the meeting's path.</summary>
    private async Task<(TenantKeys Keys, string Meeting)> WithMeetingAsync()
    {
        var keys = await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId("ctroc"));
        await Expect.Status(await app.WithKey(keys.Admin).PutAsJsonAsync(Body(keys.TenantId), new
        {
            kind = "board",
            name = new { fr = "Conseil d'administration", en = "Board of directors" },
            seats = new[] { new { id = "d1", voting = true }, new { id = "d2", voting = true } },
        }), HttpStatusCode.OK);
        foreach (var id in new[] { "budget", "plan" })
            await Expect.Status(await app.WithKey(keys.Staff).PostAsJsonAsync($"{Body(keys.TenantId)}/proposals",
                new { id, title = new { fr = id, en = id }, mode = "majority" }), HttpStatusCode.Created);
        var created = await app.WithKey(keys.Staff).PostAsJsonAsync($"{Body(keys.TenantId)}/meetings", new
        {
            id = "ca-mars",
            on = Today,
            title = new { fr = "Réunion ordinaire", en = "Regular meeting" },
            agenda = new object[]
            {
                new { title = new { fr = "Ouverture", en = "Opening" } },
                new { title = new { fr = "Budjet", en = "Budget" }, proposal = "budget" },
                new { title = new { fr = "Varia", en = "Other business" } },
            },
        });
        await Expect.Status(created, HttpStatusCode.Created);
        return (keys, $"{Body(keys.TenantId)}/meetings/ca-mars");
    }

    private static string[] Titles(JsonElement meeting) =>
        meeting.GetProperty("agenda").EnumerateArray().Select(a => a.GetProperty("title").GetProperty("fr").GetString()!).ToArray();

    private static async Task<JsonElement> OkJsonAsync(HttpResponseMessage response)
    {
        await Expect.Status(response, HttpStatusCode.OK);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task ASecretaryCorrectsMovesAndRemovesItemsAndEachChangeIsAudited()
    {
        var (keys, meeting) = await WithMeetingAsync();
        var staff = app.WithKey(keys.Staff);

        var corrected = await OkJsonAsync(await staff.PatchJsonAsync($"{meeting}/agenda/2", "{\"title\":{\"fr\":\"Budget 2026\",\"en\":\"2026 budget\"}}"));
        Assert.Equal("budget", corrected.GetProperty("agenda")[1].GetProperty("proposal").GetString()); // what is not given stays
        var relinked = await OkJsonAsync(await staff.PatchJsonAsync($"{meeting}/agenda/2", "{\"proposal\":\"plan\"}"));
        Assert.Equal(("Budget 2026", "plan"), (relinked.GetProperty("agenda")[1].GetProperty("title").GetProperty("fr").GetString(), relinked.GetProperty("agenda")[1].GetProperty("proposal").GetString()));
        var unlinked = await OkJsonAsync(await staff.PatchJsonAsync($"{meeting}/agenda/2", "{\"proposal\":null}"));
        Assert.False(unlinked.GetProperty("agenda")[1].TryGetProperty("proposal", out var p) && p.ValueKind != JsonValueKind.Null);

        var moved = await OkJsonAsync(await staff.PostAsJsonAsync($"{meeting}/agenda/3/move", new { to = 1 }));
        Assert.Equal(["Varia", "Ouverture", "Budget 2026"], Titles(moved));
        Assert.Equal([1, 2, 3], moved.GetProperty("agenda").EnumerateArray().Select(a => a.GetProperty("number").GetInt32()));

        var removed = await OkJsonAsync(await staff.DeleteAsync($"{meeting}/agenda/1"));
        Assert.Equal(["Ouverture", "Budget 2026"], Titles(removed));
        Assert.Equal([1, 2], removed.GetProperty("agenda").EnumerateArray().Select(a => a.GetProperty("number").GetInt32()));

        var read = await app.WithKey(keys.Viewer).GetJsonAsync(meeting);
        Assert.Equal(["Ouverture", "Budget 2026"], Titles(read));
        var listed = Assert.Single((await app.WithKey(keys.Viewer).GetJsonAsync($"{Body(keys.TenantId)}/meetings")).EnumerateArray());
        Assert.Equal(2, listed.GetProperty("agendaItems").GetInt32());

        var audit = (await app.WithKey(keys.Admin).GetJsonAsync($"/api/v1/tenants/{keys.TenantId}/audit")).GetProperty("entries").EnumerateArray()
            .Where(e => e.GetProperty("action").GetString()!.StartsWith("meeting.agenda.", StringComparison.Ordinal))
            .Select(e => (e.GetProperty("action").GetString(), e.GetProperty("detail").GetString())).Reverse().ToList();
        Assert.Equal(
            [
                ("meeting.agenda.update", "item 2: title"), ("meeting.agenda.update", "item 2: proposal"), ("meeting.agenda.update", "item 2: proposal"),
                ("meeting.agenda.move", "item 3 moved to 1"), ("meeting.agenda.remove", "item 1: Varia"),
            ],
            audit);
    }

    [Fact]
    public async Task OnceTheMinutesAreWrittenEveryAgendaChangeIsAConflictAndNothingChanges()
    {
        var (keys, meeting) = await WithMeetingAsync();
        var staff = app.WithKey(keys.Staff);
        await Expect.Status(await staff.PutAsJsonAsync($"{meeting}/minutes", new { fr = "Le conseil adopte le budget." }), HttpStatusCode.OK);

        var problem = await Expect.Problem(await staff.PatchJsonAsync($"{meeting}/agenda/1", "{\"title\":{\"fr\":\"Mot de bienvenue\",\"en\":\"Welcome\"}}"), HttpStatusCode.Conflict);
        Assert.Contains("minutes", problem.GetProperty("detail").GetString());
        await Expect.Problem(await staff.PostAsJsonAsync($"{meeting}/agenda/1/move", new { to = 3 }), HttpStatusCode.Conflict);
        await Expect.Problem(await staff.DeleteAsync($"{meeting}/agenda/1"), HttpStatusCode.Conflict);
        await Expect.Problem(await staff.PostAsJsonAsync($"{meeting}/agenda", new { title = new { fr = "Ajout", en = "Addition" } }), HttpStatusCode.Conflict);

        Assert.Equal(["Ouverture", "Budjet", "Varia"], Titles(await app.WithKey(keys.Viewer).GetJsonAsync(meeting)));
        Assert.DoesNotContain((await app.WithKey(keys.Admin).AuditActionsAsync(keys.TenantId)), a => a is "meeting.agenda.update" or "meeting.agenda.move" or "meeting.agenda.remove");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("4")]
    [InlineData("999")]
    public async Task AnItemTheAgendaDoesNotHaveIsNotFound(string number)
    {
        var (keys, meeting) = await WithMeetingAsync();
        var staff = app.WithKey(keys.Staff);

        await Expect.Problem(await staff.PatchJsonAsync($"{meeting}/agenda/{number}", "{\"title\":{\"fr\":\"X\",\"en\":\"X\"}}"), HttpStatusCode.NotFound);
        await Expect.Problem(await staff.PostAsJsonAsync($"{meeting}/agenda/{number}/move", new { to = 1 }), HttpStatusCode.NotFound);
        await Expect.Problem(await staff.DeleteAsync($"{meeting}/agenda/{number}"), HttpStatusCode.NotFound);
        await Expect.Problem(await staff.DeleteAsync($"{Body(keys.TenantId)}/meetings/aucune/agenda/1"), HttpStatusCode.NotFound);
        Assert.Equal(3, Titles(await app.WithKey(keys.Viewer).GetJsonAsync(meeting)).Length);
    }

    public static TheoryData<string, string, string> BadChanges() => new()
    {
        { "PATCH", "2", "{\"title\":null}" },
        { "PATCH", "2", "{\"title\":{\"fr\":\"Budget\"}}" },
        { "PATCH", "2", "{\"title\":{\"fr\":\"Budget\",\"en\":\" \"}}" },
        { "PATCH", "2", "{\"title\":{\"fr\":\"" + new string('x', 501) + "\",\"en\":\"x\"}}" },
        { "PATCH", "2", "{\"proposal\":\"inconnue\"}" },
        { "PATCH", "2", "{\"proposal\":\"../x\"}" },
        { "PATCH", "2", "{\"proposal\":5}" },
        { "PATCH", "2", "{\"number\":1}" },
        { "PATCH", "2", "{\"title\":" },
        { "PATCH", "deux", "{\"proposal\":null}" },
        { "PATCH", "-1", "{\"proposal\":null}" },
        { "PATCH", "99999999999", "{\"proposal\":null}" },
        { "MOVE", "2", "{}" },
        { "MOVE", "2", "{\"to\":0}" },
        { "MOVE", "2", "{\"to\":4}" },
        { "MOVE", "2", "{\"to\":\"1\"}" },
        { "MOVE", "2", "{\"to\":1.5}" },
        { "MOVE", "deux", "{\"to\":1}" },
        { "DELETE", "deux", "" },
        { "DELETE", "1.0", "" },
    };

    [Theory]
    [MemberData(nameof(BadChanges))]
    public async Task BadAgendaChangesAre400AndTheAgendaIsUnchanged(string verb, string number, string json)
    {
        var (keys, meeting) = await WithMeetingAsync();
        var staff = app.WithKey(keys.Staff);

        var response = verb switch
        {
            "PATCH" => await staff.PatchJsonAsync($"{meeting}/agenda/{number}", json),
            "MOVE" => await staff.PostJsonAsync($"{meeting}/agenda/{number}/move", json),
            _ => await staff.DeleteAsync($"{meeting}/agenda/{number}"),
        };

        await Expect.Problem(response, HttpStatusCode.BadRequest);
        var read = await app.WithKey(keys.Viewer).GetJsonAsync(meeting);
        Assert.Equal(["Ouverture", "Budjet", "Varia"], Titles(read));
        Assert.Equal("budget", read.GetProperty("agenda")[1].GetProperty("proposal").GetString());
    }

    [Fact]
    public async Task AViewerChangesNothingAndAnotherTenantLearnsNothing()
    {
        var (keys, meeting) = await WithMeetingAsync();
        var viewer = app.WithKey(keys.Viewer);
        await Expect.Problem(await viewer.PatchJsonAsync($"{meeting}/agenda/1", "{\"proposal\":null}"), HttpStatusCode.Forbidden);
        await Expect.Problem(await viewer.PostAsJsonAsync($"{meeting}/agenda/1/move", new { to = 2 }), HttpStatusCode.Forbidden);
        await Expect.Problem(await viewer.DeleteAsync($"{meeting}/agenda/1"), HttpStatusCode.Forbidden);
        await Expect.Problem(await app.Anonymous().DeleteAsync($"{meeting}/agenda/1"), HttpStatusCode.Unauthorized);

        var other = await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId("other"));
        foreach (var key in new[] { other.Admin, other.Staff })
        {
            var client = app.WithKey(key);
            await Expect.Problem(await client.PatchJsonAsync($"{meeting}/agenda/1", "{\"proposal\":null}"), HttpStatusCode.NotFound);
            await Expect.Problem(await client.PostAsJsonAsync($"{meeting}/agenda/1/move", new { to = 2 }), HttpStatusCode.NotFound);
            await Expect.Problem(await client.DeleteAsync($"{meeting}/agenda/1"), HttpStatusCode.NotFound);
        }
        foreach (var id in Raw.InvalidPathIds)
            await Expect.ClientError(await app.WithKey(keys.Staff).DeleteAsync($"{Body(keys.TenantId)}/meetings/{id}/agenda/1"));

        Assert.Equal(["Ouverture", "Budjet", "Varia"], Titles(await viewer.GetJsonAsync(meeting)));
    }

    [Fact]
    public async Task ProblemsFollowTheCallersLanguage()
    {
        var (keys, meeting) = await WithMeetingAsync();
        var staff = app.WithKey(keys.Staff);
        staff.DefaultRequestHeaders.AcceptLanguage.ParseAdd("fr-CA");

        var problem = await Expect.Problem(await staff.PostAsJsonAsync($"{meeting}/agenda/1/move", new { to = 9 }), HttpStatusCode.BadRequest);
        Assert.Contains("doit être entre 1 et 3", problem.GetProperty("errors").GetProperty("to")[0].GetString());
        var gone = await Expect.Problem(await staff.DeleteAsync($"{meeting}/agenda/7"), HttpStatusCode.NotFound);
        Assert.Equal("Introuvable.", gone.GetProperty("title").GetString());
    }
}
