using Platform.Abstractions;
using Platform.Grains.Statistics;

namespace Platform.Grains.Tests.Federations;

public sealed class SuppressionTests
{
    private static Suppression.Result Apply(params int[] counts) =>
        Suppression.Apply(counts.Select((_, i) => $"c{i}").ToArray(), counts, "t.");

    private static string Show(Suppression.Result result) => string.Join(" ", result.Cells.Values.Select(v => v.ToString()));

    [Fact]
    public void CellsOfFiveOrMoreArePublished()
    {
        var result = Apply(5, 12, 40);
        Assert.Equal("5 12 40", Show(result));
        Assert.Empty(result.Suppressed);
    }

    [Fact]
    public void OneSmallCellHidesTheSmallestOtherCellToo()
    {
        // Without the second cell, c0 = total − 9 − 12 − 40 would give it away.
        var result = Apply(3, 12, 9, 40);
        Assert.Equal("<5 12 <5 40", Show(result));
        Assert.Equal(["t.c0", "t.c2"], result.Suppressed);
    }

    [Fact]
    public void TwoSmallCellsAreEnoughWhenTheirSumDoesNotPinThem()
    {
        Assert.Equal("<5 <5 30", Show(Apply(1, 3, 30)));
    }

    [Fact]
    public void EmptyCellsAreHiddenAndNeverLeftAloneAtZero()
    {
        // Hidden cells adding up to 0 would all be known to be 0.
        Assert.Equal("<5 <5 <5 20", Show(Apply(0, 0, 7, 20)));
    }

    [Fact]
    public void SmallCellsAllAtFourAreProtectedToo()
    {
        // Two hidden cells known to be below 5 and adding up to 8 can only be 4 and 4.
        Assert.Equal("<5 <5 <5 50", Show(Apply(4, 4, 6, 50)));
    }

    [Fact]
    public void TiesPickTheFirstCellByName()
    {
        Assert.Equal("<5 <5 10 10", Show(Apply(2, 10, 10, 10)));
    }

    [Fact]
    public void NoBreakdownEverLeavesAHiddenCellRecoverable()
    {
        var random = new Random(20240331);
        for (var round = 0; round < 5_000; round++)
        {
            var counts = Enumerable.Range(0, random.Next(1, 12)).Select(_ => random.Next(0, 3) == 0 ? random.Next(0, 5) : random.Next(0, 60)).ToArray();
            var result = Apply(counts);
            var hidden = result.Cells.Values.Select((v, i) => (v, i)).Where(x => x.v.IsSuppressed).Select(x => counts[x.i]).ToList();

            Assert.All(result.Cells.Values.Zip(counts), pair => Assert.True(pair.First.IsSuppressed || pair.Second >= 5));
            if (hidden.Count == 0 || hidden.Count == counts.Length) continue;
            Assert.True(hidden.Count >= 2, $"one hidden cell in [{string.Join(",", counts)}]");
            Assert.True(hidden.Sum() > 0, $"hidden cells all zero in [{string.Join(",", counts)}]");
            Assert.False(hidden.All(h => h < 5) && hidden.Sum() == 4 * hidden.Count, $"hidden cells all at 4 in [{string.Join(",", counts)}]");
        }
    }

    [Fact]
    public void SuppressedCellReadsLessThanFiveInJson()
    {
        var options = new System.Text.Json.JsonSerializerOptions();
        PlatformJson.Configure(options);
        var json = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, CellValue> { ["a"] = CellValue.Suppressed, ["b"] = new(12) }, options);
        using var document = System.Text.Json.JsonDocument.Parse(json);
        Assert.Equal("<5", document.RootElement.GetProperty("a").GetString());
        Assert.Equal(12, document.RootElement.GetProperty("b").GetInt32());
        Assert.Equal(CellValue.Suppressed, System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, CellValue>>(json, options)!["a"]);
    }
}
