using Platform.Abstractions;

namespace Platform.Grains.Statistics;

/// <summary>The periods a network report compares: this one and the same dates a year earlier.</summary>
internal static class NetworkReports
{
    /// <summary>
    /// No bound: the report year ending today (the last twelve months, the dashboard's convention).
    /// Both bounds: that period and the same dates a year before. One bound only is a 400.
    /// </summary>
    public static (StatisticsPeriod Current, StatisticsPeriod Previous) Compared(StatisticsPeriod? period, DateOnly today)
    {
        var valid = (period ?? StatisticsPeriod.AllTime).Validated();
        var current = valid switch
        {
            { From: null, To: null } => new StatisticsPeriod(today.AddYears(-1).AddDays(1), today),
            { From: not null, To: not null } => valid,
            _ => throw ValidationFailedException.For(valid.From is null ? "from" : "to",
                "A comparison with the year before needs both 'from' and 'to', or neither (the report year ending today)."),
        };
        return (current, new StatisticsPeriod(current.From!.Value.AddYears(-1), current.To!.Value.AddYears(-1)));
    }
}
