using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace Platform.Web.Tests;

/// <summary>
/// The governance screens in Chromium and over HTTP against the real host, on CTROC's seeded board
/// (seven voting regional delegations, the two coordinators sitting without a vote, quorum 4).
/// Each test opens its own proposals and meetings, so the tests of the class do not depend on each other.
/// </summary>
public sealed class GovernanceWebTests(WebHost web) : IClassFixture<WebHost>
{
    private const string Tenant = "ctroc";
    private const string Board = "conseil";
    private const string NonVotingSeat = "coordination-representation";

    private static string BodyPage => $"/t/{Tenant}/governance/{Board}";
    private static string ProposalPage(string id) => $"{BodyPage}/proposals/{id}";
    private static string BoardApi => $"/api/v1/tenants/{Tenant}/bodies/{Board}";

    private HttpClient Admin => web.Host.Client(web.SeededKey(Tenant));

    [Fact]
    public async Task ASeatHolderSignsInAndStatesTheirOwnPositionInBothLanguages()
    {
        var context = await web.NewContextAsync();
        var page = await web.SignedInPageAsync(context, Tenant, "viewer", "Nadia Lévesque");
        await AssignAsync("estrie", await PersonIdAsync("Nadia Lévesque"));
        var proposal = await OpenProposalAsync("Adopter le plan d'action", "Adopt the action plan", "majority");

        await page.GotoAsync(web.Url(ProposalPage(proposal)));
        Assert.Equal(0, await page.Locator("#behalf-form").CountAsync()); // a viewer records nobody else's position
        await page.CheckAsync("#mine-estrie input[value=agree]");
        await page.ClickAsync("#mine-estrie button[type=submit]");
        await Assertions.Expect(page.Locator("#position-estrie")).ToContainTextAsync("Par le titulaire");
        await Assertions.Expect(page.Locator("#position-estrie")).ToContainTextAsync("Pour");
        Assert.Equal("1", await page.InnerTextAsync("#tally-agree .value"));
        Assert.Contains("Nadia Lévesque", await page.InnerTextAsync("#position-estrie"));

        // In English, the holder changes their mind before the proposal closes: the latest position counts.
        await page.SwitchLanguageAsync("en");
        await page.CheckAsync("#mine-estrie input[value=abstain]");
        await page.ClickAsync("#mine-estrie button[type=submit]");
        await Assertions.Expect(page.Locator("#position-estrie")).ToContainTextAsync("Abstain");
        await Assertions.Expect(page.Locator("#position-estrie")).ToContainTextAsync("By the holder");
        Assert.Equal("0", await page.InnerTextAsync("#tally-agree .value"));
        Assert.Equal("1", await page.InnerTextAsync("#tally-abstain .value"));

        var stated = (await Admin.GetFromJsonAsync<JsonElement>($"{BoardApi}/proposals/{proposal}")).GetProperty("positions").EnumerateArray().Single();
        Assert.Equal("estrie", stated.GetProperty("seat").GetString());
        Assert.Equal("abstain", stated.GetProperty("position").GetString());
        Assert.Equal("Nadia Lévesque", stated.GetProperty("statedByName").GetString());
        Assert.False(stated.TryGetProperty("onBehalfOf", out var onBehalf) && onBehalf.ValueKind != JsonValueKind.Null);

        // A seat the person does not hold offers no form of its own.
        Assert.Equal(0, await page.Locator("#mine-montreal").CountAsync());
        await context.CloseAsync();
    }

