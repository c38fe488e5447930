using Platform.Abstractions;
using Platform.Abstractions.Governance;
using Platform.Grains.Governance;
using Platform.Grains.Roles;
using Platform.Testing;
using static Platform.Grains.Tests.Roles.RoleFixtures;

namespace Platform.Grains.Tests.Governance;

/// <summary>Meetings of a body: each its own grain, listed by the body; the roll decides the quorum from voting seats only.</summary>
public sealed class MeetingTests
{
    private const string Tenant = "ctroc";

    /// <summary>Five voting delegations (quorum 3) and two coordinators without a vote.</summary>
    private static BodyDefinition Board() => new(
        BodyKind.Board,
        Text("Conseil d'administration", "Board of directors"),
        [
            new SeatDefinition("d1", "Délégation 1", true),
            new SeatDefinition("d2", "Délégation 2", true),
            new SeatDefinition("d3", "Délégation 3", true),
            new SeatDefinition("d4", "Délégation 4", true),
            new SeatDefinition("d5", "Délégation 5", true),
            new SeatDefinition("c1", "Coordination 1", false),
            new SeatDefinition("c2", "Coordination 2", false),
        ]);

    private static IGovernanceBodyGrain Body(PlatformTestCluster runtime) => runtime.Grains.GetGrain<IGovernanceBodyGrain>(Ids.Key(Tenant, "ca"));

    private static IMeetingGrain Meeting(PlatformTestCluster runtime, string id) => runtime.Grains.GetGrain<IMeetingGrain>(MeetingKeys.Of(Tenant, "ca", id));

    private static DateOnly Today(PlatformTestCluster runtime) => PostingCalendar.Today(new BusinessClock(runtime.Clock));

    private static MeetingDefinition Regular(DateOnly on, params AgendaItemDefinition[] agenda) =>
        new(null, on, Text("Réunion ordinaire", "Regular meeting"), "Sherbrooke", agenda);

    private static async Task<IMeetingGrain> HeldTodayAsync(PlatformTestCluster runtime, string id = "m1")
    {
        await Body(runtime).DefineAsync(Board());
        var meeting = Meeting(runtime, id);
        await meeting.CreateAsync(Regular(Today(runtime)));
        return meeting;
    }

    [Fact]
    public async Task OnlyVotingSeatsPresentMakeTheQuorumAndTheRollKeepsEverySeat()
    {
        await using var runtime = await CreateAsync();
        var meeting = await HeldTodayAsync(runtime);

        var short1 = await meeting.RecordAttendanceAsync(["d1", "d2", "c1", "c2"]);
        Assert.Equal((2, 5, 3, false), (short1.Attendance!.VotingPresent, short1.Attendance.VotingSeats, short1.Attendance.Quorum, short1.Attendance.QuorumMet));
        Assert.Equal(7, short1.Attendance.Seats.Count);
        Assert.False(short1.Attendance.Seats.Single(s => s.Seat == "d5").Present);

        var enough = await meeting.RecordAttendanceAsync(["d1", "d2", "d3"]);
        Assert.True(enough.Attendance!.QuorumMet);
        Assert.Equal("Délégation 3", enough.Attendance.Seats.Single(s => s.Seat == "d3").Holder);

        var listed = Assert.Single(await Body(runtime).ListMeetingsAsync());
        Assert.Equal((3, true), (listed.VotingPresent, listed.QuorumMet));
    }

    [Fact]
    public async Task TheRollNamesTheSeatsPersonAsItIsThatDay()
    {
        await using var runtime = await CreateAsync();
        var meeting = await HeldTodayAsync(runtime);
        var nadia = await SeatHolderTests.JoinAsync(runtime, Tenant, "Nadia Lévesque");
        await Body(runtime).AssignSeatAsync("d1", nadia);

        var taken = await meeting.RecordAttendanceAsync(["d1"]);

        var seat = taken.Attendance!.Seats.Single(s => s.Seat == "d1");
        Assert.Equal(("Nadia Lévesque", nadia), (seat.Holder, seat.Person));
    }

