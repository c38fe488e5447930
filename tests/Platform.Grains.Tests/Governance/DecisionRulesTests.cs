using Platform.Abstractions.Governance;
using Platform.Grains.Governance;

namespace Platform.Grains.Tests.Governance;

/// <summary>Rule 8, mode by mode, at its edges.</summary>
public sealed class DecisionRulesTests
{
    private static readonly DateTimeOffset ClosedAt = new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Seats v1…vN with a vote and s1…sM without; positions given as "v1:agree s1:block …".</summary>
    private static DecisionOutcome Decide(DecisionMode mode, int voting, int quorum, string positions, int nonVoting = 2)
    {
        var seats = Enumerable.Range(1, voting).Select(i => new Seat($"v{i}", $"Voting {i}", true, null))
            .Concat(Enumerable.Range(1, nonVoting).Select(i => new Seat($"s{i}", $"Staff {i}", false, null)))
            .ToList();
        var stated = positions.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split(':'))
            .Select(p => new StatedPosition(p[0], Enum.Parse<Position>(p[1], ignoreCase: true), ClosedAt))
            .ToList();
        return DecisionRules.Decide(mode, quorum, seats, stated, ClosedAt);
    }

    [Theory]
    // Consensus: quorum, at least one agree, no voting seat disagreeing or blocking (DOMAIN rule 8).
    [InlineData(DecisionMode.Consensus, "v1:agree v2:abstain v3:abstain", DecisionResult.Passed)]
    [InlineData(DecisionMode.Consensus, "v1:agree v2:agree v3:block", DecisionResult.Rejected)]
    [InlineData(DecisionMode.Consensus, "v1:agree v2:disagree v3:agree", DecisionResult.Rejected)]
    [InlineData(DecisionMode.Consensus, "v1:agree v2:disagree v3:disagree", DecisionResult.Rejected)]
    [InlineData(DecisionMode.Consensus, "v1:abstain v2:abstain v3:abstain", DecisionResult.Rejected)]
    [InlineData(DecisionMode.Consensus, "v1:agree v2:agree v3:agree s1:block s2:block", DecisionResult.Passed)]
    // Majority: agree > half of agree + disagree, a block counting as a disagree.
    [InlineData(DecisionMode.Majority, "v1:agree v2:agree v3:disagree", DecisionResult.Passed)]
    [InlineData(DecisionMode.Majority, "v1:agree v2:disagree v3:abstain", DecisionResult.Rejected)]
    [InlineData(DecisionMode.Majority, "v1:agree v2:agree v3:disagree v4:block", DecisionResult.Rejected)]
    [InlineData(DecisionMode.Majority, "v1:agree v2:abstain v3:abstain", DecisionResult.Passed)]
    [InlineData(DecisionMode.Majority, "v1:abstain v2:abstain v3:abstain", DecisionResult.Rejected)]
    [InlineData(DecisionMode.Majority, "v1:agree v2:agree v3:block", DecisionResult.Passed)]
    // Two thirds: agree ≥ 2/3 of agree + disagree (block = disagree), and at least one agree.
    [InlineData(DecisionMode.TwoThirds, "v1:agree v2:agree v3:disagree", DecisionResult.Passed)]
    [InlineData(DecisionMode.TwoThirds, "v1:agree v2:agree v3:agree v4:disagree v5:disagree", DecisionResult.Rejected)]
    [InlineData(DecisionMode.TwoThirds, "v1:agree v2:agree v3:block", DecisionResult.Passed)]
    [InlineData(DecisionMode.TwoThirds, "v1:agree v2:block v3:block", DecisionResult.Rejected)]
    [InlineData(DecisionMode.TwoThirds, "v1:abstain v2:abstain v3:abstain", DecisionResult.Rejected)]
    [InlineData(DecisionMode.TwoThirds, "v1:agree v2:abstain v3:abstain", DecisionResult.Passed)]
    public void ModeDecidesByRuleEight(DecisionMode mode, string positions, DecisionResult expected) =>
        Assert.Equal(expected, Decide(mode, voting: 5, quorum: 3, positions).Outcome);

    [Theory]
    [InlineData(DecisionMode.Consensus)]
    [InlineData(DecisionMode.Majority)]
    [InlineData(DecisionMode.TwoThirds)]
    public void QuorumJustMetCountsAbstentions(DecisionMode mode)
    {
        var outcome = Decide(mode, voting: 5, quorum: 3, "v1:agree v2:abstain v3:abstain");
        Assert.Equal(new QuorumCount(3, 3, true), outcome.Quorum);
        Assert.Equal(DecisionResult.Passed, outcome.Outcome);
    }

    [Theory]
    [InlineData(DecisionMode.Consensus)]
    [InlineData(DecisionMode.Majority)]
    [InlineData(DecisionMode.TwoThirds)]
    public void QuorumJustMissedIsNoQuorumWhateverThePositions(DecisionMode mode)
    {
        var outcome = Decide(mode, voting: 5, quorum: 3, "v1:agree v2:agree");
        Assert.Equal(new QuorumCount(3, 2, false), outcome.Quorum);
        Assert.Equal(DecisionResult.NoQuorum, outcome.Outcome);
    }

    [Fact]
    public void NonVotingSeatsDoNotMakeTheQuorum()
    {
        var outcome = Decide(DecisionMode.Majority, voting: 5, quorum: 3, "v1:agree v2:agree s1:agree s2:agree");
        Assert.Equal(DecisionResult.NoQuorum, outcome.Outcome);
        Assert.Equal(2, outcome.Quorum.Present);
    }

    [Fact]
    public void OutcomeKeepsCountedAndUncountedPositionsApart()
    {
        var outcome = Decide(DecisionMode.Consensus, voting: 3, quorum: 2, "v1:agree v3:disagree s2:block v2:abstain");

        // The voting disagree stops the consensus; the staff seat's block is shown but not counted.
        Assert.Equal(DecisionResult.Rejected, outcome.Outcome);
        Assert.Equal((1, 1, 1, 0), (outcome.Counted.Agree, outcome.Counted.Abstain, outcome.Counted.Disagree, outcome.Counted.Block));
        Assert.Equal(["v1", "v2", "v3"], outcome.Counted.Seats.Select(s => s.Seat));
        Assert.Equal((0, 0, 0, 1), (outcome.Uncounted.Agree, outcome.Uncounted.Abstain, outcome.Uncounted.Disagree, outcome.Uncounted.Block));
        Assert.Equal(new SeatPosition("s2", "Staff 2", Position.Block), Assert.Single(outcome.Uncounted.Seats));
        Assert.Equal(DecisionMode.Consensus, outcome.Mode);
        Assert.Equal(ClosedAt, outcome.ClosedAt);
    }

    [Fact]
    public void MajorityTieIsRejected() =>
        Assert.Equal(DecisionResult.Rejected, Decide(DecisionMode.Majority, voting: 4, quorum: 3, "v1:agree v2:agree v3:disagree v4:disagree").Outcome);

    [Fact]
    public void TwoThirdsJustReachedAndJustMissed()
    {
        // 4 of 6 = exactly two thirds; 5 of 8 = 62.5 %.
        Assert.Equal(DecisionResult.Passed,
            Decide(DecisionMode.TwoThirds, voting: 8, quorum: 5, "v1:agree v2:agree v3:agree v4:agree v5:disagree v6:disagree").Outcome);
        Assert.Equal(DecisionResult.Rejected,
            Decide(DecisionMode.TwoThirds, voting: 8, quorum: 5, "v1:agree v2:agree v3:agree v4:agree v5:agree v6:disagree v7:disagree v8:block").Outcome);
    }
}
