using Platform.Abstractions;
using Platform.Abstractions.Governance;
using Platform.Grains.Governance;
using Platform.Testing;
using static Platform.Grains.Tests.Roles.RoleFixtures;

namespace Platform.Grains.Tests.Governance;

public sealed class GovernanceBodyTests
{
    private static IGovernanceBodyGrain Body(PlatformTestCluster runtime, string tenantId, string bodyId) =>
        runtime.Grains.GetGrain<IGovernanceBodyGrain>(Ids.Key(tenantId, bodyId));

    /// <summary>A board of three voting delegates and two staff seats without a vote (as at CTROC).</summary>
    private static BodyDefinition Board(int? quorum = null) => new(
        BodyKind.Board,
        Text("Conseil d'administration", "Board of directors"),
        [
            new SeatDefinition("delegue-1", "Délégation 1", true),
            new SeatDefinition("delegue-2", "Délégation 2", true),
            new SeatDefinition("delegue-3", "Délégation 3", true),
            new SeatDefinition("coordination-1", "Coordination 1", false, "representation"),
            new SeatDefinition("coordination-2", "Coordination 2", false, "vie-associative"),
        ],
        quorum);

    private static NewProposal Proposal(string id, DecisionMode? mode = DecisionMode.Consensus) =>
        new(id, Text("Adopter le plan d'action", "Adopt the action plan"), mode);

    private static async Task<IGovernanceBodyGrain> BoardAsync(PlatformTestCluster runtime)
    {
        var body = Body(runtime, "ctroc", "ca");
        await body.DefineAsync(Board());
        return body;
    }

    private static ValidationFailedException Refused(BodyDefinition definition, string field)
    {
        var error = Assert.Throws<ValidationFailedException>(() => GovernanceValidation.ValidateBody(definition));
        Assert.True(error.Errors.ContainsKey(field), $"expected a problem on '{field}', got: {string.Join(", ", error.Errors.Keys)}");
        return error;
    }

    [Fact]
    public async Task BoardIsReadBackWithItsSeatsAndAMajorityQuorumByDefault()
    {
        await using var runtime = await CreateAsync();
        await BoardAsync(runtime);

        var body = await Body(runtime, "ctroc", "ca").GetAsync();

        Assert.NotNull(body);
        Assert.Equal(BodyKind.Board, body.Kind);
        Assert.Equal("Board of directors", body.Name.En);
        Assert.Equal(2, body.Quorum); // 3 voting seats → 2
        Assert.Equal([true, true, true, false, false], body.Seats.Select(s => s.Voting));
        Assert.Equal("vie-associative", body.Seats[4].Role);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(4, 3)]
    [InlineData(5, 3)]
    [InlineData(125, 63)]
    public void DefaultQuorumIsAMajorityOfVotingSeats(int voting, int quorum) =>
        Assert.Equal(quorum, GovernanceValidation.DefaultQuorum(voting));

    [Fact]
    public void InvalidDefinitionsAreRefused()
    {
        Refused(Board() with { Kind = null }, "kind");
        Refused(Board() with { Name = null }, "name");
        Refused(Board() with { Seats = [] }, "seats");
        Refused(Board() with { Seats = null }, "seats");
        Refused(Board() with { Seats = [new SeatDefinition("a", null, true), new SeatDefinition("a", null, false)] }, "seats[1].id");
        Refused(Board() with { Seats = [new SeatDefinition("../a", null, true)] }, "seats[0].id");
        Refused(Board() with { Seats = [new SeatDefinition(null, null, true)] }, "seats[0].id");
        Refused(Board() with { Seats = [new SeatDefinition("a", null, null)] }, "seats[0].voting");
        Refused(Board() with { Seats = [new SeatDefinition("a", new string('x', 10_000), true)] }, "seats[0].holder");
        Refused(Board() with { Seats = [new SeatDefinition("a", null, true, "a/b")] }, "seats[0].role");
        Refused(Board() with { Seats = [null!] }, "seats[0]");
        Refused(Board() with { Seats = [new SeatDefinition("personnel", null, false)] }, "seats");
        Refused(Board(quorum: 0), "quorum");
        Refused(Board(quorum: 4), "quorum");
    }

