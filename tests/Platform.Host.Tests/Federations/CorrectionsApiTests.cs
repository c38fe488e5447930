using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Host.Tests.Infrastructure;
using static Platform.Host.Tests.Federations.FederationHttp;

namespace Platform.Host.Tests.Federations;

/// <summary>DOMAIN.md rule 9 through the real gateway: corrections, who may make them, their answers and their audit entries.</summary>
public sealed class CorrectionsApiTests(PlatformApp app) : IClassFixture<PlatformApp>
{
    private DateOnly Today => DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);

    private static string Date(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string KeyId(string key) => key.Split('.')[1];

    private async Task<TenantKeys> FederationWithParticipantsAsync()
    {
        var fed = await app.NewFederationAsync();
        await app.AddMemberAsync(fed, Member("m1"));
        await app.AddMemberAsync(fed, Member("m2"));
        await app.AddActivityAsync(fed, "a1", "training", Date(Today.AddMonths(-1)));
        await app.RecordParticipantsAsync(fed, "a1", "m1", "m2");
        return fed;
    }

    private async Task<JsonElement> AuditEntryAsync(TenantKeys fed, string action)
    {
        var audit = await app.WithKey(fed.Admin).GetJsonAsync($"/api/v1/tenants/{fed.TenantId}/audit");
        return audit.GetProperty("entries").EnumerateArray().Single(e => e.GetProperty("action").GetString() == action);
    }

    [Fact]
    public async Task StaffCorrectsAnActivityAndTheAuditNamesThem()
    {
        var fed = await FederationWithParticipantsAsync();
        var moved = Date(Today.AddMonths(-2));

        var response = await app.WithKey(fed.Staff).PatchAsJsonAsync($"{Activities(fed.TenantId)}/a1",
            new { kind = "conference", title = new { fr = "Colloque", en = "Symposium" }, on = moved });

        await Expect.Status(response, HttpStatusCode.OK);
        var activity = await app.WithKey(fed.Viewer).GetJsonAsync($"{Activities(fed.TenantId)}/a1");
        Assert.Equal("conference", activity.GetProperty("kind").GetString());
        Assert.Equal(moved, activity.GetProperty("on").GetString());
        var member = await app.WithKey(fed.Viewer).GetJsonAsync($"{Members(fed.TenantId)}/m1");
        Assert.Equal(moved, member.GetProperty("participations")[0].GetProperty("on").GetString());
        var entry = await AuditEntryAsync(fed, "activity.update");
        Assert.Equal($"{fed.TenantId}:{KeyId(fed.Staff)}", entry.GetProperty("actor").GetString());
        Assert.Equal("activities/a1", entry.GetProperty("target").GetString());
    }

    [Fact]
    public async Task DeletedActivityAnswers204AndLeavesStatisticsAndTimelines()
    {
        var fed = await FederationWithParticipantsAsync();
        var statistics = $"/api/v1/tenants/{fed.TenantId}/statistics";
        Assert.Equal(2, (await app.WithKey(fed.Viewer).GetJsonAsync(statistics)).GetProperty("participation").GetProperty("participatingMembers").GetInt32());

        await Expect.Status(await app.WithKey(fed.Staff).DeleteAsync($"{Activities(fed.TenantId)}/a1"), HttpStatusCode.NoContent);

        await Expect.Problem(await app.WithKey(fed.Viewer).GetAsync($"{Activities(fed.TenantId)}/a1"), HttpStatusCode.NotFound);
        Assert.Equal(0, (await app.WithKey(fed.Viewer).GetJsonAsync(statistics)).GetProperty("participation").GetProperty("participatingMembers").GetInt32());
        Assert.Equal(0, (await app.WithKey(fed.Viewer).GetJsonAsync($"{Members(fed.TenantId)}/m1")).GetProperty("participations").GetArrayLength());
        Assert.Equal($"{fed.TenantId}:{KeyId(fed.Staff)}", (await AuditEntryAsync(fed, "activity.delete")).GetProperty("actor").GetString());
        await Expect.Problem(await app.WithKey(fed.Staff).DeleteAsync($"{Activities(fed.TenantId)}/a1"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task RemovedParticipantAnswers204()
    {
        var fed = await FederationWithParticipantsAsync();

        await Expect.Status(await app.WithKey(fed.Staff).DeleteAsync($"{Activities(fed.TenantId)}/a1/participants/m2"), HttpStatusCode.NoContent);

        var activity = await app.WithKey(fed.Viewer).GetJsonAsync($"{Activities(fed.TenantId)}/a1");
        Assert.Equal(["m1"], activity.GetProperty("participants").EnumerateArray().Select(p => p.GetString()));
        var entry = await AuditEntryAsync(fed, "activity.participant.remove");
        Assert.Equal($"{fed.TenantId}:{KeyId(fed.Staff)}", entry.GetProperty("actor").GetString());
        Assert.Contains("m2", entry.GetProperty("detail").GetString());
        await Expect.Problem(await app.WithKey(fed.Staff).DeleteAsync($"{Activities(fed.TenantId)}/a1/participants/m2"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ViewerMayNotCorrectAndNothingChanges()
    {
        var fed = await FederationWithParticipantsAsync();
        var viewer = app.WithKey(fed.Viewer);

        await Expect.Problem(await viewer.PatchAsJsonAsync($"{Activities(fed.TenantId)}/a1", new { kind = "advisory" }), HttpStatusCode.Forbidden);
        await Expect.Problem(await viewer.DeleteAsync($"{Activities(fed.TenantId)}/a1"), HttpStatusCode.Forbidden);
        await Expect.Problem(await viewer.DeleteAsync($"{Activities(fed.TenantId)}/a1/participants/m1"), HttpStatusCode.Forbidden);
        await Expect.Problem(await viewer.PostAsJsonAsync($"{Members(fed.TenantId)}/m1/reinstate", new { on = Date(Today) }), HttpStatusCode.Forbidden);
        await Expect.Problem(await viewer.DeleteAsync($"{Members(fed.TenantId)}/m1"), HttpStatusCode.Forbidden);

        var activity = await viewer.GetJsonAsync($"{Activities(fed.TenantId)}/a1");
        Assert.Equal("training", activity.GetProperty("kind").GetString());
        Assert.Equal(2, activity.GetProperty("participants").GetArrayLength());
        Assert.Equal(["m1", "m2"], await app.MemberIdsAsync(fed));
    }

    [Fact]
    public async Task OnlyAnAdminDeletesAMemberWithItsParticipations()
    {
        var fed = await FederationWithParticipantsAsync();

        await Expect.Problem(await app.WithKey(fed.Staff).DeleteAsync($"{Members(fed.TenantId)}/m2"), HttpStatusCode.Forbidden);
        Assert.Equal(["m1", "m2"], await app.MemberIdsAsync(fed));

        await Expect.Status(await app.WithKey(fed.Admin).DeleteAsync($"{Members(fed.TenantId)}/m2"), HttpStatusCode.NoContent);

        Assert.Equal(["m1"], await app.MemberIdsAsync(fed));
        await Expect.Problem(await app.WithKey(fed.Viewer).GetAsync($"{Members(fed.TenantId)}/m2"), HttpStatusCode.NotFound);
        var activity = await app.WithKey(fed.Viewer).GetJsonAsync($"{Activities(fed.TenantId)}/a1");
        Assert.Equal(["m1"], activity.GetProperty("participants").EnumerateArray().Select(p => p.GetString()));
        var participation = (await app.WithKey(fed.Viewer).GetJsonAsync($"/api/v1/tenants/{fed.TenantId}/statistics")).GetProperty("participation");
        Assert.Equal(1, participation.GetProperty("activeMembers").GetInt32());
        var entry = await AuditEntryAsync(fed, "member.delete");
        Assert.Equal($"{fed.TenantId}:{KeyId(fed.Admin)}", entry.GetProperty("actor").GetString());
        Assert.Contains("1 participation", entry.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task ReinstatedMemberIsActiveAndItsHistoryIsOnItsAnswer()
    {
        var fed = await app.NewFederationAsync();
        await app.AddMemberAsync(fed, Member("m1"));
        var left = Date(Today.AddMonths(-6));
        var back = Date(Today.AddMonths(-1));
        await Expect.Status(await app.WithKey(fed.Staff).PostAsJsonAsync($"{Members(fed.TenantId)}/m1/withdraw", new { on = left }), HttpStatusCode.OK);

        var response = await app.WithKey(fed.Staff).PostAsJsonAsync($"{Members(fed.TenantId)}/m1/reinstate", new { on = back });

        await Expect.Status(response, HttpStatusCode.OK);
        var member = await app.WithKey(fed.Viewer).GetJsonAsync($"{Members(fed.TenantId)}/m1");
        Assert.Equal("active", member.GetProperty("status").GetString());
        var history = member.GetProperty("statusHistory").EnumerateArray().Select(c => (c.GetProperty("event").GetString(), c.GetProperty("on").GetString())).ToList();
        Assert.Equal([("joined", "2020-01-01"), ("withdrawn", left), ("reinstated", back)], history);
        var entry = await AuditEntryAsync(fed, "member.reinstate");
        Assert.Equal($"{fed.TenantId}:{KeyId(fed.Staff)}", entry.GetProperty("actor").GetString());
        Assert.Contains(back, entry.GetProperty("detail").GetString());

        var again = await app.WithKey(fed.Staff).PostAsJsonAsync($"{Members(fed.TenantId)}/m1/reinstate", new { on = back });
        await Expect.Problem(again, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task ParticipantNotActiveOnTheDayIs409NamingItInTheCallersLanguage()
    {
        var fed = await app.NewFederationAsync();
        await app.AddMemberAsync(fed, Member("m1"));
        await app.AddMemberAsync(fed, Member("newcomer", joinedOn: Date(Today.AddDays(-3))));
        await app.AddActivityAsync(fed, "a1", "training", Date(Today.AddMonths(-1)));
        var request = new HttpRequestMessage(HttpMethod.Post, $"{Activities(fed.TenantId)}/a1/participants")
        {
            Content = JsonContent.Create(new { memberIds = new[] { "m1", "newcomer" } }),
        };
        request.Headers.AcceptLanguage.ParseAdd("fr-CA");

        var problem = await Expect.Problem(await app.WithKey(fed.Staff).SendAsync(request), HttpStatusCode.Conflict);

        Assert.Equal(["newcomer"], problem.GetProperty("memberIds").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal("not-active-on-date", problem.GetProperty("reason").GetString());
        Assert.Contains("newcomer", problem.GetProperty("detail").GetString());
        Assert.Contains("Rien n'a été enregistré", problem.GetProperty("detail").GetString());
        Assert.Equal(0, (await app.WithKey(fed.Viewer).GetJsonAsync($"{Activities(fed.TenantId)}/a1")).GetProperty("participants").GetArrayLength());
        Assert.DoesNotContain("activity.participants", await app.AuditActionsAsync(fed));
    }

    [Fact]
    public async Task ParticipationInAFutureActivityIs409AndMovingAnActivityThereToo()
    {
        var fed = await FederationWithParticipantsAsync();
        await app.AddActivityAsync(fed, "later", "networking", Date(Today.AddDays(10)));

        var problem = await Expect.Problem(
            await app.WithKey(fed.Staff).PostAsJsonAsync($"{Activities(fed.TenantId)}/later/participants", new { memberIds = new[] { "m1" } }), HttpStatusCode.Conflict);
        Assert.Equal("activity-in-future", problem.GetProperty("reason").GetString());
        Assert.Equal(["m1"], problem.GetProperty("memberIds").EnumerateArray().Select(m => m.GetString()));

        var moved = await Expect.Problem(
            await app.WithKey(fed.Staff).PatchAsJsonAsync($"{Activities(fed.TenantId)}/a1", new { on = Date(Today.AddDays(10)) }), HttpStatusCode.Conflict);
        Assert.Equal(["m1", "m2"], moved.GetProperty("memberIds").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(Date(Today.AddMonths(-1)), (await app.WithKey(fed.Viewer).GetJsonAsync($"{Activities(fed.TenantId)}/a1")).GetProperty("on").GetString());
    }

    [Theory]
    [InlineData("{\"kind\":\"webinar\"}")]
    [InlineData("{\"kind\":null}")]
    [InlineData("{\"title\":{\"fr\":\"a\"}}")]
    [InlineData("{\"on\":\"2025-02-30\"}")]
    [InlineData("{\"audience\":-1}")]
    [InlineData("{\"extra\":true}")]
    [InlineData("{")]
    public async Task BadActivityCorrectionIs400AndChangesNothing(string body)
    {
        var fed = await FederationWithParticipantsAsync();

        await Expect.Problem(await app.WithKey(fed.Staff).PatchJsonAsync($"{Activities(fed.TenantId)}/a1", body), HttpStatusCode.BadRequest);

        Assert.Equal("training", (await app.WithKey(fed.Viewer).GetJsonAsync($"{Activities(fed.TenantId)}/a1")).GetProperty("kind").GetString());
    }

    [Fact]
    public async Task AnotherTenantsCorrectionsAnswer404()
    {
        var victim = await FederationWithParticipantsAsync();
        var attacker = await app.NewFederationAsync("attacker");
        var admin = app.WithKey(attacker.Admin);

        await Expect.Problem(await admin.PatchAsJsonAsync($"{Activities(victim.TenantId)}/a1", new { kind = "advisory" }), HttpStatusCode.NotFound);
        await Expect.Problem(await admin.DeleteAsync($"{Activities(victim.TenantId)}/a1"), HttpStatusCode.NotFound);
        await Expect.Problem(await admin.DeleteAsync($"{Activities(victim.TenantId)}/a1/participants/m1"), HttpStatusCode.NotFound);
        await Expect.Problem(await admin.DeleteAsync($"{Members(victim.TenantId)}/m1"), HttpStatusCode.NotFound);
        await Expect.Problem(await admin.PostAsJsonAsync($"{Members(victim.TenantId)}/m1/reinstate", new { on = Date(Today) }), HttpStatusCode.NotFound);
        Assert.Equal(["m1", "m2"], await app.MemberIdsAsync(victim));
        Assert.Equal(2, (await app.WithKey(victim.Viewer).GetJsonAsync($"{Activities(victim.TenantId)}/a1")).GetProperty("participants").GetArrayLength());
    }
}
