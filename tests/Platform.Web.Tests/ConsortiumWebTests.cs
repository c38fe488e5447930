using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace Platform.Web.Tests;

/// <summary>
/// Shared services in the browser against the real host and its seeded world: the consortium
/// <c>consortium</c> and its client <c>cqch</c> (an accepted read agreement). Every figure a page
/// shows is compared with what the API answers for the same thing.
/// </summary>
public sealed class ConsortiumWebTests(WebHost web) : IClassFixture<WebHost>
{
    private const string Consortium = "consortium";
    private const string Client = "cqch";

    private HttpClient ConsortiumApi => web.Host.Client(web.SeededKey(Consortium));

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    private static string Month => Today.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private static CultureInfo Culture(string lang) => new(lang == "fr" ? "fr-CA" : "en-CA");

    private static async Task<IPage> InLanguageAsync(IPage page, string lang)
    {
        if (lang == "en") await page.SwitchLanguageAsync("en");
        return page;
    }

    [Theory]
    [InlineData("fr")]
    [InlineData("en")]
    public async Task TheCoordinatorAssignsTheUrgentRequestToTheTopCandidateEntersTimeAndTheStatementIsHoursTimesTheCostRate(string lang)
    {
        var culture = Culture(lang);
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var (titleFr, titleEn) = ($"Animer l’assemblée régionale {suffix}", $"Facilitate the regional assembly {suffix}");
        var title = lang == "fr" ? titleFr : titleEn;

        // The client's staff asks for help, urgently, in both languages.
        var clientContext = await web.NewContextAsync();
        var client = await InLanguageAsync(await web.SignedInPageAsync(clientContext, Client, "staff"), lang);
        await client.GotoAsync(web.Url($"/t/{Client}/services"));
        await client.SelectOptionAsync("#req-field", $"{Consortium}|events");
        await client.FillAsync("#req-title-fr", titleFr);
        await client.FillAsync("#req-title-en", titleEn);
        await client.FillAsync("#req-need-by", Today.AddDays(3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await client.FillAsync("#req-estimate", "12");
        await client.CheckAsync("#req-urgent");
        await client.ClickAsync("#request-form button[type=submit]");
        await Assertions.Expect(client.Locator("#services-done")).ToBeVisibleAsync();
        await Assertions.Expect(client.Locator("#client-requests")).ToContainTextAsync(title);

        // The coordinator's queue: the urgent, unassigned request comes first.
        var coordinatorContext = await web.NewContextAsync();
        var coordinator = await InLanguageAsync(await web.SignedInPageAsync(coordinatorContext, Consortium, "staff"), lang);
        await coordinator.GotoAsync(web.Url($"/t/{Consortium}/requests"));
        var first = coordinator.Locator("#queue-open tbody tr").First;
        await Assertions.Expect(first).ToContainTextAsync(title);
        var href = (await first.Locator("a").GetAttributeAsync("href"))!;
        var requestId = href[(href.LastIndexOf('/') + 1)..];
        await first.Locator("a").ClickAsync();

        // Its candidates, ranked as the API ranks them; the first one takes it.
        var ranked = await ConsortiumApi.GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{Consortium}/service-requests/{requestId}/candidates");
        var best = ranked.GetProperty("candidates")[0];
        var professionalId = best.GetProperty("professionalId").GetString()!;
        var top = coordinator.Locator("#candidates tbody tr").First;
        Assert.Equal(professionalId, await top.GetAttributeAsync("data-professional"));
        await web.ShotBothWidthsAsync(coordinator, $"cs-request-{lang}", $"/t/{Consortium}/requests/{requestId}");
        await coordinator.Locator("#candidates tbody tr").First.Locator("button").ClickAsync();
        await Assertions.Expect(coordinator.Locator("#request-assignee")).ToHaveTextAsync(best.GetProperty("name").GetString()!);
        var assigned = await ConsortiumApi.GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{Consortium}/service-requests/{requestId}");
        Assert.Equal(("assigned", professionalId), (assigned.GetProperty("status").GetString(), assigned.GetProperty("professionalId").GetString()));

        // Time: 2.75 h today, written the way the page's language writes decimals.
        await coordinator.ClickAsync($"a[href$='/time?request={requestId}']");
        Assert.Equal(requestId, await coordinator.InputValueAsync("#time-request"));
        await coordinator.FillAsync("#time-hours", lang == "fr" ? "2,75" : "2.75");
        await coordinator.ClickAsync("#time-form button[type=submit]");
        await Assertions.Expect(coordinator.Locator("#time-done")).ToBeVisibleAsync();
        var entries = await ConsortiumApi.GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{Consortium}/time-entries?month={Month}&request={requestId}");
        var entry = Assert.Single(entries.EnumerateArray());
        Assert.Equal((professionalId, 2.75m), (entry.GetProperty("professionalId").GetString(), entry.GetProperty("hours").GetDecimal()));

        // The statement: this request's line is its hours × the professional's cost rate; the total adds the lines.
        var rate = (await ConsortiumApi.GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{Consortium}/professionals/{professionalId}")).GetProperty("costRate").GetDecimal();
        var statement = await ConsortiumApi.GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{Consortium}/statements?client={Client}&month={Month}");
        var line = statement.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("requestId").GetString() == requestId);
        Assert.Equal(Math.Round(2.75m * rate, 2, MidpointRounding.AwayFromZero), line.GetProperty("amount").GetDecimal());
        var total = statement.GetProperty("total").GetDecimal();
        Assert.Equal(statement.GetProperty("lines").EnumerateArray().Sum(l => l.GetProperty("amount").GetDecimal()), total);
        await coordinator.GotoAsync(web.Url($"/t/{Consortium}/statements?client={Client}&month={Month}"));
        Assert.Equal(total.ToString("C2", culture), (await coordinator.TextContentAsync("#statement-total"))!.Trim());
        await Assertions.Expect(coordinator.Locator("#statement-lines")).ToContainTextAsync(title);
        var csv = await coordinatorContext.APIRequest.GetAsync(web.Url((await coordinator.GetAttributeAsync("#statement-csv", "href"))!));
        Assert.Equal(200, csv.Status);
        Assert.Contains($"line,{Consortium},{Client},{Month},draft,{requestId},{professionalId},2.75,", await csv.TextAsync());

        // The client sees the same statement, and every delegated read of its data.
        Assert.Equal(HttpStatusCode.OK, (await ConsortiumApi.GetAsync($"/api/v1/tenants/{Client}/members")).StatusCode);
        var adminContext = await web.NewContextAsync();
        var clientAdmin = await InLanguageAsync(await web.SignedInPageAsync(adminContext, Client, "admin"), lang);
        await clientAdmin.GotoAsync(web.Url($"/t/{Client}/services?month={Month}"));
        Assert.Equal(total.ToString("C2", culture), (await clientAdmin.TextContentAsync("#statement-total"))!.Trim());
        await Assertions.Expect(clientAdmin.Locator("#statement-lines")).ToContainTextAsync(title);
        var reads = clientAdmin.Locator("#delegated-reads tbody tr");
        await Assertions.Expect(reads.First).ToContainTextAsync(lang == "fr" ? "Liste des membres" : "Member list");
        await Assertions.Expect(reads.First).ToContainTextAsync($"{Consortium}:");
        var audit = await web.Host.Client(web.SeededKey(Client)).GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{Client}/audit");
        var logged = audit.GetProperty("entries").EnumerateArray().Count(e => e.GetProperty("action").GetString() == "delegated.read");
        Assert.True(await reads.CountAsync() >= Math.Min(logged, 200));

        // Screens, as staff and clients see them.
        await web.ShotBothWidthsAsync(coordinator, $"cs-queue-{lang}", $"/t/{Consortium}/requests");
        await web.ShotBothWidthsAsync(coordinator, $"cs-time-{lang}", $"/t/{Consortium}/time");
        await web.ShotBothWidthsAsync(coordinator, $"cs-capacity-{lang}", $"/t/{Consortium}/capacity?field=events");
        await web.ShotBothWidthsAsync(coordinator, $"cs-statement-{lang}", $"/t/{Consortium}/statements?client={Client}&month={Month}");
        await web.ShotBothWidthsAsync(coordinator, $"cs-professionals-{lang}", $"/t/{Consortium}/professionals");
        await web.ShotBothWidthsAsync(coordinator, $"cs-professional-{lang}", $"/t/{Consortium}/professionals/{professionalId}");
        await web.ShotBothWidthsAsync(clientAdmin, $"cs-client-services-{lang}", $"/t/{Client}/services?month={Month}");
        foreach (var context in new[] { clientContext, coordinatorContext, adminContext }) await context.CloseAsync();
    }

    [Theory]
    [InlineData("fr")]
    [InlineData("en")]
    public async Task TheAdminIssuesLastMonthsStatementAndTheCostRecoveryShowsCostEqualToBilled(string lang)
    {
        var culture = Culture(lang);
        var context = await web.NewContextAsync();
        var admin = await InLanguageAsync(await web.SignedInPageAsync(context, Consortium, "admin"), lang);
        await admin.GotoAsync(web.Url($"/t/{Consortium}/cost-recovery"));
        var report = await ConsortiumApi.GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{Consortium}/cost-recovery?year={Today.Year}");
        Assert.Equal(report.GetProperty("cost").GetDecimal().ToString("C2", culture), (await admin.TextContentAsync("#fig-cost .value"))!.Trim());
        Assert.Equal(report.GetProperty("billed").GetDecimal().ToString("C2", culture), (await admin.TextContentAsync("#fig-billed .value"))!.Trim());
        Assert.Equal(0m, report.GetProperty("difference").GetDecimal());
        Assert.Equal(0m.ToString("C2", culture), (await admin.TextContentAsync("#fig-difference .value"))!.Trim());
        await Assertions.Expect(admin.Locator("#cost-recovery tbody tr")).ToHaveCountAsync(report.GetProperty("clients").GetArrayLength());
        await web.ShotBothWidthsAsync(admin, $"cs-cost-recovery-{lang}", $"/t/{Consortium}/cost-recovery");

        // Last month was issued by the seed: frozen, no issue button; this month runs, so it cannot be issued yet.
        var lastMonth = Today.AddDays(-Today.Day).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        await admin.GotoAsync(web.Url($"/t/{Consortium}/statements?client={Client}&month={lastMonth}"));
        await Assertions.Expect(admin.Locator("#statement-status")).ToContainTextAsync(lang == "fr" ? "Émis le" : "Issued on");
        await Assertions.Expect(admin.Locator("#issue")).ToHaveCountAsync(0);
        var issued = await ConsortiumApi.GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{Consortium}/statements?client={Client}&month={lastMonth}");
        Assert.Equal(issued.GetProperty("total").GetDecimal().ToString("C2", culture), (await admin.TextContentAsync("#statement-total"))!.Trim());
        await context.CloseAsync();
    }

    [Fact]
    public async Task AProfessionalLinkedToTheirAccountEntersOnlyTheirOwnHours()
    {
        var assembly = await ConsortiumApi.GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{Consortium}/service-requests/cqch-assemblee-generale");
        var professionalId = assembly.GetProperty("professionalId").GetString()!;
        var before = (await ConsortiumApi.GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{Consortium}/time-entries?month={Month}&professional={professionalId}")).GetArrayLength();

        // The professional joins with the viewer role; the coordinators' admin links the account to their record.
        var email = $"pro-{Guid.NewGuid():N}@example.org";
        var proContext = await web.NewContextAsync();
        var link = await web.InviteAsync(Consortium, email, "viewer");
        var pro = await proContext.NewPageAsync();
        await pro.GotoAsync(web.Url(link));
        await pro.FillAsync("#name", "Camille Pro");
        await pro.FillAsync("#password", WebTestKit.Password);
        await pro.FillAsync("#confirm", WebTestKit.Password);
        await pro.ClickAsync("button[type=submit]");
        await pro.WaitForURLAsync(web.Url($"/t/{Consortium}"));
        await pro.GotoAsync(web.Url($"/t/{Consortium}/time"));
        await Assertions.Expect(pro.Locator("#time-not-allowed")).ToHaveCountAsync(1);

        var adminContext = await web.NewContextAsync();
        var admin = await web.SignedInPageAsync(adminContext, Consortium, "admin");
        await admin.GotoAsync(web.Url($"/t/{Consortium}/professionals/{professionalId}"));
        var personId = await admin.Locator("#link-person option", new() { HasTextString = email }).GetAttributeAsync("value");
        await admin.SelectOptionAsync("#link-person", personId!);
        await admin.ClickAsync("#link-form button[type=submit]");
        await Assertions.Expect(admin.Locator("#professional-account")).ToContainTextAsync(email);
        await web.ShotBothWidthsAsync(admin, "cs-professional-linked-fr", $"/t/{Consortium}/professionals/{professionalId}");

        // Now the time form offers only their own assigned requests.
        await pro.GotoAsync(web.Url($"/t/{Consortium}/time"));
        var options = await pro.Locator("#time-request option").EvaluateAllAsync<string[]>("o => o.map(x => x.value)");
        var theirs = (await ConsortiumApi.GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{Consortium}/service-requests")).EnumerateArray()
            .Where(r => r.GetProperty("status").GetString() == "assigned" && r.TryGetProperty("professionalId", out var p) && p.GetString() == professionalId)
            .Select(r => r.GetProperty("id").GetString()!).Order(StringComparer.Ordinal).ToArray();
        Assert.Contains("cqch-assemblee-generale", options);
        Assert.Equal(theirs, options.Order(StringComparer.Ordinal).ToArray());
        await pro.SelectOptionAsync("#time-request", "cqch-assemblee-generale");
        await pro.FillAsync("#time-hours", "1,5");
        await pro.ClickAsync("#time-form button[type=submit]");
        await Assertions.Expect(pro.Locator("#time-done")).ToBeVisibleAsync();
        var after = await ConsortiumApi.GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{Consortium}/time-entries?month={Month}&professional={professionalId}");
        Assert.Equal(before + 1, after.GetArrayLength());
        Assert.Contains(after.EnumerateArray(), e => e.GetProperty("hours").GetDecimal() == 1.5m && e.GetProperty("requestId").GetString() == "cqch-assemblee-generale");
        // Their entries are theirs: no one else's hours are listed.
        var rows = await pro.Locator("#time-entries tbody tr").CountAsync();
        Assert.Equal(after.GetArrayLength(), rows);
        await pro.SwitchLanguageAsync("en");
        await web.ShotBothWidthsAsync(pro, "cs-time-own-en", $"/t/{Consortium}/time");
        await proContext.CloseAsync();
        await adminContext.CloseAsync();
    }

    [Fact]
    public async Task APersonOfOneTenantCannotOpenAnotherTenantsSharedServicesPages()
    {
        using var clientStaff = await web.NewPersonAsync(Client, "admin");
        using var consortiumStaff = await web.NewPersonAsync(Consortium, "admin");
        foreach (var path in new[] { "requests", "requests/cqch-assemblee-generale", "time", "professionals", "capacity", "statements", "cost-recovery" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await clientStaff.GetAsync($"/t/{Consortium}/{path}")).Status);
            // A client federation has none of the consortium's pages of its own either.
            Assert.Equal(HttpStatusCode.NotFound, (await clientStaff.GetAsync($"/t/{Client}/{path}")).Status);
            Assert.Equal(HttpStatusCode.OK, (await consortiumStaff.GetAsync($"/t/{Consortium}/{path}")).Status);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await consortiumStaff.GetAsync($"/t/{Client}/services")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await consortiumStaff.GetAsync($"/t/{Consortium}/services")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await consortiumStaff.GetAsync($"/t/{Consortium}/requests/no-such-request")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await consortiumStaff.GetAsync($"/t/{Consortium}/professionals/no-such-person")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await consortiumStaff.GetAsync($"/t/{Client}/statements.csv?party={Consortium}&month={Month}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await clientStaff.GetAsync($"/t/{Consortium}/statements.csv?party={Client}&month={Month}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await clientStaff.GetAsync($"/t/{Client}/services")).Status);
        Assert.Equal(HttpStatusCode.OK, (await clientStaff.GetAsync($"/t/{Client}/statements.csv?party={Consortium}&month={Month}")).Status);
        // The tabs: the consortium's five for its people, "services" for the client's.
        Assert.Contains($"href=\"/t/{Consortium}/capacity\"", (await consortiumStaff.GetAsync($"/t/{Consortium}")).Body);
        Assert.Contains($"href=\"/t/{Client}/services\"", (await clientStaff.GetAsync($"/t/{Client}")).Body);
        // A federation the consortium has offered nothing (the confederation) has no such tab.
        using var other = await web.NewPersonAsync("ctroc", "admin");
        Assert.DoesNotContain("/services\"", (await other.GetAsync("/t/ctroc")).Body);
    }

    [Fact]
    public async Task ViewersSeeNoEditControlsAndTheirForgedPostsAreRefused()
    {
        var context = await web.NewContextAsync();
        var viewer = await web.SignedInPageAsync(context, Consortium, "viewer");
        foreach (var path in new[] { "requests", "requests/cqch-assemblee-generale", "time", "professionals/" + await AssigneeAsync(), "statements" })
        {
            await viewer.GotoAsync(web.Url($"/t/{Consortium}/{path}"));
            await Assertions.Expect(viewer.Locator("main form[method=post]")).ToHaveCountAsync(0);
        }
        await Assertions.Expect(viewer.Locator("#statements-staff-only")).ToBeVisibleAsync();
        var clientContext = await web.NewContextAsync();
        var clientViewer = await web.SignedInPageAsync(clientContext, Client, "viewer");
        await clientViewer.GotoAsync(web.Url($"/t/{Client}/services"));
        await Assertions.Expect(clientViewer.Locator("main form[method=post]")).ToHaveCountAsync(0);
        await Assertions.Expect(clientViewer.Locator("#agreements")).ToBeVisibleAsync();
        await web.ShotBothWidthsAsync(clientViewer, "cs-client-services-viewer-fr", $"/t/{Client}/services");
        await context.CloseAsync();
        await clientContext.CloseAsync();

        // Forged posts, as a page would send them: refused, nothing written.
        var requestsBefore = (await ConsortiumApi.GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{Consortium}/service-requests")).GetArrayLength();
        var entriesBefore = (await ConsortiumApi.GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{Consortium}/time-entries?month={Month}")).GetArrayLength();
        var assembly = await ConsortiumApi.GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{Consortium}/service-requests/cqch-assemblee-generale");
        using var consortiumViewer = await web.NewPersonAsync(Consortium, "viewer");
        var (time, _, _) = await consortiumViewer.PostFormAsync($"/t/{Consortium}/time", "time", new Dictionary<string, string>
        {
            ["Entry.RequestId"] = "cqch-assemblee-generale", ["Entry.On"] = Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["Entry.Hours"] = "1",
        });
        AssertRefused(time);
        // The form a coordinator would see to hand the request to the second candidate.
        var candidates = await ConsortiumApi.GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{Consortium}/service-requests/cqch-assemblee-generale/candidates");
        var other = candidates.GetProperty("candidates").EnumerateArray()
            .First(c => c.GetProperty("professionalId").GetString() != assembly.GetProperty("professionalId").GetString()).GetProperty("professionalId").GetString();
        var (assign, _, _) = await consortiumViewer.PostFormAsync($"/t/{Consortium}/requests/cqch-assemblee-generale", $"assign-{other}", new Dictionary<string, string>());
        AssertRefused(assign);
        using var consortiumStaff = await web.NewPersonAsync(Consortium, "staff");
        using var clientViewerSession = await web.NewPersonAsync(Client, "viewer");
        var (submit, _, _) = await clientViewerSession.PostFormAsync($"/t/{Client}/services", "request", new Dictionary<string, string>
        {
            ["NewRequest.Choice"] = $"{Consortium}|events", ["NewRequest.TitleFr"] = "Faux", ["NewRequest.TitleEn"] = "Forged",
            ["NewRequest.NeedBy"] = Today.AddDays(5).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        });
        AssertRefused(submit);
        // Without the antiforgery token, even a staff member's post is refused.
        var (noToken, _, _) = await consortiumStaff.PostFormAsync($"/t/{Consortium}/requests/cqch-assemblee-generale", "complete", new Dictionary<string, string>(), withToken: false);
        AssertRefused(noToken);

        Assert.Equal(requestsBefore, (await ConsortiumApi.GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{Consortium}/service-requests")).GetArrayLength());
        Assert.Equal(entriesBefore, (await ConsortiumApi.GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{Consortium}/time-entries?month={Month}")).GetArrayLength());
        var after = await ConsortiumApi.GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{Consortium}/service-requests/cqch-assemblee-generale");
        Assert.Equal(assembly.GetProperty("status").GetString(), after.GetProperty("status").GetString());
        Assert.Equal(assembly.GetProperty("professionalId").GetString(), after.GetProperty("professionalId").GetString());
    }

    private async Task<string> AssigneeAsync() =>
        (await ConsortiumApi.GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{Consortium}/service-requests/cqch-assemblee-generale")).GetProperty("professionalId").GetString()!;

    private static void AssertRefused(HttpStatusCode status) =>
        Assert.True((int)status is >= 400 and < 500, $"expected a refusal (4xx), got {(int)status}");
}
