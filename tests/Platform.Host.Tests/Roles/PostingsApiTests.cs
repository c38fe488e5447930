using System.Net;
using System.Text.Json;
using Platform.Host.Tests.Infrastructure;
using static Platform.Host.Tests.Roles.RoleApi;

namespace Platform.Host.Tests.Roles;

public sealed class PostingsApiTests(PlatformApp app) : IClassFixture<PlatformApp>
{
    // The board is shared by every tenant of the app: each test looks at its own tenants only.
    private async Task<List<JsonElement>> BoardAsync(string query, params string[] tenantIds)
    {
        var board = await app.Anonymous().GetJsonAsync($"/api/v1/postings{query}");
        return board.EnumerateArray().Where(p => tenantIds.Contains(p.GetProperty("tenantId").GetString())).ToList();
    }

    [Fact]
    public async Task AnyoneReadsTheOpenPostingsOfEveryTenantBilingualWithoutAKey()
    {
        var ctroc = await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId("ctroc"));
        var exeko = await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId("exeko"));
        await app.WithKey(ctroc.Admin).PutAsync(ctroc.TenantId, "coordination", Coordination());
        await app.WithKey(exeko.Admin).PutAsync(exeko.TenantId, "pratiques", new
        {
            title = new { fr = "Responsable des pratiques", en = "Practice lead" },
            conditions = new { hoursPerWeek = 32, hoursPerWeekRange = new { min = 30, max = 34 }, salary = new { min = 45000, max = 60000, per = "year" } },
            posting = new { status = "open", applyBy = "2026-04-30" },
        });
        await app.WithKey(exeko.Admin).PutAsync(exeko.TenantId, "brouillon", new
        {
            title = new { fr = "Brouillon", en = "Draft" },
            posting = new { status = "draft" },
        });

        var postings = await BoardAsync("", ctroc.TenantId, exeko.TenantId);

        Assert.Equal([ctroc.TenantId, exeko.TenantId], postings.Select(p => p.GetProperty("tenantId").GetString()));
        var coordination = postings[0];
        Assert.Equal("Coordination – représentation", coordination.GetProperty("title").GetProperty("fr").GetString());
        Assert.Equal("Coordinator – representation", coordination.GetProperty("title").GetProperty("en").GetString());
        Assert.Equal($"Tenant {ctroc.TenantId}", coordination.GetProperty("organization").GetProperty("en").GetString());
        Assert.Equal("2026-04-01", coordination.GetProperty("applyBy").GetString());
        Assert.Equal(30.67m, coordination.GetProperty("hourlyMin").GetDecimal());
        var practice = postings[1];
        Assert.Equal(27.04m, practice.GetProperty("hourlyMin").GetDecimal());
        Assert.Equal(36.06m, practice.GetProperty("hourlyMax").GetDecimal());
        Assert.Equal(34, practice.GetProperty("hoursPerWeekRange").GetProperty("max").GetInt32());
    }

    [Fact]
    public async Task BoardFiltersByRegionAndByMinimumHourlyEquivalentPay()
    {
        var a = await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId("a"));
        var b = await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId("b"));
        await app.WithKey(a.Admin).PutAsync(a.TenantId, "estrie", new
        {
            title = new { fr = "Agent·e", en = "Officer" },
            conditions = new { hoursPerWeek = 35, salary = new { min = 25, max = 30, per = "hour" } },
            posting = new { status = "open", region = "Estrie" },
        });
        await app.WithKey(b.Admin).PutAsync(b.TenantId, "montreal", new
        {
            title = new { fr = "Direction", en = "Director" },
            conditions = new { hoursPerWeek = 35, salary = new { min = 63700, max = 72800, per = "year" } }, // 35–40 $/h
            posting = new { status = "open", region = "Montréal" },
        });

        Assert.Equal(["estrie"], (await BoardAsync("?region=estrie", a.TenantId, b.TenantId)).Select(p => p.GetProperty("roleId").GetString()));
        Assert.Equal(["montreal"], (await BoardAsync("?region=Montr%C3%A9al", a.TenantId, b.TenantId)).Select(p => p.GetProperty("roleId").GetString()));
        Assert.Equal(["montreal"], (await BoardAsync("?minHourlyPay=31", a.TenantId, b.TenantId)).Select(p => p.GetProperty("roleId").GetString()));
        Assert.Equal(2, (await BoardAsync("?minHourlyPay=30", a.TenantId, b.TenantId)).Count);
        Assert.Empty(await BoardAsync("?minHourlyPay=40.01", a.TenantId, b.TenantId));
        Assert.Empty(await BoardAsync("?region=Estrie&minHourlyPay=31", a.TenantId, b.TenantId));
    }

    [Theory]
    [InlineData("?minHourlyPay=abc")]
    [InlineData("?minHourlyPay=-1")]
    [InlineData("?minHourlyPay=1e400")]
    public async Task BadFiltersAreRefused(string query) =>
        await Expect.ClientError(await app.Anonymous().GetAsync($"/api/v1/postings{query}"));

    [Fact]
    public async Task RegionOfTenThousandCharactersIsRefused() =>
        await Expect.Problem(await app.Anonymous().GetAsync($"/api/v1/postings?region={new string('x', 10_000)}"), HttpStatusCode.BadRequest);

    [Fact]
    public async Task ClosingAPostingTakesItOffTheBoard()
    {
        var keys = await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId());
        await app.WithKey(keys.Admin).PutAsync(keys.TenantId, "coordination", Coordination());
        Assert.Single(await BoardAsync("", keys.TenantId));

        await app.WithKey(keys.Admin).PutAsync(keys.TenantId, "coordination", Coordination(status: "closed"));

        Assert.Empty(await BoardAsync("", keys.TenantId));
    }

    [Fact]
    public async Task APostingCarriesItsDescriptionRequirementsAndHowToApply()
    {
        var keys = await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId());
        await app.WithKey(keys.Admin).PutAsync(keys.TenantId, "animation", new
        {
            title = new { fr = "Animation", en = "Facilitator" },
            conditions = new { hoursPerWeek = 21, salary = new { min = 24, max = 28, per = "hour" } },
            posting = new
            {
                status = "open",
                description = new { fr = "Animer des ateliers.", en = "Lead workshops." },
                requirements = new[] { new { fr = "Aimer apprendre.", en = "Enjoy learning." }, new { fr = "Parler en public.", en = "Speak in public." } },
                howToApply = new { fr = "Écrire à l'équipe.", en = "Write to the team." },
                languages = new[] { "fr", "en" },
            },
        });

        var posting = Assert.Single(await BoardAsync("", keys.TenantId));

        Assert.Equal("Lead workshops.", posting.GetProperty("description").GetProperty("en").GetString());
        Assert.Equal(["Aimer apprendre.", "Parler en public."], posting.GetProperty("requirements").EnumerateArray().Select(r => r.GetProperty("fr").GetString()));
        Assert.Equal("Write to the team.", posting.GetProperty("howToApply").GetProperty("en").GetString());
        Assert.Equal(["fr", "en"], posting.GetProperty("languages").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal("federation", posting.GetProperty("organizationKind").GetString()); // the test tenants are federations
        // The role reads them back too.
        var role = await app.WithKey(keys.Viewer).GetJsonAsync(Role(keys.TenantId, "animation"));
        Assert.Equal("Animer des ateliers.", role.GetProperty("posting").GetProperty("description").GetProperty("fr").GetString());
    }

    [Theory]
    [InlineData("{\"status\":\"open\",\"languages\":[\"de\"]}", "posting.languages[0]")]
    [InlineData("{\"status\":\"open\",\"languages\":[\"fr\",\"fr\"]}", "posting.languages[1]")]
    [InlineData("{\"status\":\"open\",\"description\":{\"fr\":\"Seul\"}}", "posting.description")]
    [InlineData("{\"status\":\"open\",\"requirements\":[{\"fr\":\"\",\"en\":\"x\"}]}", "posting.requirements[0]")]
    public async Task BadPostingFieldsAreRefusedNamingTheFieldAndNothingIsStored(string posting, string field)
    {
        var keys = await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId());
        var body = new StringContent($"{{\"title\":{{\"fr\":\"Poste\",\"en\":\"Job\"}},\"posting\":{posting}}}", System.Text.Encoding.UTF8, "application/json");
        var response = await app.WithKey(keys.Admin).PutAsync(Role(keys.TenantId, "poste"), body);
        var problem = await Expect.Problem(response, HttpStatusCode.BadRequest);
        Assert.Contains(field, problem.GetRawText());
        Assert.Equal(HttpStatusCode.NotFound, (await app.WithKey(keys.Admin).GetAsync(Role(keys.TenantId, "poste"))).StatusCode);
        Assert.Empty(await BoardAsync("", keys.TenantId));
    }

    [Fact]
    public async Task BoardFiltersByKindLanguageAndHours()
    {
        var keys = await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId());
        var admin = app.WithKey(keys.Admin);
        await admin.PutAsync(keys.TenantId, "temps-partiel", new
        {
            title = new { fr = "Temps partiel", en = "Part time" },
            conditions = new { hoursPerWeek = 21 },
            posting = new { status = "open", languages = new[] { "en" } },
        });
        await admin.PutAsync(keys.TenantId, "temps-plein", new
        {
            title = new { fr = "Temps plein", en = "Full time" },
            conditions = new { hoursPerWeek = 35 },
            posting = new { status = "open", languages = new[] { "fr" } },
        });

        async Task<List<string?>> RolesAsync(string query) => (await BoardAsync(query, keys.TenantId)).Select(p => p.GetProperty("roleId").GetString()).ToList();

        Assert.Equal(["temps-partiel"], await RolesAsync("?language=en"));
        Assert.Equal(["temps-plein"], await RolesAsync("?language=fr"));
        Assert.Equal(["temps-plein"], await RolesAsync("?minHoursPerWeek=30"));
        Assert.Equal(["temps-partiel"], await RolesAsync("?maxHoursPerWeek=29.99"));
        // The test tenants are federations.
        Assert.Equal(2, (await RolesAsync("?kind=federation")).Count);
        Assert.Empty(await RolesAsync("?kind=organization"));
        await Expect.Problem(await app.Anonymous().GetAsync("/api/v1/postings?kind=coop"), HttpStatusCode.BadRequest);
        await Expect.Problem(await app.Anonymous().GetAsync("/api/v1/postings?language=es"), HttpStatusCode.BadRequest);
        await Expect.Problem(await app.Anonymous().GetAsync("/api/v1/postings?minHoursPerWeek=-1"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task BoardShowsNothingButPublicPostingFields()
    {
        var keys = await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId());
        await app.WithKey(keys.Admin).PutAsync(keys.TenantId, "coordination", Coordination());
        var posting = Assert.Single(await BoardAsync("", keys.TenantId));
        // Holders and the internal document stay behind the tenant's keys.
        Assert.False(posting.TryGetProperty("holders", out _));
        Assert.DoesNotContain("Claude Bergeron", posting.GetRawText());
    }
}