    [Fact]
    public async Task StaffRecordAPositionOnAHoldersBehalfAndANonVotingSeatIsShownButNotCounted()
    {
        var context = await web.NewContextAsync();
        var page = await web.SignedInPageAsync(context, Tenant, "staff", "Camille Roy");
        await AssignAsync("outaouais", await InviteAndJoinAsync("Olivier Bélanger"));

        // Staff open the proposal from the body's page.
        await page.GotoAsync(web.Url(BodyPage));
        await page.FillAsync("#proposal-fr", "Adhérer à la campagne régionale");
        await page.FillAsync("#proposal-en", "Join the regional campaign");
        await page.SelectOptionAsync("#proposal-mode", "Majority");
        await page.ClickAsync("#propose-form button[type=submit]");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/proposals/p-"));
        var proposal = page.Url[(page.Url.LastIndexOf('/') + 1)..];

        await RecordOnBehalfAsync(page, "outaouais", "Agree");
        await Assertions.Expect(page.Locator("#position-outaouais")).ToContainTextAsync("Consignée par Camille Roy au nom de Olivier Bélanger");
        await RecordOnBehalfAsync(page, NonVotingSeat, "Block");
        await Assertions.Expect(page.Locator($"#position-{NonVotingSeat}")).ToContainTextAsync("Blocage");
        await Assertions.Expect(page.Locator($"#position-{NonVotingSeat}")).ToContainTextAsync("non comptée");
        Assert.Equal("1", await page.InnerTextAsync("#tally-agree .value"));
        Assert.Equal("0", await page.InnerTextAsync("#tally-block .value")); // the staff seat's block is not counted
        Assert.Contains("1", await page.InnerTextAsync("#uncounted"));
        Assert.EndsWith("1 sur 4 requis", await page.InnerTextAsync("#quorum-text"));
        await web.ShotBothWidthsAsync(page, "gov-proposal-fr", ProposalPage(proposal));

        await page.SwitchLanguageAsync("en");
        await Assertions.Expect(page.Locator("#position-outaouais")).ToContainTextAsync("Recorded by Camille Roy on behalf of Olivier Bélanger");
        await Assertions.Expect(page.Locator($"#position-{NonVotingSeat}")).ToContainTextAsync("not counted");
        await web.ShotBothWidthsAsync(page, "gov-proposal-en", ProposalPage(proposal));

        var stated = (await Admin.GetFromJsonAsync<JsonElement>($"{BoardApi}/proposals/{proposal}")).GetProperty("positions").EnumerateArray()
            .Single(p => p.GetProperty("seat").GetString() == "outaouais");
        Assert.Equal("Olivier Bélanger", stated.GetProperty("onBehalfOf").GetString());
        Assert.Equal("Camille Roy", stated.GetProperty("statedByName").GetString());
        await context.CloseAsync();
    }