    [Fact]
    public async Task AMeetingStillToComeTakesNoRollAndNoMinutes()
    {
        await using var runtime = await CreateAsync();
        await Body(runtime).DefineAsync(Board());
        var meeting = Meeting(runtime, "next");
        await meeting.CreateAsync(Regular(Today(runtime).AddDays(1)));

        await Assert.ThrowsAsync<ConflictException>(() => meeting.RecordAttendanceAsync(["d1", "d2", "d3"]));
        await Assert.ThrowsAsync<ConflictException>(() => meeting.WriteMinutesAsync("Texte", "Text"));
        Assert.Null((await meeting.GetAsync())!.Attendance);

        // The day comes: the roll opens.
        runtime.Clock.Advance(TimeSpan.FromDays(1));
        Assert.True((await meeting.RecordAttendanceAsync(["d1", "d2", "d3"])).Attendance!.QuorumMet);
    }

    [Fact]
    public async Task BadRollsAreRefusedAndTheRollTakenBeforeStays()
    {
        await using var runtime = await CreateAsync();
        var meeting = await HeldTodayAsync(runtime);
        await meeting.RecordAttendanceAsync(["d1"]);

        await Assert.ThrowsAsync<ValidationFailedException>(() => meeting.RecordAttendanceAsync(null));
        await Assert.ThrowsAsync<ValidationFailedException>(() => meeting.RecordAttendanceAsync(["inconnu"]));
        await Assert.ThrowsAsync<ValidationFailedException>(() => meeting.RecordAttendanceAsync(["d2", "d2"]));
        await Assert.ThrowsAsync<ValidationFailedException>(() => meeting.RecordAttendanceAsync([null!]));

        Assert.Equal(["d1"], (await meeting.GetAsync())!.Attendance!.Seats.Where(s => s.Present).Select(s => s.Seat));
    }

    [Fact]
    public async Task MinutesAreKeptPerLanguageWithPlainLineBreaksAndBlankMeansNotWritten()
    {
        await using var runtime = await CreateAsync();
        var meeting = await HeldTodayAsync(runtime);

        var written = await meeting.WriteMinutesAsync("Ouverture.\r\nLevée à 21 h.", "   ");

        Assert.Equal("Ouverture.\nLevée à 21 h.", written.Minutes!.Fr);
        Assert.Null(written.Minutes.En);
        Assert.True(Assert.Single(await Body(runtime).ListMeetingsAsync()).HasMinutes);
        await Assert.ThrowsAsync<ValidationFailedException>(() => meeting.WriteMinutesAsync(new string('x', MeetingValidation.MinutesLength + 1), null));
        await Assert.ThrowsAsync<ValidationFailedException>(() => meeting.WriteMinutesAsync("a\u0000b", null));
        Assert.Equal("Ouverture.\nLevée à 21 h.", (await meeting.GetAsync())!.Minutes!.Fr);
    }

    [Fact]
    public async Task AgendaItemsNumberInOrderAndNameOnlyTheBodysProposals()
    {
        await using var runtime = await CreateAsync();
        await Body(runtime).DefineAsync(Board());
        await Body(runtime).OpenProposalAsync(new NewProposal("budget", Text("Budget", "Budget"), DecisionMode.Majority));
        var meeting = Meeting(runtime, "m1");
        await meeting.CreateAsync(Regular(Today(runtime), new AgendaItemDefinition(Text("Ouverture", "Opening"))));

        var added = await meeting.AddAgendaItemAsync(new AgendaItemDefinition(Text("Budget 2026", "2026 budget"), "budget"));

        Assert.Equal([1, 2], added.Agenda.Select(a => a.Number));
        Assert.Equal("budget", added.Agenda[1].Proposal);
        await Assert.ThrowsAsync<ValidationFailedException>(() => meeting.AddAgendaItemAsync(new AgendaItemDefinition(Text("X", "X"), "inconnue")));
        await Assert.ThrowsAsync<ValidationFailedException>(() => meeting.AddAgendaItemAsync(new AgendaItemDefinition(null)));
        await Assert.ThrowsAsync<ValidationFailedException>(() => Meeting(runtime, "m2").CreateAsync(Regular(Today(runtime), new AgendaItemDefinition(Text("X", "X"), "inconnue"))));
        Assert.Null(await Meeting(runtime, "m2").GetAsync());
        Assert.Equal(2, (await meeting.GetAsync())!.Agenda.Count);
    }

