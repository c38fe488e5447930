using Platform.Abstractions;

namespace Platform.Grains.Tests.Consortium;

/// <summary>Rule 4 end to end through the grains: monthly statements, their freeze, and the yearly cost recovery.</summary>
public sealed class StatementTests
{
    private static readonly YearMonth March = new(2026, 3);

    /// <summary>
    /// p1 costs 45.30 $/h, then 47.85 from 16 March; p2 costs 62.15. Work of March for cqch:
    /// r1 by p1 (3.75 h before the change, 3.5 h after), r2 by p2 (1.95 h). Clock: 31 March.
    /// </summary>
    private static async Task<ConsortiumWorld> MarchOfWorkAsync()
    {
        var world = await ConsortiumWorld.CreateAsync();
        await world.HireAsync("p1", 45.30m);
        await world.Consortium.PutProfessionalAsync("p1",
            new ProfessionalInput("Pro p1", ["events"], 47.85m, 35m, RateEffectiveFrom: new DateOnly(2026, 3, 16)));
        await world.HireAsync("p2", 62.15m);
        await world.AgreeAsync(startsOn: new DateOnly(2026, 1, 1));
        await world.AgreeAsync("ag-other", ConsortiumWorld.OtherClient);
        await world.AssignedAsync("r1", "p1");
        await world.AssignedAsync("r2", "p2");
        world.AdvanceTo(new DateOnly(2026, 3, 31));
        await world.RecordAsync("r1", "p1", new DateOnly(2026, 3, 2), 2.5m);
        await world.RecordAsync("r1", "p1", new DateOnly(2026, 3, 3), 1.25m);
        await world.RecordAsync("r1", "p1", new DateOnly(2026, 3, 16), 3m);
        await world.RecordAsync("r1", "p1", new DateOnly(2026, 3, 17), 0.5m);
        await world.RecordAsync("r2", "p2", new DateOnly(2026, 3, 10), 0.75m);
        await world.RecordAsync("r2", "p2", new DateOnly(2026, 3, 11), 1.2m);
        return world;
    }

    private static readonly StatementLine[] MarchLines =
    [
        new("r1", "p1", 3.75m, 45.30m, 169.88m), // 169.875
        new("r1", "p1", 3.5m, 47.85m, 167.48m),  // 167.475
        new("r2", "p2", 1.95m, 62.15m, 121.19m), // 121.1925
    ];

    [Fact]
    public async Task TheStatementPricesEachHourAtTheRateInForceThatDayToTheCent()
    {
        await using var world = await MarchOfWorkAsync();

        var draft = await world.Consortium.GetStatementAsync(ConsortiumWorld.Client, March);

        Assert.Equal(StatementStatus.Draft, draft.Status);
        Assert.Equal(MarchLines, draft.Lines);
        Assert.Equal(458.55m, draft.Total);
        Assert.Equal(9.2m, draft.Hours);
        Assert.Equal("2026-03", draft.Month);
    }

    [Fact]
    public async Task AMonthIsIssuedOnlyOnceItIsOverAndThenItsEntriesAreFrozen()
    {
        await using var world = await MarchOfWorkAsync();
        await Assert.ThrowsAsync<ConflictException>(() => world.Consortium.IssueStatementAsync(ConsortiumWorld.Client, March));

        world.AdvanceTo(new DateOnly(2026, 4, 1));
        var issued = await world.Consortium.IssueStatementAsync(ConsortiumWorld.Client, March);

        Assert.Equal((StatementStatus.Issued, 458.55m), (issued.Status, issued.Total));
        Assert.Equal(MarchLines, issued.Lines);
        Assert.Equal(world.Clock.GetUtcNow(), issued.IssuedAt);
        ConsortiumWorld.AssertSame(issued, await world.Consortium.GetStatementAsync(ConsortiumWorld.Client, March));
        await Assert.ThrowsAsync<ConflictException>(() => world.Consortium.IssueStatementAsync(ConsortiumWorld.Client, March));

        var entry = (await world.Consortium.ListTimeEntriesAsync(March, new TimeEntryFilter())).First();
        await Assert.ThrowsAsync<ConflictException>(() => world.RecordAsync("r1", "p1", new DateOnly(2026, 3, 30), 1m));
        await Assert.ThrowsAsync<ConflictException>(() => world.Consortium.RemoveTimeEntryAsync(entry.Id));
        Assert.Equal(6, (await world.Consortium.ListTimeEntriesAsync(March, new TimeEntryFilter())).Count);
    }

    [Fact]
    public async Task AClientsIssuedMonthDoesNotFreezeAnotherClientsMonth()
    {
        await using var world = await MarchOfWorkAsync();
        await world.AssignedAsync("o1", "p2", clientId: ConsortiumWorld.OtherClient);
        world.AdvanceTo(new DateOnly(2026, 4, 2));
        await world.Consortium.IssueStatementAsync(ConsortiumWorld.Client, March);

        await world.RecordAsync("o1", "p2", new DateOnly(2026, 3, 31), 2m);

        var other = await world.Consortium.GetStatementAsync(ConsortiumWorld.OtherClient, March);
        Assert.Equal([new StatementLine("o1", "p2", 2m, 62.15m, 124.30m)], other.Lines);
        Assert.DoesNotContain((await world.Consortium.GetStatementAsync(ConsortiumWorld.Client, March)).Lines, l => l.RequestId == "o1");
    }