/// <summary>Its own app, so moving the clock does not disturb other tests.</summary>
public sealed class PostingExpiryApiTests(PlatformApp app) : IClassFixture<PlatformApp>
{
    [Fact]
    public async Task PostingIsListedThroughItsApplyByDayAndGoneTheNextDay()
    {
        // The app's clock starts on 2026-03-15 14:00 UTC.
        var keys = await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId());
        await app.WithKey(keys.Admin).PutAsync(keys.TenantId, "coordination", Coordination(applyBy: "2026-03-20"));

        async Task<int> ListedAsync() =>
            (await app.Anonymous().GetJsonAsync("/api/v1/postings")).EnumerateArray().Count(p => p.GetProperty("tenantId").GetString() == keys.TenantId);

        Assert.Equal(1, await ListedAsync());
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 21, 4, 59, 0, TimeSpan.Zero)); // 23:59 on the 20th in Quebec
        Assert.Equal(1, await ListedAsync());
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 21, 5, 0, 0, TimeSpan.Zero));  // midnight in Quebec
        Assert.Equal(0, await ListedAsync());

        // The role still shows its posting to the tenant.
        var role = await app.WithKey(keys.Viewer).GetJsonAsync(Role(keys.TenantId, "coordination"));
        Assert.Equal("open", role.GetProperty("posting").GetProperty("status").GetString());
    }

    [Fact]
    public async Task APostingWrittenWithAnApplyByDateAlreadyPastIsNeverListed()
    {
        var keys = await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId());
        var yesterday = DateOnly.FromDateTime(app.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(-5)).DateTime).AddDays(-1);
        await app.WithKey(keys.Admin).PutAsync(keys.TenantId, "coordination",
            Coordination(applyBy: yesterday.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
        var listed = (await app.Anonymous().GetJsonAsync("/api/v1/postings")).EnumerateArray().Count(p => p.GetProperty("tenantId").GetString() == keys.TenantId);
        Assert.Equal(0, listed);
    }
}
