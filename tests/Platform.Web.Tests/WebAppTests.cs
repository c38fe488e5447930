using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace Platform.Web.Tests;

/// <summary>
/// The web app in Chromium and over HTTP against the real host (seeded world). Each test makes its
/// own people through invitations, except the one that uses the link printed at first start.
/// </summary>
public sealed class WebAppTests(WebHost web) : IClassFixture<WebHost>
{
    private const string Federation = "reseau-coop";
    private const string Password = WebTestKit.Password;

    [Fact]
    public async Task SeededAdminJoinsThroughThePrintedLinkAndTheDashboardShowsTheStatisticsApiFigures()
    {
        var context = await web.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(web.Url(web.SeededInvitation(Federation)));
        await Shot(page, "invitation-fr-1280");
        await page.FillAsync("#name", "Marie Tremblay");
        await page.FillAsync("#password", Password);
        await page.FillAsync("#confirm", Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(web.Url($"/t/{Federation}"));

        await page.GotoAsync(web.Url($"/t/{Federation}?period=all"));
        var api = await web.Host.Client(web.SeededKey(Federation)).GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{Federation}/statistics");
        var participation = api.GetProperty("participation");
        Assert.Equal($"{api.GetProperty("members").GetProperty("active").GetInt32()}", await page.InnerTextAsync("#fig-active .value"));
        Assert.Matches("^91[\\s\u202f]%$", await page.InnerTextAsync("#fig-rate .value"));
        Assert.Contains($"{participation.GetProperty("participatingMembers").GetInt32()} membres sur {participation.GetProperty("activeMembers").GetInt32()}",
            await page.InnerTextAsync("#fig-rate .detail"));
        // Sectors read in the staff's language, not as codes.
        Assert.Contains("Microbrasserie", await page.InnerTextAsync("main"));
        Assert.DoesNotContain("microbrewery", await page.InnerTextAsync("main"));
        await ShotBothWidthsAsync(context, page, "dashboard-fr", $"/t/{Federation}");
        await ShotBothWidthsAsync(context, page, "members-fr", $"/t/{Federation}/members");
        await page.GotoAsync(web.Url($"/t/{Federation}/members"));
        var firstMember = await page.GetAttributeAsync("#members-table tbody tr:first-child a", "href");
        await ShotBothWidthsAsync(context, page, "member-fr", firstMember!);
        await ShotBothWidthsAsync(context, page, "people-fr", $"/t/{Federation}/admin/people");

        // FR | EN: remembered by the culture cookie on every page after.
        await page.GotoAsync(web.Url($"/t/{Federation}"));
        await page.ClickAsync(".lang a[lang=en]");
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("Dashboard");
        Assert.Equal("91%", await page.InnerTextAsync("#fig-rate .value"));
        Assert.Contains("Microbrewery", await page.InnerTextAsync("main"));
        await ShotBothWidthsAsync(context, page, "dashboard-en", $"/t/{Federation}");
        await ShotBothWidthsAsync(context, page, "members-en", $"/t/{Federation}/members");
        await ShotBothWidthsAsync(context, page, "member-en", firstMember!);
        await ShotBothWidthsAsync(context, page, "people-en", $"/t/{Federation}/admin/people");

        // Another tenant's address: the not-found page, never data.
        var response = await page.GotoAsync(web.Url("/t/fcct/members"));
        Assert.Equal(404, response!.Status);
        // A page in the person's language with a way home, never the API's problem+json.
        Assert.Equal("Page not found", await page.InnerTextAsync("h1"));
        Assert.DoesNotContain("rfc9110", await page.ContentAsync());
        await Shot(page, "not-found-en-1280");
        await context.CloseAsync();
    }

    [Fact]
    public async Task SignInPageInBothLanguagesAndAPhone()
    {
        foreach (var width in new[] { 1280, 375 })
        {
            var context = await web.NewContextAsync(width);
            var page = await context.NewPageAsync();
            await page.GotoAsync(web.Url("/signin"));
            Assert.Equal("Connexion", await page.InnerTextAsync("h1"));
            await Shot(page, $"signin-fr-{width}");
            await page.ClickAsync(".lang a[lang=en]");
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Sign in");
            await Shot(page, $"signin-en-{width}");
            await context.CloseAsync();
        }
    }

    [Fact]
    public async Task ViewerSeesNoEditControlsAndAForgedWithdrawalIsRefused()
    {
        using var viewer = await NewPersonAsync("viewer");
        var members = await web.Host.Client(web.SeededKey(Federation)).GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{Federation}/members?status=active");
        var memberId = members[0].GetProperty("id").GetString()!;
        var (status, body, _) = await viewer.GetAsync($"/t/{Federation}/members/{memberId}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.DoesNotContain("withdraw-form", body);

        var (forged, _, _) = await viewer.PostFormAsync($"/t/{Federation}/members/{memberId}", "withdraw", new Dictionary<string, string> { ["Input.On"] = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) });
        // The form is not on a viewer's page, so Blazor has no handler to run (400); the handler's own role check (403) backs it.
        Assert.True(forged is HttpStatusCode.BadRequest or HttpStatusCode.Forbidden, $"forged post answered {forged}");
        var member = await web.Host.Client(web.SeededKey(Federation)).GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{Federation}/members/{memberId}");
        Assert.Equal("active", member.GetProperty("status").GetString());
        // The admin page is not there for a viewer.
        Assert.Equal(HttpStatusCode.NotFound, (await viewer.GetAsync($"/t/{Federation}/admin/people")).Status);
    }

    [Fact]
    public async Task AFormPostedWithoutTheAntiforgeryTokenIsRefusedAndNothingIsWritten()
    {
        using var staff = await NewPersonAsync("staff");
        var members = await web.Host.Client(web.SeededKey(Federation)).GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{Federation}/members?status=active");
        var memberId = members[1].GetProperty("id").GetString()!;
        var (status, _, _) = await staff.PostFormAsync($"/t/{Federation}/members/{memberId}", "withdraw", new Dictionary<string, string> { ["Input.On"] = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) }, withToken: false);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        var member = await web.Host.Client(web.SeededKey(Federation)).GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{Federation}/members/{memberId}");
        Assert.Equal("active", member.GetProperty("status").GetString());
    }