    [Fact]
    public async Task InvalidDefinitionStoresNothing()
    {
        await using var runtime = await CreateAsync();
        await Assert.ThrowsAsync<ValidationFailedException>(() => Body(runtime, "ctroc", "ca").DefineAsync(Board(quorum: 9)));
        Assert.Null(await Body(runtime, "ctroc", "ca").GetAsync());
    }

    [Fact]
    public async Task PositionsCanChangeUntilTheProposalClosesAndTheLatestCounts()
    {
        await using var runtime = await CreateAsync();
        var body = await BoardAsync(runtime);
        await body.OpenProposalAsync(Proposal("plan"));

        await body.StatePositionAsync("plan", "delegue-1", Position.Block);
        await body.StatePositionAsync("plan", "delegue-2", Position.Agree);
        runtime.Clock.Advance(TimeSpan.FromMinutes(5));
        var proposal = await body.StatePositionAsync("plan", "delegue-1", Position.Agree);

        Assert.Equal(2, proposal.Positions.Count);
        Assert.Equal(runtime.Clock.GetUtcNow(), proposal.Positions.Single(p => p.Seat == "delegue-1").StatedAt);
        var outcome = await body.CloseProposalAsync("plan");
        Assert.Equal(DecisionResult.Passed, outcome.Outcome);
        Assert.Equal(0, outcome.Counted.Block);

        var error = await Assert.ThrowsAsync<ConflictException>(() => body.StatePositionAsync("plan", "delegue-3", Position.Block));
        Assert.Contains("closed", error.Message);
        AssertSame(outcome, await body.CloseProposalAsync("plan"));
        Assert.Equal(ProposalStatus.Closed, (await body.GetProposalAsync("plan"))!.Status);
    }

    [Fact]
    public async Task StaffBlockIsRecordedAndShownButDoesNotStopAConsensus()
    {
        await using var runtime = await CreateAsync();
        var body = await BoardAsync(runtime);
        await body.OpenProposalAsync(Proposal("plan"));
        await body.StatePositionAsync("plan", "delegue-1", Position.Agree);
        await body.StatePositionAsync("plan", "delegue-2", Position.Abstain);
        await body.StatePositionAsync("plan", "coordination-1", Position.Block);

        var outcome = await body.CloseProposalAsync("plan");

        Assert.Equal(DecisionResult.Passed, outcome.Outcome);
        Assert.Equal(new SeatPosition("coordination-1", "Coordination 1", Position.Block), Assert.Single(outcome.Uncounted.Seats));
        AssertSame(outcome, (await body.GetProposalAsync("plan"))!.Outcome);
    }

    [Fact]
    public async Task BadPositionsAreRefusedAndNothingIsRecorded()
    {
        await using var runtime = await CreateAsync();
        var body = await BoardAsync(runtime);
        await body.OpenProposalAsync(Proposal("plan"));

        await Assert.ThrowsAsync<ValidationFailedException>(() => body.StatePositionAsync("plan", "inconnu", Position.Agree));
        await Assert.ThrowsAsync<ValidationFailedException>(() => body.StatePositionAsync("plan", null, Position.Agree));
        await Assert.ThrowsAsync<ValidationFailedException>(() => body.StatePositionAsync("plan", "delegue-1", null));
        await Assert.ThrowsAsync<NotFoundException>(() => body.StatePositionAsync("autre", "delegue-1", Position.Agree));

        Assert.Empty((await body.GetProposalAsync("plan"))!.Positions);
    }

    [Fact]
    public async Task ProposalOfAnUndefinedBodyIsNotFound()
    {
        await using var runtime = await CreateAsync();
        await Assert.ThrowsAsync<NotFoundException>(() => Body(runtime, "ctroc", "inconnu").OpenProposalAsync(Proposal("plan")));
        await Assert.ThrowsAsync<NotFoundException>(() => Body(runtime, "ctroc", "inconnu").CloseProposalAsync("plan"));
    }

