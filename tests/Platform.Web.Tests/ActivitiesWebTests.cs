using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace Platform.Web.Tests;

/// <summary>
/// Activities and corrections in Chromium and over HTTP against the real host (seeded world):
/// record an activity, correct it, check members in through the search, remove one, the refusal of
/// rule 9 named in the page, delete; a member reinstated and deleted from its page. Dates come from
/// today, never from the seeded calendar.
/// </summary>
public sealed class ActivitiesWebTests(WebHost web) : IClassFixture<WebHost>
{
    private const string Federation = "reseau-coop";

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private HttpClient Api => web.Host.Client(web.SeededKey(Federation));

    /// <summary>A new member through the API, with a name a search finds and nothing else matches.</summary>
    private async Task<string> NewMemberAsync(string name, DateOnly joinedOn)
    {
        var response = await Api.PostAsJsonAsync($"/api/v1/tenants/{Federation}/members", new { name, type = "worker", region = "06", joinedOn = Iso(joinedOn) });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    [Theory]
    [InlineData("fr")]
    [InlineData("en")]
    public async Task StaffRecordsAnActivityCorrectsItChecksMembersInAndDeletesIt(string lang)
    {
        var fr = lang == "fr";
        var tag = Guid.NewGuid().ToString("N")[..6];
        var first = $"Coopérative Zéphyr {tag} Alpha";
        var second = $"Coopérative Zéphyr {tag} Bêta";
        var late = $"Coopérative Tardive {tag}";
        var firstId = await NewMemberAsync(first, Today.AddYears(-1));
        await NewMemberAsync(second, Today.AddYears(-1));
        await NewMemberAsync(late, Today);

        var context = await web.NewContextAsync();
        var page = await web.SignedInPageAsync(context, Federation, "staff");
        await page.GotoAsync(web.Url($"/t/{Federation}/activities"));
        if (!fr) await page.SwitchLanguageAsync("en");
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync(fr ? "Activités" : "Activities");

        // Record: both titles side by side, kind, date (yesterday: the activity has taken place).
        await page.ClickAsync("#new-activity > summary");
        await page.FillAsync("#new-title-fr", $"Atelier de gouvernance {tag}");
        await page.FillAsync("#new-title-en", $"Governance workshop {tag}");
        await page.SelectOptionAsync("#new-kind", "training");
        await page.FillAsync("#new-on", Iso(Today.AddDays(-1)));
        await page.SelectOptionAsync("#new-region", "06");
        await page.ClickAsync("#new-activity-form button[type=submit]");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/activities/[a-z0-9-]+\\?created=1$"));
        var activityPath = new Uri(page.Url).AbsolutePath;
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync(fr ? $"Atelier de gouvernance {tag}" : $"Governance workshop {tag}");

        // Correct its title.
        await page.ClickAsync("#edit-activity > summary");
        await page.FillAsync("#edit-title-fr", $"Atelier sur la gouvernance {tag}");
        await page.FillAsync("#edit-title-en", $"Workshop on governance {tag}");
        await page.ClickAsync("#edit-activity-form button[type=submit]");
        var title = fr ? $"Atelier sur la gouvernance {tag}" : $"Workshop on governance {tag}";
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync(title);

        // Check in two members found by typing: the list changes in place (the page is not reloaded).
        await page.EvaluateAsync("() => window.__stayed = true");
        await page.Locator("#checkin-q").PressSequentiallyAsync($"Zéphyr {tag}");
        await Assertions.Expect(page.Locator("#checkin-form li")).ToHaveCountAsync(2);
        Assert.True(await page.EvaluateAsync<bool>("() => window.__stayed === true"), "the search reloaded the page instead of updating the list");
        await page.Locator("#checkin-form li", new() { HasText = first }).Locator("input").CheckAsync();
        await page.Locator("#checkin-form li", new() { HasText = second }).Locator("input").CheckAsync();
        await page.ClickAsync("#checkin-form button[type=submit]");
        await Assertions.Expect(page.Locator("#participants li")).ToHaveCountAsync(2);
        await web.ShotBothWidthsAsync(page, $"activity-{lang}", activityPath);

        // Remove one: it leaves the activity and its timeline; the other's timeline names the activity.
        await page.GotoAsync(web.Url(activityPath));
        await page.Locator("#participants li", new() { HasText = second }).Locator("button").ClickAsync();
        await Assertions.Expect(page.Locator("#participants li")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#participants")).ToContainTextAsync(first);
        await page.GotoAsync(web.Url($"/t/{Federation}/members/{firstId}"));
        await Assertions.Expect(page.Locator("#member-timeline")).ToContainTextAsync(title);

        // A member who joined after the activity's date: refused, named in the page, nothing recorded.
        await page.GotoAsync(web.Url(activityPath));
        await page.Locator("#checkin-q").PressSequentiallyAsync($"Tardive {tag}");
        await Assertions.Expect(page.Locator("#checkin-form li")).ToHaveCountAsync(1);
        await page.Locator("#checkin-form li input").CheckAsync();
        await page.ClickAsync("#checkin-form button[type=submit]");
        await Assertions.Expect(page.Locator("#activity-error")).ToContainTextAsync(late);
        await Assertions.Expect(page.Locator("#activity-error")).ToContainTextAsync(fr ? "Rien n'a été enregistré" : "Nothing was recorded");
        await Assertions.Expect(page.Locator("#participants li")).ToHaveCountAsync(1);
        await WebTestKit.Shot(page, $"activity-refused-{lang}-1280");

        // The list, and the form, at both widths.
        await web.ShotBothWidthsAsync(page, $"activities-{lang}", $"/t/{Federation}/activities");
        foreach (var width in new[] { 1280, 375 })
        {
            await page.SetViewportSizeAsync(width, width < 600 ? 800 : 900);
            await page.GotoAsync(web.Url($"/t/{Federation}/activities"));
            await page.ClickAsync("#new-activity > summary");
            await WebTestKit.Shot(page, $"activity-form-{lang}-{width}");
            var scrolls = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");
            Assert.False(scrolls, $"the activities page scrolls sideways at {width} px");
        }
        await page.SetViewportSizeAsync(1280, 900);

        // Delete, after the confirmation box; the activity is gone for everyone.
        await page.GotoAsync(web.Url(activityPath));
        await page.ClickAsync("#delete-activity > summary");
        await page.ClickAsync("#delete-activity-form button[type=submit]");
        await Assertions.Expect(page.Locator("#activity-error")).ToBeVisibleAsync();
        await page.ClickAsync("#delete-activity > summary");
        await page.CheckAsync("#delete-confirm");
        await page.ClickAsync("#delete-activity-form button[type=submit]");
        await Assertions.Expect(page.Locator("#activity-done")).ToContainTextAsync(title);
        Assert.Equal(404, (await page.GotoAsync(web.Url(activityPath)))!.Status);
        var member = await Api.GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{Federation}/members/{firstId}");
        Assert.Equal(0, member.GetProperty("participations").GetArrayLength());
        await context.CloseAsync();
    }

    [Theory]
    [InlineData("fr")]
    [InlineData("en")]
    public async Task AdminReinstatesAWithdrawnMemberSeesItsHistoryThenDeletesIt(string lang)
    {
        var fr = lang == "fr";
        var name = $"Coopérative Boréale {Guid.NewGuid().ToString("N")[..6]}";
        var id = await NewMemberAsync(name, Today.AddYears(-2));
        var withdraw = await Api.PostAsJsonAsync($"/api/v1/tenants/{Federation}/members/{id}/withdraw", new { on = Iso(Today.AddMonths(-6)) });
        Assert.Equal(HttpStatusCode.OK, withdraw.StatusCode);

        var context = await web.NewContextAsync();
        var page = await web.SignedInPageAsync(context, Federation, "admin");
        await page.GotoAsync(web.Url($"/t/{Federation}/members/{id}"));
        if (!fr) await page.SwitchLanguageAsync("en");
        await Assertions.Expect(page.Locator("#status-history li")).ToHaveCountAsync(2);

        await page.FillAsync("#reinstate-on", Iso(Today.AddDays(-1)));
        await page.ClickAsync("#reinstate-form button[type=submit]");

        await Assertions.Expect(page.Locator("#member-done")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#status-history li")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("#status-history li").First).ToContainTextAsync(fr ? "Réintégration" : "Reinstated");
        var api = await Api.GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{Federation}/members/{id}");
        Assert.Equal("active", api.GetProperty("status").GetString());
        await web.ShotBothWidthsAsync(page, $"member-history-{lang}", $"/t/{Federation}/members/{id}");

        await page.ClickAsync("#delete-member > summary");
        await page.CheckAsync("#delete-member-confirm");
        await page.ClickAsync("#delete-member-form button[type=submit]");
        await Assertions.Expect(page.Locator("#member-done")).ToContainTextAsync(name);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.GetAsync($"/api/v1/tenants/{Federation}/members/{id}")).StatusCode);
        await context.CloseAsync();
    }

    [Fact]
    public async Task ViewerSeesNoEditControlsAndForgedCorrectionsAreRefused()
    {
        var activities = await Api.GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{Federation}/activities");
        var activity = activities.EnumerateArray().First(a => a.GetProperty("participants").GetArrayLength() > 0);
        var activityId = activity.GetProperty("id").GetString()!;
        var participant = activity.GetProperty("participants")[0].GetString()!;
        var path = $"/t/{Federation}/activities/{activityId}";
        using var viewer = await web.NewPersonAsync(Federation, "viewer");

        // The list filtered to the activity's day, so that it is on the first page whatever the paging.
        var on = activity.GetProperty("on").GetString();
        var (listStatus, list, _) = await viewer.GetAsync($"/t/{Federation}/activities?from={on}&to={on}");
        var (status, body, _) = await viewer.GetAsync(path);
        var (_, memberPage, _) = await viewer.GetAsync($"/t/{Federation}/members/{participant}");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (listStatus, status));
        Assert.Contains(activityId, list);
        Assert.DoesNotContain("new-activity-form", list);
        foreach (var control in new[] { "edit-activity-form", "delete-activity-form", "checkin-form", "RemoveId" }) Assert.DoesNotContain(control, body);
        foreach (var control in new[] { "reinstate-form", "delete-member-form", "withdraw-form" }) Assert.DoesNotContain(control, memberPage);

        var forged = new[]
        {
            await viewer.PostFormAsync(path, "remove-participant", new Dictionary<string, string> { ["RemoveId"] = participant }),
            await viewer.PostFormAsync(path, "delete-activity", new Dictionary<string, string> { ["Removal.Confirmed"] = "true" }),
            await viewer.PostFormAsync($"/t/{Federation}/activities", "new-activity", new Dictionary<string, string>
                { ["Input.TitleFr"] = "Faux", ["Input.TitleEn"] = "Fake", ["Input.Kind"] = "training", ["Input.On"] = Iso(Today) }),
        };
        // Without the form on the page Blazor has no handler to run (400); the handler's own role check (403) backs it.
        Assert.All(forged, f => Assert.True(f.Status is HttpStatusCode.BadRequest or HttpStatusCode.Forbidden, $"forged post answered {f.Status}"));
        var after = await Api.GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{Federation}/activities/{activityId}");
        Assert.Contains(participant, after.GetProperty("participants").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(activities.GetArrayLength(), (await Api.GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{Federation}/activities")).GetArrayLength());

        // Staff correct records but do not delete members: that form is an admin's, and a forged post of it is refused.
        using var staff = await web.NewPersonAsync(Federation, "staff");
        var (_, staffMemberPage, _) = await staff.GetAsync($"/t/{Federation}/members/{participant}");
        Assert.DoesNotContain("delete-member-form", staffMemberPage);
        var (staffForged, _, _) = await staff.PostFormAsync($"/t/{Federation}/members/{participant}", "delete-member", new Dictionary<string, string> { ["Removal.Confirmed"] = "true" });
        Assert.True(staffForged is HttpStatusCode.BadRequest or HttpStatusCode.Forbidden, $"forged deletion answered {staffForged}");
        Assert.Equal(HttpStatusCode.OK, (await Api.GetAsync($"/api/v1/tenants/{Federation}/members/{participant}")).StatusCode);
    }

    [Fact]
    public async Task AnotherTenantsOrAnUnknownActivityIsNotFound()
    {
        var fcct = await web.Host.Client(web.SeededKey("fcct")).GetFromJsonAsync<JsonElement>("/api/v1/tenants/fcct/activities");
        var foreignId = fcct[0].GetProperty("id").GetString()!;
        using var staff = await web.NewPersonAsync(Federation, "staff");

        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"/t/fcct/activities/{foreignId}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync("/t/fcct/activities")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"/t/{Federation}/activities/no-such-activity")).Status);
    }
}
