using Platform.Abstractions;
using Platform.Grains.Consortium;

namespace Platform.Grains.Tests.Consortium;

/// <summary>Rule 4 as pure arithmetic: hours × the rate in force that day, per line, to the cent.</summary>
public sealed class FairCostTests
{
    private static readonly DateTimeOffset At = new(2026, 4, 1, 0, 0, 0, TimeSpan.Zero);

    private static TimeEntry Entry(string request, string pro, string day, decimal hours, string client = "cqch") =>
        new($"te-{Guid.NewGuid():N}"[..22], request, client, pro, DateOnly.Parse(day), hours, At);

    private static RateBook Book(params (string Pro, string From, decimal Rate)[] steps) =>
        new(steps.GroupBy(s => s.Pro).ToDictionary(
            g => g.Key,
            g => (IReadOnlyList<RateChange>)g.Select(s => new RateChange(DateOnly.Parse(s.From), s.Rate)).OrderBy(s => s.EffectiveFrom).ToList()));

    [Fact]
    public void MidpointCentsRoundAwayFromZero()
    {
        Assert.Equal(11.33m, FairCost.ToCent(0.25m * 45.30m)); // 11.325: banker's rounding would say 11.32
        Assert.Equal(11.38m, FairCost.ToCent(0.25m * 45.50m)); // 11.375
        Assert.Equal(0.01m, FairCost.ToCent(0.005m));
        Assert.Equal(0m, FairCost.ToCent(0.0049m));
    }

    [Fact]
    public void RateInForceIsTheLastStepOnOrBeforeTheDayAndTheFirstStepCoversEarlierDays()
    {
        IReadOnlyList<RateChange> history = [new(new DateOnly(2026, 1, 1), 40m), new(new DateOnly(2026, 3, 16), 42.50m)];
        Assert.Equal(40m, RateChange.RateOn(history, new DateOnly(2025, 6, 1)));
        Assert.Equal(40m, RateChange.RateOn(history, new DateOnly(2026, 3, 15)));
        Assert.Equal(42.50m, RateChange.RateOn(history, new DateOnly(2026, 3, 16)));
        Assert.Equal(42.50m, RateChange.RateOn(history, new DateOnly(2030, 1, 1)));
    }

    [Fact]
    public void ARateChangeMidMonthSplitsTheLineAndEachHalfUsesItsOwnRate()
    {
        var rates = Book(("p1", "2026-01-01", 45.30m), ("p1", "2026-03-16", 47.85m));
        var lines = FairCost.Lines(
        [
            Entry("r1", "p1", "2026-03-02", 2.5m),
            Entry("r1", "p1", "2026-03-03", 1.25m),
            Entry("r1", "p1", "2026-03-16", 3m),
            Entry("r1", "p1", "2026-03-17", 0.5m),
        ], rates);

        Assert.Collection(lines,
            l => Assert.Equal(new StatementLine("r1", "p1", 3.75m, 45.30m, 169.88m), l),  // 169.875
            l => Assert.Equal(new StatementLine("r1", "p1", 3.5m, 47.85m, 167.48m), l));  // 167.475
    }

    [Fact]
    public void RoundsOncePerLineNotPerEntry()
    {
        var rates = Book(("p1", "2026-01-01", 45.30m));
        var lines = FairCost.Lines(
        [
            Entry("r1", "p1", "2026-03-02", 0.25m),
            Entry("r1", "p1", "2026-03-03", 0.25m),
            Entry("r1", "p1", "2026-03-04", 0.25m),
        ], rates);

        // 0.75 h × 45.30 = 33.975 → 33.98; rounding each 11.325 first would have billed 33.99.
        Assert.Equal(33.98m, Assert.Single(lines).Amount);
    }

    [Fact]
    public void LinesAreOnePerRequestProfessionalAndRateInAStableOrder()
    {
        var rates = Book(("p1", "2026-01-01", 50m), ("p2", "2026-01-01", 60m));
        var lines = FairCost.Lines(
        [
            Entry("r2", "p1", "2026-03-02", 1m),
            Entry("r1", "p2", "2026-03-02", 2m),
            Entry("r1", "p1", "2026-03-03", 3m),
            Entry("r1", "p1", "2026-03-04", 4m),
        ], rates);

        Assert.Equal(
            [("r1", "p1", 7m, 350m), ("r1", "p2", 2m, 120m), ("r2", "p1", 1m, 50m)],
            lines.Select(l => (l.RequestId, l.ProfessionalId, l.Hours, l.Amount)));
    }

    [Fact]
    public void StatementTotalIsTheExactSumOfItsLinesAndOnlyTheClientsMonth()
    {
        var rates = Book(("p1", "2026-01-01", 33.33m), ("p2", "2026-01-01", 71.17m));
        // Thirty entries of 0.1 h: a double would drift, decimal stays exact.
        var entries = Enumerable.Range(1, 30).Select(d => Entry("r1", "p1", $"2026-03-{d:D2}", 0.1m)).ToList();
        entries.Add(Entry("r2", "p2", "2026-03-05", 1.15m));              // 81.8455 → 81.85
        entries.Add(Entry("r3", "p2", "2026-03-05", 2m, client: "other")); // another client
        entries.Add(Entry("r1", "p1", "2026-04-01", 5m));                  // another month

        var statement = FairCost.Compose("conso", "cqch", new YearMonth(2026, 3), entries, rates, StatementStatus.Draft, null);

        Assert.Equal(2, statement.Lines.Count);
        Assert.Equal(99.99m + 81.85m, statement.Total);
        Assert.Equal(4.15m, statement.Hours);
        Assert.Equal(statement.Lines.Sum(l => l.Amount), statement.Total);
    }

    [Fact]
    public void CostByClientPricesEachClientLikeItsStatement()
    {
        var rates = Book(("p1", "2026-01-01", 45.30m));
        var entries = new[]
        {
            Entry("r1", "p1", "2026-03-02", 0.25m),
            Entry("r1", "p1", "2026-03-03", 0.25m),
            Entry("r9", "p1", "2026-03-03", 1m, client: "other"),
        };

        var cost = FairCost.CostByClient(entries, rates);

        Assert.Equal(22.65m, cost["cqch"]);
        Assert.Equal(45.30m, cost["other"]);
        Assert.Equal(FairCost.Compose("conso", "cqch", new YearMonth(2026, 3), entries, rates, StatementStatus.Draft, null).Total, cost["cqch"]);
    }

    [Theory]
    [InlineData("2026-03", true, 2026, 3)]
    [InlineData("2099-12", true, 2099, 12)]
    [InlineData("2026-13", false, 0, 0)]
    [InlineData("2026-00", false, 0, 0)]
    [InlineData("1999-12", false, 0, 0)]
    [InlineData("2026-3", false, 0, 0)]
    [InlineData("2026/03", false, 0, 0)]
    [InlineData("+026-03", false, 0, 0)]
    [InlineData("２０２６-03", false, 0, 0)]
    [InlineData("", false, 0, 0)]
    public void MonthsParseOnlyAsYyyyMm(string text, bool valid, int year, int month)
    {
        Assert.Equal(valid, YearMonth.TryParse(text, out var parsed));
        if (valid) Assert.Equal(new YearMonth(year, month), parsed);
    }
}