    [Fact]
    public async Task AMonthWithoutWorkHasNothingToIssue()
    {
        await using var world = await MarchOfWorkAsync();
        world.AdvanceTo(new DateOnly(2026, 4, 1));

        await Assert.ThrowsAsync<ConflictException>(() => world.Consortium.IssueStatementAsync(ConsortiumWorld.OtherClient, March));
        var empty = await world.Consortium.GetStatementAsync(ConsortiumWorld.OtherClient, March);
        Assert.Equal((StatementStatus.Draft, 0m), (empty.Status, empty.Total));
        Assert.Empty(empty.Lines);
    }

    [Fact]
    public async Task UnderFairCostTheYearsCostEqualsWhatWasBilled()
    {
        await using var world = await MarchOfWorkAsync();
        world.AdvanceTo(new DateOnly(2026, 4, 1));
        await world.Consortium.IssueStatementAsync(ConsortiumWorld.Client, March);

        var year = await world.Consortium.GetCostRecoveryAsync(2026);

        Assert.Equal(
            [new ClientCostRecovery(ConsortiumWorld.Client, 458.55m, 458.55m, 0m, 0m), new ClientCostRecovery(ConsortiumWorld.OtherClient, 0m, 0m, 0m, 0m)],
            year.Clients);
        Assert.Equal((458.55m, 458.55m, 0m), (year.Cost, year.Billed, year.Difference));
    }

    [Fact]
    public async Task WorkNotYetBilledIsUnbilledNotADifference()
    {
        await using var world = await MarchOfWorkAsync();
        await world.RecordAsync("r2", "p2", new DateOnly(2026, 2, 27), 1m); // February, never issued
        world.AdvanceTo(new DateOnly(2026, 4, 1));
        await world.Consortium.IssueStatementAsync(ConsortiumWorld.Client, March);

        var cqch = (await world.Consortium.GetCostRecoveryAsync(2026)).Clients.Single(c => c.ClientId == ConsortiumWorld.Client);

        Assert.Equal((520.70m, 458.55m, 62.15m, 0m), (cqch.Cost, cqch.Billed, cqch.Unbilled, cqch.Difference));
    }

    [Fact]
    public async Task ARetroactiveRateChangeAfterIssuingIsRevealedByTheDifferenceNotHiddenInTheStatement()
    {
        await using var world = await MarchOfWorkAsync();
        world.AdvanceTo(new DateOnly(2026, 4, 1));
        var issued = await world.Consortium.IssueStatementAsync(ConsortiumWorld.Client, March);

        // p1's first step (2 March) corrected from 45.30 to 50.00 after the statement went out.
        var p1 = await world.Consortium.GetProfessionalAsync("p1");
        Assert.Equal(new DateOnly(2026, 3, 2), p1.RateHistory[0].EffectiveFrom);
        await world.Consortium.PutProfessionalAsync("p1",
            new ProfessionalInput("Pro p1", ["events"], 50m, 35m, RateEffectiveFrom: new DateOnly(2026, 3, 2)));

        ConsortiumWorld.AssertSame(issued, await world.Consortium.GetStatementAsync(ConsortiumWorld.Client, March));
        var year = await world.Consortium.GetCostRecoveryAsync(2026);
        Assert.Equal(458.55m + 17.62m, year.Cost); // 3.75 h × 50.00 = 187.50 instead of 169.88
        Assert.Equal(458.55m, year.Billed);
        Assert.Equal(-17.62m, year.Difference);
        Assert.Equal(0m, year.Unbilled);
    }

    [Fact]
    public async Task CostRecoveryTotalsEveryClientOfTheYearAndOnlyThatYear()
    {
        await using var world = await MarchOfWorkAsync();
        await world.AssignedAsync("o1", "p2", clientId: ConsortiumWorld.OtherClient);
        await world.RecordAsync("o1", "p2", new DateOnly(2026, 3, 20), 3.33m); // 206.9595 → 206.96
        world.AdvanceTo(new DateOnly(2026, 4, 1));
        await world.Consortium.IssueStatementAsync(ConsortiumWorld.Client, March);
        await world.Consortium.IssueStatementAsync(ConsortiumWorld.OtherClient, March);

        var year = await world.Consortium.GetCostRecoveryAsync(2026);
        Assert.Equal([ConsortiumWorld.Client, ConsortiumWorld.OtherClient], year.Clients.Select(c => c.ClientId));
        Assert.Equal(458.55m + 206.96m, year.Cost);
        Assert.Equal(year.Cost, year.Billed);

        var before = await world.Consortium.GetCostRecoveryAsync(2025);
        Assert.Empty(before.Clients);
        Assert.Equal(0m, before.Cost);
        await Assert.ThrowsAsync<ValidationFailedException>(() => world.Consortium.GetCostRecoveryAsync(1999));
    }
}