    [Fact]
    public async Task AnAgendaStopsAtItsBoundWithAClearAnswer()
    {
        await using var runtime = await CreateAsync();
        var meeting = await HeldTodayAsync(runtime);
        for (var i = 0; i < MeetingValidation.MaxAgendaItems; i++)
            await meeting.AddAgendaItemAsync(new AgendaItemDefinition(Text($"Point {i}", $"Item {i}")));

        await Assert.ThrowsAsync<ConflictException>(() => meeting.AddAgendaItemAsync(new AgendaItemDefinition(Text("Un de trop", "One too many"))));
        Assert.Equal(MeetingValidation.MaxAgendaItems, (await meeting.GetAsync())!.Agenda.Count);
    }

    [Fact]
    public async Task InvalidMeetingsAreRefusedAndNothingIsStoredOrListed()
    {
        await using var runtime = await CreateAsync();
        await Body(runtime).DefineAsync(Board());
        var meeting = Meeting(runtime, "m1");
        var today = Today(runtime);

        await Assert.ThrowsAsync<ValidationFailedException>(() => meeting.CreateAsync(Regular(today) with { On = null }));
        await Assert.ThrowsAsync<ValidationFailedException>(() => meeting.CreateAsync(Regular(today) with { On = new DateOnly(1850, 1, 1) }));
        await Assert.ThrowsAsync<ValidationFailedException>(() => meeting.CreateAsync(Regular(today) with { Title = null }));
        await Assert.ThrowsAsync<ValidationFailedException>(() => meeting.CreateAsync(Regular(today) with { Title = Text("Réunion", " ") }));
        await Assert.ThrowsAsync<ValidationFailedException>(() => meeting.CreateAsync(Regular(today) with { Location = new string('x', 1_000) }));
        await Assert.ThrowsAsync<ValidationFailedException>(() => meeting.CreateAsync(Regular(today) with { Agenda = [null!] }));

        Assert.Null(await meeting.GetAsync());
        Assert.Empty(await Body(runtime).ListMeetingsAsync());
    }

    [Fact]
    public async Task AMeetingNeedsItsBodyAndItsIdOnce()
    {
        await using var runtime = await CreateAsync();
        await Assert.ThrowsAsync<NotFoundException>(() => Meeting(runtime, "m1").CreateAsync(Regular(Today(runtime))));
        var meeting = await HeldTodayAsync(runtime);
        await Assert.ThrowsAsync<ConflictException>(() => meeting.CreateAsync(Regular(Today(runtime))));
        await Assert.ThrowsAsync<NotFoundException>(() => Meeting(runtime, "absente").RecordAttendanceAsync(["d1"]));
        Assert.Single(await Body(runtime).ListMeetingsAsync());
    }

    [Fact]
    public async Task TheBodysListOfMeetingsIsBoundedAndLatestFirst()
    {
        await using var runtime = await CreateAsync();
        var body = Body(runtime);
        await body.DefineAsync(Board());
        var first = Today(runtime).AddYears(-40);
        for (var i = 0; i < GovernanceBodyGrain.MaxMeetings; i++)
            await body.RecordMeetingAsync(new MeetingSummary($"m{i}", first.AddDays(14 * i), Text("Réunion", "Meeting"), 0, null, null, false));

        await Assert.ThrowsAsync<ConflictException>(() => Meeting(runtime, "one-too-many").CreateAsync(Regular(Today(runtime))));

        Assert.Null(await Meeting(runtime, "one-too-many").GetAsync());
        var listed = await body.ListMeetingsAsync();
        Assert.Equal(GovernanceBodyGrain.MaxMeetings, listed.Count);
        Assert.Equal($"m{GovernanceBodyGrain.MaxMeetings - 1}", listed[0].Id);
    }