    [Fact]
    public async Task AMeetingTakesTheRollWhereOnlyVotingSeatsPresentMakeTheQuorumAndKeepsMinutesInBothLanguages()
    {
        var context = await web.NewContextAsync();
        var page = await web.SignedInPageAsync(context, Tenant, "staff", "Jeanne Morin");
        await page.GotoAsync(web.Url(BodyPage));
        // The date field opens on today: a meeting held today takes its roll at once.
        await page.FillAsync("#meeting-fr", "Réunion ordinaire du conseil");
        await page.FillAsync("#meeting-en", "Regular board meeting");
        await page.FillAsync("#meeting-location", "Salle communautaire, Sherbrooke");
        await page.ClickAsync("#meeting-form button[type=submit]");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/meetings/m-"));
        var meetingPath = new Uri(page.Url).AbsolutePath;
        var meetingApi = $"{BoardApi}/meetings/{meetingPath[(meetingPath.LastIndexOf('/') + 1)..]}";

        await page.FillAsync("#item-fr", "Adoption du procès-verbal de la dernière réunion");
        await page.FillAsync("#item-en", "Approval of the last meeting's minutes");
        await page.ClickAsync("#agenda-form button[type=submit]");
        await Assertions.Expect(page.Locator("#agenda li")).ToHaveCountAsync(1);

        // Three delegations and both coordinators: five people in the room, three votes — below the quorum of 4.
        foreach (var seat in new[] { "bas-saint-laurent", "estrie", "montreal", NonVotingSeat, "coordination-vie-associative" })
            await page.CheckAsync($"#roll-form input[value={seat}]");
        await page.ClickAsync("#roll-form button[type=submit]");
        await Assertions.Expect(page.Locator("#meeting-quorum")).ToContainTextAsync("3 sur 4 requis");
        await Assertions.Expect(page.Locator("#meeting-quorum")).ToContainTextAsync("quorum non atteint");

        await page.CheckAsync("#roll-form input[value=monteregie]");
        await page.ClickAsync("#roll-form button[type=submit]");
        await Assertions.Expect(page.Locator("#meeting-quorum")).ToContainTextAsync("quorum atteint");

        await page.FillAsync("#minutes-fr", "Le conseil adopte l'ordre du jour.\nLa séance est levée à 21 h.");
        await page.FillAsync("#minutes-en", "The board adopts the agenda.\nThe meeting ends at 9 p.m.");
        await page.ClickAsync("#minutes-form button[type=submit]");
        await Assertions.Expect(page.Locator("p.ok")).ToContainTextAsync("Le procès-verbal est enregistré.");
        Assert.Equal("The board adopts the agenda.\nThe meeting ends at 9 p.m.", await page.InputValueAsync("#minutes-en"));
        await web.ShotBothWidthsAsync(page, "gov-meeting-fr", meetingPath);

        await page.SwitchLanguageAsync("en");
        await Assertions.Expect(page.Locator("#meeting-quorum")).ToContainTextAsync("Voting seats present: 4 of 4 required — quorum met");
        await web.ShotBothWidthsAsync(page, "gov-meeting-en", meetingPath);

        var meeting = await Admin.GetFromJsonAsync<JsonElement>(meetingApi);
        var attendance = meeting.GetProperty("attendance");
        Assert.Equal(4, attendance.GetProperty("votingPresent").GetInt32());
        Assert.True(attendance.GetProperty("quorumMet").GetBoolean());
        Assert.Equal(6, attendance.GetProperty("seats").EnumerateArray().Count(s => s.GetProperty("present").GetBoolean()));
        Assert.Equal("Le conseil adopte l'ordre du jour.\nLa séance est levée à 21 h.", meeting.GetProperty("minutes").GetProperty("fr").GetString());

        // The body lists the meeting with its quorum and minutes; a viewer reads the minutes without a form.
        var listed = (await Admin.GetFromJsonAsync<JsonElement>($"{BoardApi}/meetings")).EnumerateArray().Single(m => m.GetProperty("id").GetString() == meeting.GetProperty("id").GetString());
        Assert.True(listed.GetProperty("quorumMet").GetBoolean());
        Assert.True(listed.GetProperty("hasMinutes").GetBoolean());
        using var viewer = await web.NewPersonAsync(Tenant, "viewer");
        var (status, body, _) = await viewer.GetAsync(meetingPath);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("minutes-text-fr", body);
        Assert.DoesNotContain("minutes-form", body);
        Assert.DoesNotContain("roll-form", body);
        await context.CloseAsync();
    }

