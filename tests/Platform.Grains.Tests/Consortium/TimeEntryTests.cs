using Platform.Abstractions;

namespace Platform.Grains.Tests.Consortium;

public sealed class TimeEntryTests
{
    private static readonly DateOnly Monday = new(2026, 3, 2);

    private static async Task<ConsortiumWorld> ReadyAsync()
    {
        var world = await ConsortiumWorld.CreateAsync();
        await world.HireAsync("p1", 50m);
        await world.HireAsync("p2", 60m);
        await world.AgreeAsync(startsOn: new DateOnly(2026, 2, 15));
        await world.AssignedAsync("r1", "p1");
        await world.AssignedAsync("r2", "p1");
        world.AdvanceTo(new DateOnly(2026, 3, 6));
        return world;
    }

    private static Task<IReadOnlyList<TimeEntry>> MarchAsync(ConsortiumWorld world) =>
        world.Consortium.ListTimeEntriesAsync(new YearMonth(2026, 3), new TimeEntryFilter());

    [Fact]
    public async Task AnEntryIsStoredInItsMonthsLedgerWithAnIdThatNamesTheMonth()
    {
        await using var world = await ReadyAsync();

        var entry = await world.RecordAsync("r1", "p1", Monday, 7.5m);

        Assert.Matches("^te-202603-[0-9a-f]{12}$", entry.Id);
        Assert.Equal((ConsortiumWorld.Client, 7.5m, Monday), (entry.ClientId, entry.Hours, entry.On));
        Assert.Equal([entry], await MarchAsync(world));
        Assert.Empty(await world.Consortium.ListTimeEntriesAsync(new YearMonth(2026, 2), new TimeEntryFilter()));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(24.01)]
    [InlineData(25)]
    [InlineData(1.001)]
    public async Task HoursMustBePositiveAtMost24WithTwoDecimals(double hours)
    {
        await using var world = await ReadyAsync();
        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => world.RecordAsync("r1", "p1", Monday, (decimal)hours));
        Assert.Contains("hours", error.Errors.Keys);
        Assert.Empty(await MarchAsync(world));
    }

    [Fact]
    public async Task AProfessionalsDayNeverPasses24HoursAcrossRequests()
    {
        await using var world = await ReadyAsync();
        await world.RecordAsync("r1", "p1", Monday, 16m);
        await world.RecordAsync("r2", "p1", Monday, 8m); // exactly 24: allowed

        await Assert.ThrowsAsync<ConflictException>(() => world.RecordAsync("r2", "p1", Monday, 0.25m));
        await world.RecordAsync("r2", "p1", Monday.AddDays(1), 0.25m); // the next day is a new day
        Assert.Equal(24.25m, (await MarchAsync(world)).Sum(e => e.Hours));
    }

    [Fact]
    public async Task NoWorkBeforeTheAgreementStartedOrAfterItEnded()
    {
        await using var world = await ReadyAsync();

        await Assert.ThrowsAsync<ConflictException>(() => world.RecordAsync("r1", "p1", new DateOnly(2026, 2, 14), 1m));
        await world.RecordAsync("r1", "p1", new DateOnly(2026, 2, 15), 1m);

        await world.Consortium.EndAgreementAsync("ag-1", null); // ended on 6 March: that day's work still counts
        await world.RecordAsync("r1", "p1", new DateOnly(2026, 3, 6), 2m);
        world.AdvanceTo(new DateOnly(2026, 3, 9));
        await Assert.ThrowsAsync<ConflictException>(() => world.RecordAsync("r1", "p1", new DateOnly(2026, 3, 7), 1m));
    }

    [Fact]
    public async Task NoWorkRecordedForADayStillToCome()
    {
        await using var world = await ReadyAsync();
        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => world.RecordAsync("r1", "p1", world.Today.AddDays(1), 1m));
        Assert.Contains("on", error.Errors.Keys);
    }

    [Fact]
    public async Task TimeGoesOnlyOnTheRequestsAssigneeWhileAssignedOrDone()
    {
        await using var world = await ReadyAsync();
        await world.SubmitAsync("open");
        await world.AssignedAsync("cancelled", "p1");
        await world.Consortium.CancelRequestAsync("cancelled", null);

        await Assert.ThrowsAsync<ConflictException>(() => world.RecordAsync("r1", "p2", Monday, 1m));         // not the assignee
        await Assert.ThrowsAsync<ConflictException>(() => world.RecordAsync("open", "p1", Monday, 1m));       // nobody assigned
        await Assert.ThrowsAsync<ConflictException>(() => world.RecordAsync("cancelled", "p1", Monday, 1m));  // cancelled
        Assert.Empty(await MarchAsync(world));

        await world.Consortium.CompleteRequestAsync("r1");
        await world.RecordAsync("r1", "p1", world.Today, 1.5m); // the last day's hours, entered after closing
    }

    [Fact]
    public async Task UnknownRequestsOrProfessionalsAre400()
    {
        await using var world = await ReadyAsync();
        Assert.Contains("requestId", (await Assert.ThrowsAsync<ValidationFailedException>(() => world.RecordAsync("nope", "p1", Monday, 1m))).Errors.Keys);
        Assert.Contains("professionalId", (await Assert.ThrowsAsync<ValidationFailedException>(() => world.RecordAsync("r1", "nobody", Monday, 1m))).Errors.Keys);
        Assert.Contains("requestId", (await Assert.ThrowsAsync<ValidationFailedException>(() => world.RecordAsync("../r1", "p1", Monday, 1m))).Errors.Keys);
        Assert.Contains("on", (await Assert.ThrowsAsync<ValidationFailedException>(() => world.RecordAsync("r1", "p1", new DateOnly(1999, 12, 31), 1m))).Errors.Keys);
        Assert.Empty(await MarchAsync(world));
    }

    [Fact]
    public async Task RemovingAnEntryGivesItsHoursBackToTheDay()
    {
        await using var world = await ReadyAsync();
        var mistake = await world.RecordAsync("r1", "p1", Monday, 20m);

        Assert.Equal(mistake, await world.Consortium.RemoveTimeEntryAsync(mistake.Id));

        await world.RecordAsync("r1", "p1", Monday, 24m);
        await Assert.ThrowsAsync<NotFoundException>(() => world.Consortium.RemoveTimeEntryAsync(mistake.Id));
        await Assert.ThrowsAsync<NotFoundException>(() => world.Consortium.RemoveTimeEntryAsync("not-an-entry"));
        await Assert.ThrowsAsync<NotFoundException>(() => world.Consortium.RemoveTimeEntryAsync("te-209913-000000000000"));
    }

    [Fact]
    public async Task EntriesCanBeListedByClientProfessionalOrRequest()
    {
        await using var world = await ReadyAsync();
        await world.AgreeAsync("ag-2", ConsortiumWorld.OtherClient, startsOn: new DateOnly(2026, 1, 1));
        await world.AssignedAsync("o1", "p2", clientId: ConsortiumWorld.OtherClient);
        await world.RecordAsync("r1", "p1", Monday, 1m);
        await world.RecordAsync("r2", "p1", Monday, 2m);
        await world.RecordAsync("o1", "p2", Monday, 4m);
        var march = new YearMonth(2026, 3);

        Assert.Equal(3m, (await world.Consortium.ListTimeEntriesAsync(march, new(ClientId: ConsortiumWorld.Client))).Sum(e => e.Hours));
        Assert.Equal(4m, (await world.Consortium.ListTimeEntriesAsync(march, new(ProfessionalId: "p2"))).Sum(e => e.Hours));
        Assert.Equal(2m, (await world.Consortium.ListTimeEntriesAsync(march, new(RequestId: "r2"))).Sum(e => e.Hours));
    }
}
