using Platform.Abstractions;
using Platform.Grains.Consortium;

namespace Platform.Grains.Tests.Consortium;

public sealed class CandidateRankingTests
{
    private static readonly DateOnly Wednesday = new(2026, 3, 4);

    private static Professional Pro(string id, decimal capacity = 35m, bool active = true, params string[] fields) =>
        new(id, $"Pro {id}", fields.Length == 0 ? ["events"] : fields, 50m, [new RateChange(new DateOnly(2026, 1, 1), 50m)], capacity, active);

    private static ActiveRequestEntry Req(string id, string? pro = null, DateOnly? needBy = null, decimal? estimate = null, decimal recorded = 0m, string field = "events") =>
        new(id, "cqch", field, pro is null ? ServiceRequestStatus.Open : ServiceRequestStatus.Assigned, pro, needBy ?? new DateOnly(2026, 3, 13), estimate, recorded);

    private static IReadOnlyList<Candidate> Rank(ActiveRequestEntry request, IEnumerable<Professional> pros, IEnumerable<ActiveRequestEntry>? active = null, Dictionary<string, decimal>? recorded = null)
    {
        var (_, end, weeks) = CandidateRanking.Window(Wednesday, request.NeedBy);
        return CandidateRanking.Rank(request, end, weeks, pros, (active ?? []).Append(request), recorded ?? []);
    }

    [Theory]
    [InlineData("2026-03-13", "2026-03-02", "2026-03-15", 2)] // Friday next week: this week and next
    [InlineData("2026-03-08", "2026-03-02", "2026-03-08", 1)] // Sunday of this week
    [InlineData("2026-03-09", "2026-03-02", "2026-03-15", 2)] // the next Monday starts a second week
    [InlineData("2026-02-20", "2026-03-02", "2026-03-08", 1)] // already past: this week only
    [InlineData("2026-03-04", "2026-03-02", "2026-03-08", 1)] // today
    public void WindowRunsInWholeWeeksFromThisMondayThroughTheNeedByWeek(string needBy, string start, string end, int weeks)
    {
        var window = CandidateRanking.Window(Wednesday, DateOnly.Parse(needBy));
        Assert.Equal((DateOnly.Parse(start), DateOnly.Parse(end), weeks), window);
    }

    [Fact]
    public void MainFieldRanksBeforeASecondaryFieldWhateverTheCapacity()
    {
        var ranked = Rank(Req("r1"), [Pro("a-busy", 5m, true, "events"), Pro("b-free", 40m, true, "web", "events")]);

        Assert.Equal(["a-busy", "b-free"], ranked.Select(c => c.ProfessionalId));
        Assert.Equal([FieldMatch.Primary, FieldMatch.Secondary], ranked.Select(c => c.FieldMatch));
        Assert.Equal([1, 2], ranked.Select(c => c.Rank));
    }

    [Fact]
    public void ProfessionalsWithoutTheFieldOrInactiveAreNotCandidates()
    {
        var ranked = Rank(Req("r1"), [Pro("a", fields: "web"), Pro("b", 35m, false, "events"), Pro("c")]);
        Assert.Equal(["c"], ranked.Select(c => c.ProfessionalId));
    }

    [Fact]
    public void MoreFreeCapacityRanksFirstWithinTheSameMatch()
    {
        var ranked = Rank(Req("r1"), [Pro("a", 20m), Pro("b", 35m), Pro("c", 28m)]);

        Assert.Equal(["b", "c", "a"], ranked.Select(c => c.ProfessionalId));
        Assert.Equal([70m, 56m, 40m], ranked.Select(c => c.FreeCapacity)); // two weeks each
    }

    [Fact]
    public void HoursRecordedThisWeekAndRemainingEstimatesDueInTheWindowReduceFreeCapacity()
    {
        var active = new[]
        {
            Req("due-in-window", "a", new DateOnly(2026, 3, 12), estimate: 20m, recorded: 5m), // 15 h left
            Req("due-later", "a", new DateOnly(2026, 4, 30), estimate: 100m),                  // outside the window
            Req("overrun", "a", new DateOnly(2026, 3, 10), estimate: 4m, recorded: 9m),        // never below zero
        };
        var ranked = Rank(Req("r1"), [Pro("a")], active, new() { ["a"] = 12m });

        var a = Assert.Single(ranked);
        Assert.Equal(70m, a.Capacity);
        Assert.Equal(12m, a.RecordedHours);
        Assert.Equal(15m, a.CommittedHours);
        Assert.Equal(43m, a.FreeCapacity);
        Assert.Equal(3, a.CurrentAssignments);
    }

    [Fact]
    public void EqualFreeCapacityGoesToTheProfessionalWithFewerCurrentAssignments()
    {
        // Assignments without an estimate take no capacity but still count as work in hand.
        var active = new[] { Req("x1", "a"), Req("x2", "a"), Req("y1", "b") };
        var ranked = Rank(Req("r1"), [Pro("a"), Pro("b"), Pro("c")], active);

        Assert.Equal(["c", "b", "a"], ranked.Select(c => c.ProfessionalId));
        Assert.Equal([0, 1, 2], ranked.Select(c => c.CurrentAssignments));
    }