    [Fact]
    public async Task ClosingAProposalGivesTheOutcomeByTheBodysModeAndTheRegisterShowsIt()
    {
        // Consensus: four delegations agree, one stands aside; a coordinator's block is recorded, never counted.
        var passes = await OpenProposalAsync("Adopter le budget", "Adopt the budget", "consensus");
        foreach (var seat in new[] { "bas-saint-laurent", "capitale-nationale", "estrie", "montreal" }) await StateAsync(passes, seat, "agree");
        await StateAsync(passes, "gaspesie", "abstain");
        await StateAsync(passes, NonVotingSeat, "block");
        // Consensus again, with one delegation disagreeing: rejected.
        var rejected = await OpenProposalAsync("Déménager le bureau", "Move the office", "consensus");
        foreach (var seat in new[] { "bas-saint-laurent", "capitale-nationale", "estrie" }) await StateAsync(rejected, seat, "agree");
        await StateAsync(rejected, "outaouais", "disagree");

        var context = await web.NewContextAsync();
        var page = await web.SignedInPageAsync(context, Tenant, "staff", "Léa Fortin");
        await page.GotoAsync(web.Url(ProposalPage(passes)));
        Assert.Contains("Adoptée", await page.InnerTextAsync("#projection"));
        await page.ClickAsync("#close-form button[type=submit]");
        await Assertions.Expect(page.Locator("#outcome h2")).ToHaveTextAsync("Adoptée");
        Assert.Equal(0, await page.Locator("#behalf-form").CountAsync());
        Assert.Equal("Close", await page.InnerTextAsync("#proposal-status"));

        await page.SwitchLanguageAsync("en");
        await page.GotoAsync(web.Url(ProposalPage(rejected)));
        await page.ClickAsync("#close-form button[type=submit]");
        await Assertions.Expect(page.Locator("#outcome h2")).ToHaveTextAsync("Rejected");

        await page.GotoAsync(web.Url($"{BodyPage}/decisions"));
        Assert.Contains("Passed", await page.InnerTextAsync($"#decision-{passes}"));
        Assert.Contains("Rejected", await page.InnerTextAsync($"#decision-{rejected}"));
        Assert.Contains("Adopt the budget", await page.InnerTextAsync($"#decision-{passes}"));
        await web.ShotBothWidthsAsync(page, "gov-register-en", $"{BodyPage}/decisions");
        await web.ShotBothWidthsAsync(page, "gov-bodies-en", $"/t/{Tenant}/governance");
        await web.ShotBothWidthsAsync(page, "gov-body-en", BodyPage);

        await page.SwitchLanguageAsync("fr");
        await page.GotoAsync(web.Url($"{BodyPage}/decisions"));
        Assert.Contains("Adoptée", await page.InnerTextAsync($"#decision-{passes}"));
        Assert.Contains("Rejetée", await page.InnerTextAsync($"#decision-{rejected}"));
        await web.ShotBothWidthsAsync(page, "gov-register-fr", $"{BodyPage}/decisions");
        await web.ShotBothWidthsAsync(page, "gov-bodies-fr", $"/t/{Tenant}/governance");
        await web.ShotBothWidthsAsync(page, "gov-body-fr", BodyPage);

        // The bodies list and the tab: CTROC's board and its co-management, reached from the navigation.
        await page.GotoAsync(web.Url($"/t/{Tenant}"));
        await page.ClickAsync("nav.tabs a[href$='/governance']");
        await Assertions.Expect(page.Locator("#bodies-table")).ToContainTextAsync("Conseil d'administration");
        await Assertions.Expect(page.Locator("#bodies-table")).ToContainTextAsync("Cogestion");

        var register = await Admin.GetFromJsonAsync<JsonElement>($"{BoardApi}/decisions");
        Assert.Equal("passed", register.EnumerateArray().Single(p => p.GetProperty("id").GetString() == passes).GetProperty("outcome").GetProperty("outcome").GetString());
        await context.CloseAsync();
    }

