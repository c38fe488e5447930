using Platform.Abstractions.Governance;

namespace Platform.Grains.Governance;

/// <summary>
/// Rule 8 of DOMAIN.md. Only voting seats count; non-voting seats (staff ex officio) are recorded
/// and shown as "uncounted". Quorum = voting seats that stated any position, abstaining included.
/// - consensus: quorum, at least one agree, and no voting seat disagreeing or blocking (an
///   abstention is standing aside);
/// - majority: agree &gt; half of agree + disagree, a block counting as a disagree;
/// - two-thirds: agree ≥ 2/3 of agree + disagree, a block counting as a disagree, and at least
///   one agree: when every present seat abstains nothing was approved (0 ≥ 0 would pass it).
/// Arithmetic stays in integers (agree·2 &gt; total, agree·3 ≥ total·2), so no rounding decides.
/// </summary>
public static class DecisionRules
{
    public static DecisionOutcome Decide(
        DecisionMode mode,
        int quorum,
        IReadOnlyList<Seat> seats,
        IReadOnlyList<StatedPosition> positions,
        DateTimeOffset closedAt)
    {
        var bySeat = positions.ToDictionary(p => p.Seat, p => p.Position);
        var counted = Tally(seats.Where(s => s.Voting), bySeat);
        var uncounted = Tally(seats.Where(s => !s.Voting), bySeat);
        var present = counted.Seats.Count;
        var quorumCount = new QuorumCount(quorum, present, present >= quorum);

        var against = counted.Disagree + counted.Block;
        var expressed = counted.Agree + against;
        var result = !quorumCount.Met
            ? DecisionResult.NoQuorum
            : mode switch
            {
                DecisionMode.Consensus => counted.Agree >= 1 && against == 0,
                DecisionMode.Majority => counted.Agree * 2 > expressed,
                DecisionMode.TwoThirds => counted.Agree >= 1 && counted.Agree * 3 >= expressed * 2,
                _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown decision mode."),
            } ? DecisionResult.Passed : DecisionResult.Rejected;

        return new DecisionOutcome(result, mode, quorumCount, counted, uncounted, closedAt);
    }

    private static PositionTally Tally(IEnumerable<Seat> seats, IReadOnlyDictionary<string, Position> bySeat)
    {
        var stated = seats
            .Where(s => bySeat.ContainsKey(s.Id))
            .Select(s => new SeatPosition(s.Id, s.Holder, bySeat[s.Id]))
            .ToList();
        return new PositionTally(
            stated.Count(p => p.Position == Position.Agree),
            stated.Count(p => p.Position == Position.Abstain),
            stated.Count(p => p.Position == Position.Disagree),
            stated.Count(p => p.Position == Position.Block),
            stated);
    }
}
