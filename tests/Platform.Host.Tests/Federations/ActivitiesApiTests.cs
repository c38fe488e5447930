using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Host.Tests.Infrastructure;
using static Platform.Host.Tests.Federations.FederationHttp;

namespace Platform.Host.Tests.Federations;

public sealed class ActivitiesApiTests(PlatformApp app) : IClassFixture<PlatformApp>
{
    [Fact]
    public async Task ActivityWithParticipantsShowsOnTheActivityAndOnTheMember()
    {
        var fed = await app.NewFederationAsync();
        await app.AddMemberAsync(fed, Member("m1"));
        await app.AddMemberAsync(fed, Member("m2"));
        var created = await app.WithKey(fed.Staff).PostAsJsonAsync(Activities(fed.TenantId), new
        {
            kind = "peer-meeting",
            title = new { fr = "Rencontre Courtepointe — Montréal", en = "Courtepointe peer meeting — Montréal" },
            on = "2024-05-14",
            region = "06",
        });
        await Expect.Status(created, HttpStatusCode.Created);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        await app.RecordParticipantsAsync(fed, id, "m1", "m2", "m1");

        var activity = await app.WithKey(fed.Viewer).GetJsonAsync($"{Activities(fed.TenantId)}/{id}");
        Assert.Equal("peer-meeting", activity.GetProperty("kind").GetString());
        Assert.Equal(["m1", "m2"], activity.GetProperty("participants").EnumerateArray().Select(p => p.GetString()));
        var member = await app.WithKey(fed.Viewer).GetJsonAsync($"{Members(fed.TenantId)}/m2");
        Assert.Equal(id, member.GetProperty("participations")[0].GetProperty("activityId").GetString());
        var actions = await app.AuditActionsAsync(fed);
        Assert.Contains("activity.add", actions);
        Assert.Contains("activity.participants", actions);
    }

    [Fact]
    public async Task OneUnknownMemberRefusesTheWholeParticipationAndRecordsNothing()
    {
        var fed = await app.NewFederationAsync();
        await app.AddMemberAsync(fed, Member("m1"));
        await app.AddActivityAsync(fed, "a1", "training", "2024-03-01");

        var response = await app.WithKey(fed.Staff).PostAsJsonAsync($"{Activities(fed.TenantId)}/a1/participants", new { memberIds = new[] { "m1", "ghost" } });

        var problem = await Expect.Problem(response, HttpStatusCode.BadRequest);
        Assert.Contains("ghost", problem.GetProperty("detail").GetString());
        Assert.Equal(0, (await app.WithKey(fed.Viewer).GetJsonAsync($"{Activities(fed.TenantId)}/a1")).GetProperty("participants").GetArrayLength());
        Assert.Equal(0, (await app.WithKey(fed.Viewer).GetJsonAsync($"{Members(fed.TenantId)}/m1")).GetProperty("participations").GetArrayLength());
    }

    [Theory]
    [InlineData("{\"memberIds\":\"m1\"}")]
    [InlineData("{\"memberIds\":[1]}")]
    [InlineData("{\"memberIds\":[null]}")]
    [InlineData("{\"memberIds\":[]}")]
    [InlineData("{\"memberIds\":[\"..\"]}")]
    [InlineData("{\"memberIds\":[\"m1\"],\"extra\":true}")]
    [InlineData("{}")]
    [InlineData("{")]
    public async Task BadParticipantBodiesAreRefused(string body)
    {
        var fed = await app.NewFederationAsync();
        await app.AddMemberAsync(fed, Member("m1"));
        await app.AddActivityAsync(fed, "a1", "training", "2024-03-01");

        await Expect.Problem(await app.WithKey(fed.Staff).PostJsonAsync($"{Activities(fed.TenantId)}/a1/participants", body), HttpStatusCode.BadRequest);
        Assert.Equal(0, (await app.WithKey(fed.Viewer).GetJsonAsync($"{Activities(fed.TenantId)}/a1")).GetProperty("participants").GetArrayLength());
    }

    [Fact]
    public async Task ParticipantsOfAnUnknownActivityIsNotFound()
    {
        var fed = await app.NewFederationAsync();
        await app.AddMemberAsync(fed, Member("m1"));
        await Expect.Problem(await app.WithKey(fed.Staff).PostAsJsonAsync($"{Activities(fed.TenantId)}/ghost/participants", new { memberIds = new[] { "m1" } }), HttpStatusCode.NotFound);
        await Expect.Problem(await app.WithKey(fed.Viewer).GetAsync($"{Activities(fed.TenantId)}/ghost"), HttpStatusCode.NotFound);
    }