    /// <summary>A meeting held today with four items, the third taking up proposal <c>budget</c>.</summary>
    private static async Task<IMeetingGrain> WithFourItemsAsync(PlatformTestCluster runtime)
    {
        await Body(runtime).DefineAsync(Board());
        foreach (var id in new[] { "budget", "plan" })
            await Body(runtime).OpenProposalAsync(new NewProposal(id, Text(id, id), DecisionMode.Majority));
        var meeting = Meeting(runtime, "m1");
        await meeting.CreateAsync(Regular(Today(runtime),
            new AgendaItemDefinition(Text("Ouverture", "Opening")),
            new AgendaItemDefinition(Text("Adoption de l'ordre du jour", "Adoption of the agenda")),
            new AgendaItemDefinition(Text("Budjet 2026", "2026 budget"), "budget"),
            new AgendaItemDefinition(Text("Varia", "Other business"))));
        return meeting;
    }

    private static string[] Titles(Meeting meeting) => meeting.Agenda.Select(a => a.Title.Fr).ToArray();

    [Fact]
    public async Task AnItemsTitleAndProposalAreCorrectedAndWhatIsNotGivenStays()
    {
        await using var runtime = await CreateAsync();
        var meeting = await WithFourItemsAsync(runtime);

        var typo = await meeting.UpdateAgendaItemAsync(3, new AgendaItemPatch { Title = Text("Budget 2026", "2026 budget") });
        Assert.Equal(("Budget 2026", "budget"), (typo.Agenda[2].Title.Fr, typo.Agenda[2].Proposal));

        var relinked = await meeting.UpdateAgendaItemAsync(3, new AgendaItemPatch { Proposal = "plan" });
        Assert.Equal(("Budget 2026", "plan"), (relinked.Agenda[2].Title.Fr, relinked.Agenda[2].Proposal));
        var unlinked = await meeting.UpdateAgendaItemAsync(3, new AgendaItemPatch { Proposal = new Optional<string?>(null) });
        Assert.Null(unlinked.Agenda[2].Proposal);

        var stored = (await meeting.GetAsync())!;
        Assert.Equal([1, 2, 3, 4], stored.Agenda.Select(a => a.Number));
        Assert.Equal(["Ouverture", "Adoption de l'ordre du jour", "Budget 2026", "Varia"], Titles(stored));
    }

    [Fact]
    public async Task MovingAnItemKeepsTheOthersInOrderAndNumbersEveryItemAgain()
    {
        await using var runtime = await CreateAsync();
        var meeting = await WithFourItemsAsync(runtime);

        var up = await meeting.MoveAgendaItemAsync(4, 2);
        Assert.Equal(["Ouverture", "Varia", "Adoption de l'ordre du jour", "Budjet 2026"], Titles(up));
        Assert.Equal([1, 2, 3, 4], up.Agenda.Select(a => a.Number));
        Assert.Equal("budget", up.Agenda[3].Proposal); // the proposal moves with its item

        var down = await meeting.MoveAgendaItemAsync(1, 4);
        Assert.Equal(["Varia", "Adoption de l'ordre du jour", "Budjet 2026", "Ouverture"], Titles(down));
        Assert.Equal(Titles(down), Titles((await meeting.GetAsync())!));
    }

    [Fact]
    public async Task RemovingAnItemMovesTheNextOnesUpAndTheBodysListCountsWhatIsLeft()
    {
        await using var runtime = await CreateAsync();
        var meeting = await WithFourItemsAsync(runtime);

        var removal = await meeting.RemoveAgendaItemAsync(2);

        Assert.Equal((2, "Adoption de l'ordre du jour"), (removal.Removed.Number, removal.Removed.Title.Fr));
        Assert.Equal(["Ouverture", "Budjet 2026", "Varia"], Titles(removal.Meeting));
        Assert.Equal([1, 2, 3], removal.Meeting.Agenda.Select(a => a.Number));
        Assert.Equal(3, Assert.Single(await Body(runtime).ListMeetingsAsync()).AgendaItems);
        // Emptied, the agenda takes items again from number 1.
        foreach (var _ in Enumerable.Range(0, 3)) await meeting.RemoveAgendaItemAsync(1);
        Assert.Empty((await meeting.GetAsync())!.Agenda);
        Assert.Equal(1, Assert.Single((await meeting.AddAgendaItemAsync(new AgendaItemDefinition(Text("Ouverture", "Opening")))).Agenda).Number);
    }

