using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace Platform.Web.Tests;

/// <summary>Adding and editing a member in its form, and importing members from a CSV file.</summary>
public sealed class MemberImportWebTests(WebHost web) : IClassFixture<WebHost>
{
    private const string Federation = "reseau-coop";

    [Theory]
    [InlineData("fr")]
    [InlineData("en")]
    public async Task StaffAddsAndEditsAMemberWithProblemsShownNextToTheFields(string language)
    {
        var context = await web.NewContextAsync();
        var page = await web.SignedInPageAsync(context, Federation, "staff");
        if (language == "en") await page.SwitchLanguageAsync("en");
        await page.GotoAsync(web.Url($"/t/{Federation}/members"));
        await page.ClickAsync("#add-member");
        Assert.EndsWith($"/t/{Federation}/members/new", page.Url);
        await web.ShotBothWidthsAsync(page, $"member-new-{language}", $"/t/{Federation}/members/new");
        var before = await CountAsync();

        // Missing name, a registry number with a space, no region: each problem next to its field, nothing added.
        await page.FillAsync("#f-registryId", "12 34");
        await page.SelectOptionAsync("#f-type", "worker");
        await page.ClickAsync("#member-form button.primary");
        await Assertions.Expect(page.Locator("#e-name")).ToHaveTextAsync(language == "fr" ? "Le nom est manquant." : "The name is missing.");
        await Assertions.Expect(page.Locator("#e-region")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#e-registryId")).ToContainTextAsync(language == "fr" ? "numéro au registre" : "registry number");
        Assert.Equal("true", await page.GetAttributeAsync("#f-name", "aria-invalid"));
        await Shot(page, $"member-new-problems-{language}-1280");
        Assert.Equal(before, await CountAsync());

        // A registry number another member holds: the grain's refusal, next to the field.
        var taken = (await Members()).EnumerateArray().First(m => m.TryGetProperty("registryId", out var r) && r.ValueKind == JsonValueKind.String && m.GetProperty("status").GetString() == "active")
            .GetProperty("registryId").GetString()!;
        var name = $"Coop Essai {language} {Guid.NewGuid():N}"[..22];
        await page.FillAsync("#f-name", name);
        await page.SelectOptionAsync("#f-region", "05");
        await page.FillAsync("#f-registryId", taken);
        await page.ClickAsync("#member-form button.primary");
        await Assertions.Expect(page.Locator("#e-registryId")).ToContainTextAsync(language == "fr" ? "a déjà ce numéro" : "already has this registry number");
        Assert.Equal(before, await CountAsync());

        await page.FillAsync("#f-registryId", "");
        await page.FillAsync("#f-workerMembers", "7");
        await page.CheckAsync("#f-ambassador");
        await page.ClickAsync("#member-form button.primary");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex($"/t/{Federation}/members/m-[0-9a-f]+$"));
        var id = page.Url.Split('/')[^1];
        var added = await web.Host.Client(web.SeededKey(Federation)).GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{Federation}/members/{id}");
        Assert.Equal(name, added.GetProperty("name").GetString());
        Assert.Equal("05", added.GetProperty("region").GetString());
        Assert.Equal(7, added.GetProperty("workerMembers").GetInt32());
        Assert.True(added.GetProperty("ambassador").GetBoolean());

        // Edit from the member page.
        await page.ClickAsync("#edit-member");
        Assert.Equal(name, await page.InputValueAsync("#f-name"));
        await web.ShotBothWidthsAsync(page, $"member-edit-{language}", $"/t/{Federation}/members/{id}/edit");
        await page.FillAsync("#f-name", name + " (renommée)");
        await page.FillAsync("#f-joinedOn", "");
        await page.ClickAsync("#member-form button.primary");
        await Assertions.Expect(page.Locator("#e-joinedOn")).ToHaveTextAsync(language == "fr" ? "La date d'adhésion est manquante." : "The date of joining is missing.");
        await page.FillAsync("#f-joinedOn", "2021-02-28");
        await page.UncheckAsync("#f-ambassador");
        await page.ClickAsync("#member-form button.primary");
        await page.WaitForURLAsync(web.Url($"/t/{Federation}/members/{id}"));
        var edited = await web.Host.Client(web.SeededKey(Federation)).GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{Federation}/members/{id}");
        Assert.Equal(name + " (renommée)", edited.GetProperty("name").GetString());
        Assert.Equal("2021-02-28", edited.GetProperty("joinedOn").GetString());
        Assert.False(edited.GetProperty("ambassador").GetBoolean());
        Assert.Equal(before + 1, await CountAsync());
    }