    [Fact]
    public async Task ProposalNeedsATitleAModeAndAFreshId()
    {
        await using var runtime = await CreateAsync();
        var body = await BoardAsync(runtime);
        await body.OpenProposalAsync(Proposal("plan"));

        await Assert.ThrowsAsync<ConflictException>(() => body.OpenProposalAsync(Proposal("plan")));
        await Assert.ThrowsAsync<ValidationFailedException>(() => body.OpenProposalAsync(Proposal("autre", mode: null)));
        await Assert.ThrowsAsync<ValidationFailedException>(() => body.OpenProposalAsync(Proposal("autre") with { Title = null }));
        await Assert.ThrowsAsync<ValidationFailedException>(() => body.OpenProposalAsync(Proposal("Plan B")));

        var generated = await body.OpenProposalAsync(Proposal("x") with { Id = null });
        Assert.True(Ids.IsValid(generated.Id));
        Assert.Equal([generated.Id, "plan"], (await body.ListProposalsAsync()).Select(p => p.Id).Order());
    }

    [Fact]
    public async Task RedefiningTheBodyDoesNotChangeWhoDecidesAnOpenProposal()
    {
        await using var runtime = await CreateAsync();
        var body = await BoardAsync(runtime);
        await body.OpenProposalAsync(Proposal("plan", DecisionMode.Majority));

        // The board shrinks to one voting seat with a quorum of 1 after the proposal opened.
        await body.DefineAsync(Board() with { Seats = [new SeatDefinition("delegue-1", "Délégation 1", true)] });
        await body.StatePositionAsync("plan", "delegue-2", Position.Agree);
        await body.StatePositionAsync("plan", "delegue-1", Position.Agree);

        var outcome = await body.CloseProposalAsync("plan");
        Assert.Equal(new QuorumCount(2, 2, true), outcome.Quorum);
        Assert.Equal(DecisionResult.Passed, outcome.Outcome);
    }

    [Fact]
    public async Task ClosingWithTooFewVotingSeatsIsNoQuorum()
    {
        await using var runtime = await CreateAsync();
        var body = await BoardAsync(runtime);
        await body.OpenProposalAsync(Proposal("plan", DecisionMode.Majority));
        await body.StatePositionAsync("plan", "delegue-1", Position.Agree);
        await body.StatePositionAsync("plan", "coordination-1", Position.Agree);
        await body.StatePositionAsync("plan", "coordination-2", Position.Agree);

        var outcome = await body.CloseProposalAsync("plan");

        Assert.Equal(DecisionResult.NoQuorum, outcome.Outcome);
        Assert.Equal(2, outcome.Uncounted.Agree);
    }

    [Fact]
    public async Task ProposalsStopWithAClearAnswerBeforeTheStateOutgrowsTheStore()
    {
        await using var runtime = await CreateAsync();
        var body = Body(runtime, "reseau", "assemblee");
        var delegates = Enumerable.Range(1, GovernanceValidation.MaxSeats).Select(i => new SeatDefinition($"d{i}", null, true)).ToList();
        await body.DefineAsync(new BodyDefinition(BodyKind.Assembly, Text("Assemblée", "Assembly"), delegates));

        var fits = GovernanceBodyGrain.MaxSeatsAcrossProposals / GovernanceValidation.MaxSeats;
        for (var i = 0; i < fits; i++) await body.OpenProposalAsync(Proposal($"p{i}", DecisionMode.Majority));

        var error = await Assert.ThrowsAsync<ConflictException>(() => body.OpenProposalAsync(Proposal("one-too-many", DecisionMode.Majority)));
        Assert.Contains("no more proposals", error.Message);
        Assert.Equal(fits, (await body.ListProposalsAsync()).Count);
    }

    [Fact]
    public async Task BodiesOfOneTenantAreNotSeenByAnother()
    {
        await using var runtime = await CreateAsync();
        await BoardAsync(runtime);
        Assert.Null(await Body(runtime, "exeko", "ca").GetAsync());
        await Assert.ThrowsAsync<NotFoundException>(() => Body(runtime, "exeko", "ca").OpenProposalAsync(Proposal("plan")));
    }

    /// <summary>
    /// Outcomes hold lists, which records compare by reference, and every answer is a copy made by
    /// the cluster's serializer: compare what a client would see instead.
    /// </summary>
    private static void AssertSame(DecisionOutcome? expected, DecisionOutcome? actual) =>
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(expected), System.Text.Json.JsonSerializer.Serialize(actual));
}