    [Fact]
    public async Task SessionCookieIsHttpOnlySameSiteLaxAndSecure()
    {
        using var person = await NewPersonAsync("viewer");
        var session = person.SetCookieHeaders.Last(h => h.StartsWith("intercoop.session=", StringComparison.Ordinal)).ToLowerInvariant();
        Assert.Contains("httponly", session);
        Assert.Contains("samesite=lax", session);
        Assert.Contains("secure", session);
    }

    [Fact]
    public async Task FiveWrongPasswordsLockTheAccountAndUnknownEmailsGetTheSameAnswer()
    {
        var email = await NewPersonEmailAsync("staff");
        using var attacker = new Session(web.Host.BaseAddress);
        string? wrongAnswer = null;
        for (var i = 0; i < 5; i++)
        {
            var (status, body, _) = await attacker.PostFormAsync("/signin", "signin", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = "pas le bon mot de passe" });
            Assert.Equal(HttpStatusCode.BadRequest, status);
            wrongAnswer ??= ErrorOf(body);
        }
        var (lockedStatus, lockedBody, _) = await attacker.PostFormAsync("/signin", "signin", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = Password });
        Assert.Equal(HttpStatusCode.BadRequest, lockedStatus);
        var (unknownStatus, unknownBody, _) = await attacker.PostFormAsync("/signin", "signin", new Dictionary<string, string> { ["Input.Email"] = "personne@nulle-part.example", ["Input.Password"] = Password });
        Assert.Equal(HttpStatusCode.BadRequest, unknownStatus);
        Assert.Equal(wrongAnswer, ErrorOf(lockedBody));
        Assert.Equal(wrongAnswer, ErrorOf(unknownBody));
    }

    [Fact]
    public async Task AnInvitationLinkWorksOnceAndARemovedPersonsSessionEndsAtTheNextRequest()
    {
        var admin = web.Host.Client(web.SeededKey(Federation));
        var created = await (await admin.PostAsJsonAsync($"/api/v1/tenants/{Federation}/invitations", new { email = $"once-{Guid.NewGuid():N}@example.org", role = "staff" })).Content.ReadFromJsonAsync<JsonElement>();
        var link = created.GetProperty("link").GetString()!;
        using var person = new Session(web.Host.BaseAddress);
        var (accepted, _, _) = await person.PostFormAsync(link, "accept", NewAccount());
        Assert.Equal(HttpStatusCode.Redirect, accepted);
        Assert.Equal(HttpStatusCode.OK, (await person.GetAsync($"/t/{Federation}/members")).Status);

        using var second = new Session(web.Host.BaseAddress);
        var (reused, reusedPage, _) = await second.GetAsync(link);
        Assert.Equal(HttpStatusCode.NotFound, reused);
        Assert.Contains("Lien d’invitation non valide", WebUtility.HtmlDecode(reusedPage));

        var people = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{Federation}/people");
        var id = people.EnumerateArray().First(p => p.GetProperty("email").GetString()!.StartsWith("once-", StringComparison.Ordinal)).GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/tenants/{Federation}/people/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await person.GetAsync($"/t/{Federation}/members")).Status);
    }

    private async Task<string> NewPersonEmailAsync(string role)
    {
        var email = $"{role}-{Guid.NewGuid():N}@example.org";
        using var session = await web.NewPersonAsync(Federation, role, email);
        return email;
    }

    private Task<Session> NewPersonAsync(string role) => web.NewPersonAsync(Federation, role);

    private static Dictionary<string, string> NewAccount() => WebTestKit.NewAccount();

    private Task ShotBothWidthsAsync(IBrowserContext context, IPage page, string name, string path) => web.ShotBothWidthsAsync(page, name, path);

    private static Task Shot(IPage page, string name) => WebTestKit.Shot(page, name);

    private static string ErrorOf(string body) =>
        System.Text.RegularExpressions.Regex.Match(body, "id=\"signin-error\">([^<]*)<").Groups[1].Value;
}