    public static TheoryData<string> BadActivityBodies => new()
    {
        "{\"kind\":\"webinar\",\"title\":{\"fr\":\"a\",\"en\":\"b\"},\"on\":\"2024-01-01\"}",
        "{\"kind\":3,\"title\":{\"fr\":\"a\",\"en\":\"b\"},\"on\":\"2024-01-01\"}",
        "{\"kind\":\"training\",\"title\":{\"fr\":\"a\"},\"on\":\"2024-01-01\"}",
        "{\"kind\":\"training\",\"title\":\"plain\",\"on\":\"2024-01-01\"}",
        "{\"kind\":\"training\",\"on\":\"2024-01-01\"}",
        "{\"kind\":\"training\",\"title\":{\"fr\":\"a\",\"en\":\"b\"}}",
        "{\"kind\":\"training\",\"title\":{\"fr\":\"a\",\"en\":\"b\"},\"on\":\"2024-13-01\"}",
        "{\"kind\":\"training\",\"title\":{\"fr\":\"a\",\"en\":\"b\"},\"on\":\"2023-02-29\"}",
        "{\"kind\":\"training\",\"title\":{\"fr\":\"a\",\"en\":\"b\"},\"on\":\"9999-01-01\"}",
        "{\"kind\":\"screening\",\"title\":{\"fr\":\"a\",\"en\":\"b\"},\"on\":\"2024-01-01\",\"audience\":\"many\"}",
        "{\"kind\":\"screening\",\"title\":{\"fr\":\"a\",\"en\":\"b\"},\"on\":\"2024-01-01\",\"audience\":-1}",
        "{\"kind\":\"training\",\"title\":{\"fr\":\"a\",\"en\":\"b\"},\"on\":\"2024-01-01\",\"region\":\"Laval\"}",
        "{\"id\":\"../a\",\"kind\":\"training\",\"title\":{\"fr\":\"a\",\"en\":\"b\"},\"on\":\"2024-01-01\"}",
        "{\"id\":\"" + new string('a', 10_000) + "\",\"kind\":\"training\",\"title\":{\"fr\":\"a\",\"en\":\"b\"},\"on\":\"2024-01-01\"}",
        "{\"kind\":\"pathway\",\"title\":{\"fr\":\"a\",\"en\":\"b\"},\"on\":\"2024-01-01\",\"programmeId\":\"ghost\"}",
        "{\"kind\":\"training\",\"title\":{\"fr\":\"a\",\"en\":\"b\"},\"on\":\"2024-01-01\",\"participants\":[\"m1\"]}",
        "[1,2",
    };

    [Theory]
    [MemberData(nameof(BadActivityBodies))]
    public async Task BadActivityBodyIsRefusedAndNothingIsStored(string body)
    {
        var fed = await app.NewFederationAsync();

        await Expect.Problem(await app.WithKey(fed.Staff).PostJsonAsync(Activities(fed.TenantId), body), HttpStatusCode.BadRequest);

        Assert.Equal(0, (await app.WithKey(fed.Viewer).GetJsonAsync(Activities(fed.TenantId))).GetArrayLength());
    }

    [Fact]
    public async Task ActivitiesListWithinAPeriodAndRefuseImpossibleDates()
    {
        var fed = await app.NewFederationAsync();
        await app.AddActivityAsync(fed, "old", "training", "2023-02-01");
        await app.AddActivityAsync(fed, "new", "conference", "2024-06-01", 300);
        var viewer = app.WithKey(fed.Viewer);

        var listed = await viewer.GetJsonAsync($"{Activities(fed.TenantId)}?from=2024-01-01&to=2024-12-31");
        Assert.Equal(["new"], listed.EnumerateArray().Select(a => a.GetProperty("id").GetString()));
        await Expect.Problem(await viewer.GetAsync($"{Activities(fed.TenantId)}?from=2024-02-30"), HttpStatusCode.BadRequest);
        await Expect.Problem(await viewer.GetAsync($"{Activities(fed.TenantId)}?from=2025-01-01&to=2024-01-01"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task ProgrammesHoldPathwayActivities()
    {
        var fed = await app.NewFederationAsync();
        var programme = $"/api/v1/tenants/{fed.TenantId}/programmes/parcours-coop";
        await Expect.Status(await app.WithKey(fed.Staff).PutAsJsonAsync(programme,
            new { name = new { fr = "Parcours COOP", en = "COOP Pathway" }, kind = "pathway", summary = new { fr = "À distance", en = "Remote" } }), HttpStatusCode.OK);
        await Expect.Problem(await app.WithKey(fed.Staff).PutJsonAsync(programme, "{\"name\":{\"fr\":\"a\",\"en\":\"b\"},\"kind\":\"pyramid\"}"), HttpStatusCode.BadRequest);

        var created = await app.WithKey(fed.Staff).PostAsJsonAsync(Activities(fed.TenantId),
            new { id = "cohorte-1", kind = "pathway", title = new { fr = "Cohorte d'automne", en = "Fall cohort" }, on = "2024-09-10", programmeId = "parcours-coop" });
        await Expect.Status(created, HttpStatusCode.Created);
        var programmes = await app.WithKey(fed.Viewer).GetJsonAsync($"/api/v1/tenants/{fed.TenantId}/programmes");
        Assert.Equal("pathway", programmes[0].GetProperty("kind").GetString());
    }
}
