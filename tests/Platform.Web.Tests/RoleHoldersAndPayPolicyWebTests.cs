using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace Platform.Web.Tests;

/// <summary>
/// The role screens that were API-only: an admin adds a role's next holder (with a handover) and
/// ends a term on the role page, and sets the pay policy on the pay scale page; refusals are in
/// the page's language; nobody but an admin sees or can post those forms.
/// </summary>
public sealed class RoleHoldersAndPayPolicyWebTests(WebHost web) : IClassFixture<WebHost>
{
    private const string Network = "reseau-coop";
    private const string Confederation = "ctroc";
    private static readonly CultureInfo French = new("fr-CA");
    private static readonly CultureInfo English = new("en-CA");

    private HttpClient Admin(string tenantId) => web.Host.Client(web.SeededKey(tenantId));

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    /// <summary>French typography's no-break spaces read as plain spaces, so expectations stay legible.</summary>
    private static string Plain(string text) => text.Replace('\u00a0', ' ').Replace('\u202f', ' ');

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    // French writes the first of the month as an ordinal: « 1er décembre 2023 ».
    private static string Long(DateOnly date, CultureInfo culture) =>
        date.Day == 1 && culture.TwoLetterISOLanguageName == "fr" ? "1er " + date.ToString("MMMM yyyy", culture) : date.ToString("d MMMM yyyy", culture);

    private async Task<JsonElement> RoleAsync(string tenantId, string roleId) =>
        await Admin(tenantId).GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{tenantId}/roles/{roleId}");

    private async Task<JsonElement> HoldersAsync(string tenantId, string roleId) => (await RoleAsync(tenantId, roleId)).GetProperty("holders");

    private async Task<JsonElement> PolicyAsync(string tenantId) =>
        await Admin(tenantId).GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{tenantId}/pay-policy");

    /// <summary>The tenant's maximum pay ratio (absent from the policy when there is none).</summary>
    private async Task<decimal?> CapAsync(string tenantId) =>
        (await PolicyAsync(tenantId)).TryGetProperty("maxRatio", out var cap) && cap.ValueKind == JsonValueKind.Number ? cap.GetDecimal() : null;