    [Fact]
    public void FullTiesAreBrokenByIdSoTheOrderNeverChanges()
    {
        var ranked = Rank(Req("r1"), [Pro("m"), Pro("b"), Pro("x"), Pro("a")]);
        Assert.Equal(["a", "b", "m", "x"], ranked.Select(c => c.ProfessionalId));
    }

    [Fact]
    public void TheRankedRequestItselfDoesNotWeighOnItsCurrentAssignee()
    {
        var request = Req("r1", "b", estimate: 30m);
        var ranked = Rank(request, [Pro("a"), Pro("b")]);

        Assert.All(ranked, c => Assert.Equal(0, c.CurrentAssignments));
        Assert.All(ranked, c => Assert.Equal(0m, c.CommittedHours));
    }

    [Fact]
    public async Task CandidatesThroughTheGrainCountTimeAlreadyRecordedThisWeek()
    {
        await using var world = await ConsortiumWorld.CreateAsync();
        await world.HireAsync("p1", 50m);
        await world.HireAsync("p2", 50m);
        await world.HireAsync("p3", 50m, 35m, "legal");
        await world.AgreeAsync();

        // p1 worked 8 h today on a request now done: no assignment left, but less room this week.
        await world.AssignedAsync("r0", "p1");
        await world.RecordAsync("r0", "p1", world.Today, 8m);
        await world.Consortium.CompleteRequestAsync("r0");
        await world.SubmitAsync("r1", needBy: world.Today.AddDays(14), urgency: ServiceRequestUrgency.Urgent);

        var list = await world.Consortium.GetCandidatesAsync("r1");

        Assert.Equal((new DateOnly(2026, 3, 2), new DateOnly(2026, 3, 22), 3), (list.WindowStart, list.WindowEnd, list.Weeks));
        Assert.Equal(["p2", "p1"], list.Candidates.Select(c => c.ProfessionalId));
        Assert.Equal([105m, 97m], list.Candidates.Select(c => c.FreeCapacity));
    }

    [Fact]
    public async Task HoursRecordedOnTheRankedRequestDoNotReduceItsCurrentAssigneesFreeCapacity()
    {
        await using var world = await ConsortiumWorld.CreateAsync();
        await world.HireAsync("p1", 50m);
        await world.HireAsync("p2", 50m);
        await world.AgreeAsync();

        // p1 already works on r1 (10 h today); p2 worked 4 h today on another request.
        await world.AssignedAsync("r1", "p1");
        await world.RecordAsync("r1", "p1", world.Today, 10m);
        await world.AssignedAsync("r0", "p2");
        await world.RecordAsync("r0", "p2", world.Today, 4m);

        var list = await world.Consortium.GetCandidatesAsync("r1");

        // Ranking r1 again (a reassignment): its own 10 h are this work, not a competing load on p1.
        var p1 = list.Candidates.Single(c => c.ProfessionalId == "p1");
        Assert.Equal(0m, p1.RecordedHours);
        Assert.Equal(p1.Capacity, p1.FreeCapacity);
        Assert.Equal(["p1", "p2"], list.Candidates.Select(c => c.ProfessionalId));
        Assert.Equal(4m, list.Candidates.Single(c => c.ProfessionalId == "p2").RecordedHours);
    }

    [Fact]
    public async Task AFormerAssigneesHoursOnTheRankedRequestStillTakeTheirWeek()
    {
        await using var world = await ConsortiumWorld.CreateAsync();
        await world.HireAsync("p1", 50m);
        await world.HireAsync("p2", 50m);
        await world.AgreeAsync();
        await world.AssignedAsync("r1", "p1");
        await world.RecordAsync("r1", "p1", world.Today, 6m);
        await world.Consortium.AssignAsync("r1", "p2", null);

        var list = await world.Consortium.GetCandidatesAsync("r1");

        Assert.Equal(6m, list.Candidates.Single(c => c.ProfessionalId == "p1").RecordedHours);
        Assert.Equal(0m, list.Candidates.Single(c => c.ProfessionalId == "p2").RecordedHours);
    }

    [Fact]
    public async Task CandidatesOfAClosedRequestAre409AndOfAnUnknownOne404()
    {
        await using var world = await ConsortiumWorld.CreateAsync();
        await world.AgreeAsync();
        await world.SubmitAsync("r1");
        await world.Consortium.CancelRequestAsync("r1", null);

        await Assert.ThrowsAsync<ConflictException>(() => world.Consortium.GetCandidatesAsync("r1"));
        await Assert.ThrowsAsync<NotFoundException>(() => world.Consortium.GetCandidatesAsync("nope"));
    }
}