    [Fact]
    public async Task AnItemTheAgendaDoesNotHaveIsNotFoundAndBadChangesAreRefusedWithNothingChanged()
    {
        await using var runtime = await CreateAsync();
        var meeting = await WithFourItemsAsync(runtime);
        var before = Titles((await meeting.GetAsync())!);

        foreach (var number in new[] { 0, -1, 5, int.MaxValue })
        {
            await Assert.ThrowsAsync<NotFoundException>(() => meeting.UpdateAgendaItemAsync(number, new AgendaItemPatch { Title = Text("X", "X") }));
            await Assert.ThrowsAsync<NotFoundException>(() => meeting.MoveAgendaItemAsync(number, 1));
            await Assert.ThrowsAsync<NotFoundException>(() => meeting.RemoveAgendaItemAsync(number));
        }
        var errors = new[]
        {
            await Assert.ThrowsAsync<ValidationFailedException>(() => meeting.UpdateAgendaItemAsync(1, new AgendaItemPatch { Title = new Optional<LocalizedText?>(null) })),
            await Assert.ThrowsAsync<ValidationFailedException>(() => meeting.UpdateAgendaItemAsync(1, new AgendaItemPatch { Title = Text("Ouverture", " ") })),
            await Assert.ThrowsAsync<ValidationFailedException>(() => meeting.UpdateAgendaItemAsync(1, new AgendaItemPatch { Title = Text(new string('x', MeetingValidation.AgendaTitleLength + 1), "x") })),
            await Assert.ThrowsAsync<ValidationFailedException>(() => meeting.UpdateAgendaItemAsync(1, new AgendaItemPatch { Proposal = "inconnue" })),
            await Assert.ThrowsAsync<ValidationFailedException>(() => meeting.UpdateAgendaItemAsync(1, new AgendaItemPatch { Proposal = "../x" })),
        };
        Assert.Equal(["title", "title", "title", "proposal", "proposal"], errors.Select(e => e.Errors.Keys.Single()));
        foreach (var to in new int?[] { null, 0, 5 })
            Assert.Equal("to", (await Assert.ThrowsAsync<ValidationFailedException>(() => meeting.MoveAgendaItemAsync(1, to))).Errors.Keys.Single());
        await Assert.ThrowsAsync<NotFoundException>(() => Meeting(runtime, "absente").RemoveAgendaItemAsync(1));

        var after = (await meeting.GetAsync())!;
        Assert.Equal(before, Titles(after));
        Assert.Equal("budget", after.Agenda[2].Proposal);
    }

    [Fact]
    public async Task OnceTheMinutesAreWrittenTheAgendaIsFrozenAndClearingThemOpensItAgain()
    {
        await using var runtime = await CreateAsync();
        var meeting = await WithFourItemsAsync(runtime);
        // A roll alone does not freeze it: the secretary still tidies the agenda during the meeting.
        await meeting.RecordAttendanceAsync(["d1", "d2", "d3"]);
        await meeting.MoveAgendaItemAsync(4, 3);
        await meeting.WriteMinutesAsync("Le conseil adopte le budget.", null);
        var frozen = Titles((await meeting.GetAsync())!);

        await Assert.ThrowsAsync<ConflictException>(() => meeting.UpdateAgendaItemAsync(1, new AgendaItemPatch { Title = Text("Mot de bienvenue", "Welcome") }));
        await Assert.ThrowsAsync<ConflictException>(() => meeting.MoveAgendaItemAsync(1, 2));
        await Assert.ThrowsAsync<ConflictException>(() => meeting.RemoveAgendaItemAsync(1));
        await Assert.ThrowsAsync<ConflictException>(() => meeting.AddAgendaItemAsync(new AgendaItemDefinition(Text("Ajout", "Addition"))));
        Assert.Equal(frozen, Titles((await meeting.GetAsync())!));

        await meeting.WriteMinutesAsync(" ", null);
        Assert.Equal(3, (await meeting.RemoveAgendaItemAsync(4)).Meeting.Agenda.Count);
    }

    [Fact]
    public async Task AnotherTenantsMeetingIsNotSeen()
    {
        await using var runtime = await CreateAsync();
        await HeldTodayAsync(runtime);
        Assert.Null(await runtime.Grains.GetGrain<IMeetingGrain>(MeetingKeys.Of("exeko", "ca", "m1")).GetAsync());
    }
}