    private async Task<List<string?>> AuditActionsAsync(string tenantId) =>
        (await Admin(tenantId).GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{tenantId}/audit")).GetProperty("entries")
            .EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();

    /// <summary>A new role held since three years ago by Claude Bergeron, with no end date.</summary>
    private async Task<(string RoleId, DateOnly Since)> HeldRoleAsync(string tenantId)
    {
        var roleId = $"coordination-{Guid.NewGuid().ToString("N")[..6]}";
        var since = Today.AddYears(-3);
        var put = await Admin(tenantId).PutAsJsonAsync($"/api/v1/tenants/{tenantId}/roles/{roleId}", new
        {
            title = new { fr = "Coordination générale", en = "General coordinator" },
            reportsTo = "board",
            holders = new[] { new { name = "Claude Bergeron", from = Iso(since) } },
        });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        return (roleId, since);
    }

    private static async Task OpenHolderFormsAsync(IPage page)
    {
        if (await page.Locator("#holder-forms[open]").CountAsync() == 0) await page.ClickAsync("#holder-forms > summary");
        await Assertions.Expect(page.Locator("#holder-form")).ToBeVisibleAsync();
    }

    /// <summary>The role page with its holder forms open, at desk and phone width.</summary>
    private async Task ShotFormsBothWidthsAsync(IPage page, string name, string path)
    {
        foreach (var width in new[] { 1280, 375 })
        {
            await page.SetViewportSizeAsync(width, width < 600 ? 800 : 900);
            await page.GotoAsync(web.Url(path));
            await OpenHolderFormsAsync(page);
            await WebTestKit.Shot(page, $"{name}-{width}");
            Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), $"{name} scrolls sideways at {width} px");
        }
        await page.SetViewportSizeAsync(1280, 900);
    }

    [Fact]
    public async Task AdminAddsASuccessorWithAHandoverInFrenchAndEndsTheTermInEnglish()
    {
        var (roleId, since) = await HeldRoleAsync(Network);
        var path = $"/t/{Network}/roles/{roleId}";
        var context = await web.NewContextAsync();
        var page = await web.SignedInPageAsync(context, Network, "admin", "Dominique Roy");
        await page.GotoAsync(web.Url(path));
        await OpenHolderFormsAsync(page);
        Assert.Contains("Claude Bergeron reste en poste jusqu’au", await page.InnerTextAsync("label[for=holder-outgoing]"));
        Assert.Contains("période de transition", await page.InnerTextAsync("#holder-outgoing-help"));
        await ShotFormsBothWidthsAsync(page, "role-holders-form-fr", path);

        // A successor who would start before Claude did is refused, in French, and nothing changes.
        await page.FillAsync("#holder-name", "Sam Gagnon");
        await page.FillAsync("#holder-from", Iso(since.AddDays(-10)));
        await page.FillAsync("#holder-outgoing", Iso(Today.AddDays(28)));
        await page.ClickAsync("#add-holder");
        await Assertions.Expect(page.Locator("#holder-errors")).ToContainTextAsync($"doit suivre celle de Claude Bergeron, le {Long(since, French)}");
        Assert.DoesNotContain("holders", await page.InnerTextAsync("#holder-errors"));
        await WebTestKit.Shot(page, "role-holders-error-fr-1280");
        Assert.Equal(1, (await HoldersAsync(Network, roleId)).GetArrayLength());

        // Dominique starts in two weeks; Claude stays two weeks more to hand over: the overlap is shown as such.
        var starts = Today.AddDays(14);
        var claudeLeaves = Today.AddDays(28);
        await OpenHolderFormsAsync(page);
        await page.FillAsync("#holder-name", "Dominique Roy");
        await page.FillAsync("#holder-from", Iso(starts));
        await page.FillAsync("#holder-outgoing", Iso(claudeLeaves));
        await page.ClickAsync("#add-holder");
        await Assertions.Expect(page.Locator("#holder-done")).ToContainTextAsync("Dominique Roy figure maintenant parmi les titulaires");
        Assert.Equal($"Transition avec Claude Bergeron : chevauchement du {Long(starts, French)} au {Long(claudeLeaves, French)}",
            Plain(await page.InnerTextAsync("#holders .handover")));
        var holders = await HoldersAsync(Network, roleId);
        Assert.Equal(2, holders.GetArrayLength());
        Assert.Equal(Iso(claudeLeaves), holders[0].GetProperty("to").GetString());
        Assert.Equal("Dominique Roy", holders[1].GetProperty("name").GetString());
        Assert.Equal(Iso(starts), holders[1].GetProperty("from").GetString());
        Assert.Contains("role.holder.add", await AuditActionsAsync(Network));
        await web.ShotBothWidthsAsync(page, "role-holders-handover-fr", path);

        // In English: Dominique's term cannot end before Claude has left; then it ends in a year.
        await page.SwitchLanguageAsync("en");
        await OpenHolderFormsAsync(page);
        Assert.Contains("End of Dominique Roy's term", await page.InnerTextAsync("#end-term-form h3"));
        await page.FillAsync("#end-term-to", Iso(Today.AddDays(20)));
        await page.ClickAsync("#end-term");
        await Assertions.Expect(page.Locator("#holder-errors")).ToContainTextAsync($"Dominique Roy's term cannot end before Claude Bergeron leaves, on {Long(claudeLeaves, English)}");
        Assert.False((await HoldersAsync(Network, roleId))[1].TryGetProperty("to", out _));
        await WebTestKit.Shot(page, "role-holders-error-en-1280");

        var ends = Today.AddYears(1);
        await page.FillAsync("#end-term-to", Iso(ends));
        await page.ClickAsync("#end-term");
        await Assertions.Expect(page.Locator("#holder-done")).ToContainTextAsync($"The end of Dominique Roy's term is saved: {Long(ends, English)}");
        Assert.Contains($"from {Long(starts, English)} to {Long(ends, English)}", await page.InnerTextAsync("#holders li:first-child"));
        Assert.Equal(Iso(ends), (await HoldersAsync(Network, roleId))[1].GetProperty("to").GetString());
        Assert.Contains("role.holder.end", await AuditActionsAsync(Network));
        await ShotFormsBothWidthsAsync(page, "role-holders-form-en", path);
        await context.CloseAsync();
    }

    [Fact]
    public async Task AdminIsRefusedACapBelowTheRatioThenSetsOneAndTheChartFollows()
    {
        var scale = await Admin(Confederation).GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{Confederation}/pay-scale");
        var ratio = scale.GetProperty("ratio").GetDecimal();
        Assert.True(ratio > 1.1m, $"the seeded roles of {Confederation} have a pay ratio above 1.1 (got {ratio})");
        var bars = scale.GetProperty("roles").GetArrayLength();
        var tooLow = ratio - 0.1m;
        var context = await web.NewContextAsync();
        var page = await web.SignedInPageAsync(context, Confederation, "admin", "Camille Fortin");
        await page.GotoAsync(web.Url($"/t/{Confederation}/pay-scale"));
        Assert.Equal($"1 : {ratio.ToString("0.##", French)}", Plain(await page.InnerTextAsync("#fig-ratio .value")));
        Assert.Equal(0, await page.Locator(".pay-cap").CountAsync());

        // A cap below the roles' ratio, typed with a French comma: refused with the ratio and what to narrow.
        await page.FillAsync("#max-ratio", tooLow.ToString("0.##", French));
        await page.ClickAsync("#save-policy");
        var refusal = page.Locator("#policy-errors");
        await Assertions.Expect(refusal).ToContainTextAsync("Plafond refusé");
        var refusalText = Plain(await refusal.InnerTextAsync());
        Assert.Contains($"un écart de 1 : {ratio.ToString("0.##", French)}, au-dessus du plafond demandé de 1 : {tooLow.ToString("0.##", French)}", refusalText);
        Assert.Contains("Resserrez", refusalText);
        var highest = scale.GetProperty("roles").EnumerateArray().MaxBy(r => r.GetProperty("hourlyMax").GetDecimal());
        Assert.Contains($"« {highest.GetProperty("title").GetProperty("fr").GetString()} »", refusalText);
        Assert.DoesNotContain("above the requested", refusalText);
        Assert.Null(await CapAsync(Confederation));
        await WebTestKit.Shot(page, "pay-policy-refused-fr-1280");

        // A cap above it, and a 37,5-hour week, both with a comma: saved, and the figures and the cap line follow at once.
        var cap = Math.Ceiling(ratio * 10m) / 10m + 0.1m;
        await page.FillAsync("#max-ratio", cap.ToString("0.0", French));
        await page.FillAsync("#full-time-week", "37,5");
        await page.ClickAsync("#save-policy");
        await Assertions.Expect(page.Locator("#policy-done")).ToContainTextAsync($"écart maximal de 1 : {cap.ToString("0.##", French)}");
        Assert.Equal($"Plafond fixé à 1 : {cap.ToString("0.##", French)} — respecté", Plain(await page.InnerTextAsync("#cap-detail")));
        Assert.Contains("37,5", await page.InnerTextAsync("#fig-week .value"));
        Assert.Equal(bars, await page.Locator("#pay-bars .pay-cap").CountAsync());
        Assert.Contains($"le plafond de 1 : {cap.ToString("0.##", French)}", Plain(await page.InnerTextAsync("#cap-line")));
        var policy = await PolicyAsync(Confederation);
        Assert.Equal(cap, policy.GetProperty("maxRatio").GetDecimal());
        Assert.Equal(37.5m, policy.GetProperty("fullTimeHoursPerWeek").GetDecimal());
        Assert.Contains("pay-policy.put", await AuditActionsAsync(Confederation));
        await web.ShotBothWidthsAsync(page, "pay-policy-fr", $"/t/{Confederation}/pay-scale");

        // The cap now holds for role documents too: a wider range on the edit page is refused, in French.
        var highestId = highest.GetProperty("id").GetString()!;
        var salaryBefore = (await Admin(Confederation).GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{Confederation}/roles/{highestId}")).GetProperty("conditions").GetProperty("salary");
        await page.GotoAsync(web.Url($"/t/{Confederation}/roles/{highestId}/edit"));
        await page.FillAsync("#salary-max", (salaryBefore.GetProperty("max").GetDecimal() * 3m).ToString("0.00", French));
        await page.ClickAsync("#save-role");
        await Assertions.Expect(page.Locator("#role-errors")).ToContainTextAsync("au-delà de son plafond");
        Assert.Contains($"plafond, 1 : {cap.ToString("0.##", French)}", Plain(await page.InnerTextAsync("#role-errors")));
        Assert.Equal(salaryBefore.GetProperty("max").GetDecimal(),
            (await Admin(Confederation).GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{Confederation}/roles/{highestId}")).GetProperty("conditions").GetProperty("salary").GetProperty("max").GetDecimal());
        await page.GotoAsync(web.Url($"/t/{Confederation}/pay-scale"));

        // In English: a word is not a number; the whole « 1:4 » is understood.
        await page.SwitchLanguageAsync("en");
        await page.FillAsync("#max-ratio", "two");
        await page.ClickAsync("#save-policy");
        await Assertions.Expect(page.Locator("#policy-errors")).ToContainTextAsync("The maximum pay ratio must be a number");
        Assert.Equal(cap, await CapAsync(Confederation));
        await page.FillAsync("#max-ratio", tooLow.ToString("0.##", English));
        await page.ClickAsync("#save-policy");
        await Assertions.Expect(page.Locator("#policy-errors")).ToContainTextAsync($"Cap refused: the roles already have a pay ratio of 1:{ratio.ToString("0.##", English)}");
        var wide = cap + 0.2m;
        await page.FillAsync("#max-ratio", $"1:{wide.ToString("0.#", English)}");
        await page.ClickAsync("#save-policy");
        await Assertions.Expect(page.Locator("#cap-detail")).ToHaveTextAsync($"Cap set at 1:{wide.ToString("0.#", English)} — met");
        Assert.Equal(wide, await CapAsync(Confederation));
        await web.ShotBothWidthsAsync(page, "pay-policy-en", $"/t/{Confederation}/pay-scale");

        // Emptying the cap removes it, and its line.
        await page.FillAsync("#max-ratio", "");
        await page.ClickAsync("#save-policy");
        await Assertions.Expect(page.Locator("#cap-detail")).ToHaveTextAsync("No cap set");
        Assert.Equal(0, await page.Locator(".pay-cap").CountAsync());
        Assert.Null(await CapAsync(Confederation));
        await context.CloseAsync();
    }

    [Fact]
    public async Task OnlyAnAdminSeesOrPostsTheHolderAndPolicyFormsAndRefusalsAreNeverTheGrainsEnglish()
    {
        var (roleId, since) = await HeldRoleAsync(Network);
        var rolePath = $"/t/{Network}/roles/{roleId}";
        var successor = new Dictionary<string, string> { ["HolderInput.Name"] = "Intrus", ["HolderInput.From"] = Iso(Today), ["HolderInput.OutgoingUntil"] = Iso(Today) };
        var termEnd = new Dictionary<string, string> { ["TermEndInput.To"] = Iso(Today) };
        var policy = new Dictionary<string, string> { ["PolicyInput.MaxRatio"] = "9", ["PolicyInput.FullTimeHoursPerWeek"] = "20" };

        foreach (var role in new[] { "viewer", "staff" })
        {
            using var person = await web.NewPersonAsync(Network, role);
            var (status, html, _) = await person.GetAsync(rolePath);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Contains("Claude Bergeron", html);
            Assert.DoesNotContain("holder-form", html);
            Assert.DoesNotContain("end-term-form", html);
            Assert.Equal(HttpStatusCode.NotFound, (await person.GetAsync($"/t/{Network}/pay-scale")).Status);

            var forged = new[]
            {
                await person.PostFormAsync(rolePath, "holder", successor),
                await person.PostFormAsync(rolePath, "end-term", termEnd),
                await person.PostFormAsync($"/t/{Network}/pay-scale", "pay-policy", policy),
            };
            foreach (var (answer, _, _) in forged)
                Assert.True(answer is HttpStatusCode.BadRequest or HttpStatusCode.Forbidden or HttpStatusCode.NotFound, $"a {role}'s forged post answered {answer}");
        }
        // An admin of another tenant reaches neither page.
        using var foreigner = await web.NewPersonAsync(Confederation, "admin");
        // (Their page is a 404 without a form, so the post has no antiforgery token to send: 400 or 404, never a change.)
        foreach (var (answer, _, _) in new[] { await foreigner.PostFormAsync(rolePath, "holder", successor), await foreigner.PostFormAsync($"/t/{Network}/pay-scale", "pay-policy", policy) })
            Assert.True(answer is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"another tenant's admin's post answered {answer}");
        Assert.Equal(HttpStatusCode.NotFound, (await foreigner.GetAsync($"/t/{Network}/pay-scale")).Status);

        var holders = await HoldersAsync(Network, roleId);
        Assert.Equal(1, holders.GetArrayLength());
        Assert.False(holders[0].TryGetProperty("to", out _));
        Assert.Null(await CapAsync(Network));
        Assert.Equal(35m, (await PolicyAsync(Network)).GetProperty("fullTimeHoursPerWeek").GetDecimal());

        // The admin's own posts: the forms are there, and a refusal is a 4xx in French, never the grain's sentence.
        using var admin = await web.NewPersonAsync(Network, "admin");
        var (adminStatus, adminHtml, _) = await admin.GetAsync(rolePath);
        Assert.Equal(HttpStatusCode.OK, adminStatus);
        Assert.Contains("id=\"holder-form\"", adminHtml);
        Assert.Contains("id=\"end-term-form\"", adminHtml);
        var (early, earlyBody, _) = await admin.PostFormAsync(rolePath, "end-term", new Dictionary<string, string> { ["TermEndInput.To"] = Iso(since.AddDays(-1)) });
        Assert.Equal(HttpStatusCode.BadRequest, early);
        Assert.Contains("ne peut pas finir avant son entrée en fonction", WebUtility.HtmlDecode(earlyBody));
        Assert.False((await HoldersAsync(Network, roleId))[0].TryGetProperty("to", out _));

        // A cap of 1 is below any ratio of the confederation's salaried roles: a 409 that speaks French.
        using var confederationAdmin = await web.NewPersonAsync(Confederation, "admin");
        var capBefore = await CapAsync(Confederation);
        var (capStatus, capBody, _) = await confederationAdmin.PostFormAsync($"/t/{Confederation}/pay-scale", "pay-policy",
            new Dictionary<string, string> { ["PolicyInput.MaxRatio"] = "1", ["PolicyInput.FullTimeHoursPerWeek"] = "35" });
        Assert.Equal(HttpStatusCode.Conflict, capStatus);
        Assert.Contains("Plafond refusé", WebUtility.HtmlDecode(capBody));
        Assert.DoesNotContain("The roles already have", WebUtility.HtmlDecode(capBody));
        Assert.Equal(capBefore, await CapAsync(Confederation));

        var (badStatus, badBody, _) = await admin.PostFormAsync($"/t/{Network}/pay-scale", "pay-policy",
            new Dictionary<string, string> { ["PolicyInput.MaxRatio"] = "0,5", ["PolicyInput.FullTimeHoursPerWeek"] = "90" });
        Assert.Equal(HttpStatusCode.BadRequest, badStatus);
        Assert.Contains("L’écart salarial maximal va de 1 à 100.", WebUtility.HtmlDecode(badBody));
        Assert.Contains("au plus 80", WebUtility.HtmlDecode(badBody));
        Assert.Null(await CapAsync(Network));
    }
}