    [Theory]
    [InlineData("fr")]
    [InlineData("en")]
    public async Task CsvImportListsProblemsWritesNothingUntilConfirmedAndReimportingChangesNothing(string language)
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var taken = (await Members()).EnumerateArray().First(m => m.TryGetProperty("registryId", out var r) && r.ValueKind == JsonValueKind.String && m.GetProperty("status").GetString() == "active")
            .GetProperty("registryId").GetString()!;
        var csv = language == "fr"
            ? "Identifiant;Nom;Type;Région;Secteur;Date d'adhésion;Membres travailleurs;NEQ;Ambassadeur\r\n" +
              $"imp-{tag}-a;Coop du Fjord {tag};Coopérative de travail;02;microbrewery;2024-05-01;12;;oui\r\n" +
              $"imp-{tag}-b;\"Boulangerie « Le Four ; à bois » {tag}\";solidarity;06;;2023-11-15;;;non\r\n" +
              $"imp-{tag}-c;;worker;99;;2024-13-01;beaucoup;;\r\n" +
              $"imp-{tag}-a;Doublon {tag};worker;06;;2024-01-01;;;\r\n" +
              $"imp-{tag}-e;Coop Registre {tag};worker;06;;2024-01-01;;{taken};\r\n"
            : "id,name,type,region,sector,joinedOn,workerMembers,registryId,ambassador\r\n" +
              $"imp-{tag}-a,Fjord Co-op {tag},worker,02,microbrewery,2024-05-01,12,,true\r\n" +
              $"imp-{tag}-b,\"Bakery, \"\"The Oven\"\" {tag}\",solidarity,06,,2023-11-15,,,false\r\n" +
              $"imp-{tag}-c,,worker,99,,2024-13-01,lots,,\r\n" +
              $"imp-{tag}-a,Duplicate {tag},worker,06,,2024-01-01,,,\r\n" +
              $"imp-{tag}-e,Registry Co-op {tag},worker,06,,2024-01-01,,{taken},\r\n";

        var context = await web.NewContextAsync();
        var page = await web.SignedInPageAsync(context, Federation, "staff");
        if (language == "en") await page.SwitchLanguageAsync("en");
        await page.GotoAsync(web.Url($"/t/{Federation}/members"));
        await page.ClickAsync("#import-members");
        await web.ShotBothWidthsAsync(page, $"import-{language}", $"/t/{Federation}/members/import");
        var before = await CountAsync();