    [Fact]
    public async Task APersonOfAnotherTenantGetsNotFoundOnEveryGovernancePage()
    {
        var proposal = await OpenProposalAsync("Question confidentielle", "Confidential question", "majority");
        using var outsider = await web.NewPersonAsync("reseau-coop", "admin");
        foreach (var path in new[] { $"/t/{Tenant}/governance", BodyPage, ProposalPage(proposal), $"{BodyPage}/decisions", $"{BodyPage}/meetings/m-inconnue" })
        {
            var (status, body, _) = await outsider.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, status);
            Assert.DoesNotContain("Question confidentielle", body);
            Assert.DoesNotContain("Délégation", body);
        }
        // In its own tenant, an unknown body or proposal is the same not-found page.
        using var member = await web.NewPersonAsync(Tenant, "viewer");
        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync($"/t/{Tenant}/governance/nulle-part")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync(ProposalPage("aucune"))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync($"{BodyPage}/meetings/aucune")).Status);
    }

    [Fact]
    public async Task AViewerSeesNoEditControlsAndForgedPostsAreRefusedWithNothingWritten()
    {
        var proposal = await OpenProposalAsync("Renouveler l'entente", "Renew the agreement", "two-thirds");
        using var viewer = await web.NewPersonAsync(Tenant, "viewer");
        var (_, bodyPage, _) = await viewer.GetAsync(BodyPage);
        foreach (var form in new[] { "assign-form", "propose-form", "meeting-form" }) Assert.DoesNotContain(form, bodyPage);
        var (_, proposalPage, _) = await viewer.GetAsync(ProposalPage(proposal));
        foreach (var form in new[] { "behalf-form", "close-form", "mine-" }) Assert.DoesNotContain(form, proposalPage);

        // Forms a viewer never saw, posted anyway: no handler runs (400), and the handlers check the role too (403).
        var forged = new[]
        {
            await viewer.PostFormAsync(ProposalPage(proposal), "behalf", new Dictionary<string, string> { ["Behalf.Seat"] = "estrie", ["Behalf.Position"] = "Block" }),
            await viewer.PostFormAsync(ProposalPage(proposal), "close", new Dictionary<string, string>()),
            await viewer.PostFormAsync(ProposalPage(proposal), "mine-estrie", new Dictionary<string, string> { ["position"] = "block" }),
            await viewer.PostFormAsync(BodyPage, "propose", new Dictionary<string, string> { ["NewProposal.TitleFr"] = "x", ["NewProposal.TitleEn"] = "y", ["NewProposal.Mode"] = "Majority" }),
            await viewer.PostFormAsync(BodyPage, "assign", new Dictionary<string, string> { ["Assign.Seat"] = "estrie", ["Assign.Person"] = "" }),
        };
        foreach (var (status, _, _) in forged) Assert.True(status is HttpStatusCode.BadRequest or HttpStatusCode.Forbidden, $"forged post answered {status}");

        // Staff may not give seats either (an admin's form).
        using var staff = await web.NewPersonAsync(Tenant, "staff");
        var (_, staffBodyPage, _) = await staff.GetAsync(BodyPage);
        Assert.DoesNotContain("assign-form", staffBodyPage);
        var (staffForged, _, _) = await staff.PostFormAsync(BodyPage, "assign", new Dictionary<string, string> { ["Assign.Seat"] = "gaspesie", ["Assign.Person"] = "" });
        Assert.True(staffForged is HttpStatusCode.BadRequest or HttpStatusCode.Forbidden, $"forged post answered {staffForged}");

        var stored = await Admin.GetFromJsonAsync<JsonElement>($"{BoardApi}/proposals/{proposal}");
        Assert.Equal("open", stored.GetProperty("status").GetString());
        Assert.Equal(0, stored.GetProperty("positions").GetArrayLength());
        var open = await Admin.GetFromJsonAsync<JsonElement>($"{BoardApi}/proposals");
        Assert.DoesNotContain(open.EnumerateArray(), p => p.GetProperty("title").GetProperty("fr").GetString() == "x");
    }

    private async Task RecordOnBehalfAsync(IPage page, string seat, string position)
    {
        await page.SelectOptionAsync("#behalf-seat", seat);
        await page.SelectOptionAsync("#behalf-position", position);
        await page.ClickAsync("#behalf-form button[type=submit]");
        await Assertions.Expect(page.Locator("p.ok")).ToBeVisibleAsync();
    }

    private async Task<string> OpenProposalAsync(string fr, string en, string mode)
    {
        var response = await Admin.PostAsJsonAsync($"{BoardApi}/proposals", new { title = new { fr, en }, mode });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private async Task StateAsync(string proposal, string seat, string position)
    {
        var response = await Admin.PostAsJsonAsync($"{BoardApi}/proposals/{proposal}/positions", new { seat, position });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task AssignAsync(string seat, string personId)
    {
        var response = await Admin.PutAsJsonAsync($"{BoardApi}/seats/{seat}", new { person = personId });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>The id of the tenant's person with that name (names are unique within this class's tests).</summary>
    private async Task<string> PersonIdAsync(string name) =>
        (await Admin.GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{Tenant}/people")).EnumerateArray()
            .Single(p => p.GetProperty("name").GetString() == name).GetProperty("id").GetString()!;

    /// <summary>A person who accepted an invitation (a seat holder who is not signed in during the test).</summary>
    private async Task<string> InviteAndJoinAsync(string name)
    {
        var link = await web.InviteAsync(Tenant, $"holder-{Guid.NewGuid():N}@example.org", "viewer");
        using var session = new Session(web.Host.BaseAddress);
        var (status, _, _) = await session.PostFormAsync(link, "accept", WebTestKit.NewAccount(name));
        Assert.Equal(HttpStatusCode.Redirect, status);
        return await PersonIdAsync(name);
    }
}