        await page.SetInputFilesAsync("#file", new FilePayload { Name = "membres.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes(csv) });
        await page.ClickAsync("#upload-form button.primary");
        await Assertions.Expect(page.Locator("#import-table tbody tr")).ToHaveCountAsync(5);
        await Assertions.Expect(page.Locator("tr.row-new")).ToHaveCountAsync(2);
        var bad = page.Locator("tr[data-line='4'] .row-problems li");
        await Assertions.Expect(bad).ToHaveCountAsync(4);
        var problems = string.Join("\n", await bad.AllInnerTextsAsync());
        Assert.Contains(language == "fr" ? "Le nom est manquant." : "The name is missing.", problems);
        Assert.Contains(language == "fr" ? "Code de région inconnu" : "Unknown region code", problems);
        Assert.Contains(language == "fr" ? "n'est pas une date" : "is not a date", problems);
        Assert.Contains(language == "fr" ? "Membres travailleurs" : "Worker members", problems);
        await Assertions.Expect(page.Locator("tr[data-line='5'] .row-problems")).ToContainTextAsync(language == "fr" ? "ligne 2 du fichier" : "line 2 of the file");
        await Assertions.Expect(page.Locator("tr[data-line='6'] .row-problems")).ToContainTextAsync(taken);
        await Shot(page, $"import-preview-{language}-1280");
        await page.SetViewportSizeAsync(375, 800);
        await Shot(page, $"import-preview-{language}-375");
        await page.SetViewportSizeAsync(1280, 900);
        // Nothing written before the confirmation.
        Assert.Equal(before, await CountAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await web.Host.Client(web.SeededKey(Federation)).GetAsync($"/api/v1/tenants/{Federation}/members/imp-{tag}-a")).StatusCode);

        await page.ClickAsync("#confirm-form button.primary");
        await Assertions.Expect(page.Locator("#import-result")).ToContainTextAsync(language == "fr" ? "2\u00a0ajoutés" : "2 added");
        await Shot(page, $"import-done-{language}-1280");
        Assert.Equal(before + 2, await CountAsync());
        var b = await web.Host.Client(web.SeededKey(Federation)).GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{Federation}/members/imp-{tag}-b");
        Assert.Equal(language == "fr" ? $"Boulangerie « Le Four ; à bois » {tag}" : $"Bakery, \"The Oven\" {tag}", b.GetProperty("name").GetString());
        Assert.Equal("solidarity", b.GetProperty("type").GetString());
        var a = await web.Host.Client(web.SeededKey(Federation)).GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{Federation}/members/imp-{tag}-a");
        Assert.True(a.GetProperty("ambassador").GetBoolean());
        Assert.Equal(12, a.GetProperty("workerMembers").GetInt32());

        // The same file again: both rows already there as written, nothing to import, nothing changes.
        await page.GotoAsync(web.Url($"/t/{Federation}/members/import"));
        await page.FillAsync("#pasted", csv);
        await page.ClickAsync("#upload-form button.primary");
        await Assertions.Expect(page.Locator("tr.row-unchanged")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("tr.row-new")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#nothing-to-import")).ToBeVisibleAsync();
        Assert.Equal(0, await page.Locator("#confirm-form").CountAsync());
        Assert.Equal(before + 2, await CountAsync());
    }

    [Fact]
    public async Task TheMembersExportImportedBackIsUnchangedRowForRow()
    {
        var export = await web.Host.Client(web.SeededKey(Federation)).GetStringAsync($"/api/v1/tenants/{Federation}/members?format=csv");
        using var staff = await web.NewPersonAsync(Federation, "staff");
        var (status, body, _) = await staff.PostFormAsync($"/t/{Federation}/members/import", "preview", new Dictionary<string, string> { ["pasted"] = export });
        Assert.Equal(HttpStatusCode.OK, status);
        var rows = export.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length - 1;
        Assert.Equal(rows, System.Text.RegularExpressions.Regex.Matches(body, "class=\"row-unchanged\"").Count);
        Assert.DoesNotContain("row-new", body);
        Assert.DoesNotContain("row-problem", body);
    }

    [Fact]
    public async Task AViewerHasNoMemberFormNorImportAndForgedPostsWriteNothing()
    {
        using var viewer = await web.NewPersonAsync(Federation, "viewer");
        var (_, list, _) = await viewer.GetAsync($"/t/{Federation}/members");
        Assert.DoesNotContain("add-member", list);
        Assert.DoesNotContain("import-members", list);
        var memberId = (await Members())[0].GetProperty("id").GetString()!;
        Assert.DoesNotContain("edit-member", (await viewer.GetAsync($"/t/{Federation}/members/{memberId}")).Body);
        foreach (var path in new[] { "members/new", "members/import", $"members/{memberId}/edit" })
            Assert.Equal(HttpStatusCode.NotFound, (await viewer.GetAsync($"/t/{Federation}/{path}")).Status);

        var before = await CountAsync();
        var content = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("id,name,type,region,joinedOn\r\nforged-1,Forged,worker,06,2024-01-01\r\n"));
        var (forged, _, _) = await viewer.PostFormAsync($"/t/{Federation}/members/import", "confirm", new Dictionary<string, string> { ["content"] = content });
        Assert.True(forged is HttpStatusCode.NotFound or HttpStatusCode.BadRequest or HttpStatusCode.Forbidden, $"forged post answered {forged}");
        var (forgedAdd, _, _) = await viewer.PostFormAsync($"/t/{Federation}/members/new", "member",
            new Dictionary<string, string> { ["name"] = "Forged", ["type"] = "worker", ["region"] = "06", ["joinedOn"] = "2024-01-01" });
        Assert.True(forgedAdd is HttpStatusCode.NotFound or HttpStatusCode.BadRequest or HttpStatusCode.Forbidden, $"forged post answered {forgedAdd}");
        Assert.Equal(before, await CountAsync());

        // Another federation's forms are not found, even for its staff elsewhere.
        using var staff = await web.NewPersonAsync(Federation, "staff");
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync("/t/fcct/members/import")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync("/t/fcct/members/new")).Status);
    }

    private async Task<JsonElement> Members() =>
        await web.Host.Client(web.SeededKey(Federation)).GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{Federation}/members");

    private async Task<int> CountAsync() => (await Members()).GetArrayLength();

    private static Task Shot(IPage page, string name) => WebTestKit.Shot(page, name);
}
