using Platform.Abstractions;

namespace Platform.Host.Web.Consortium;

/// <summary>
/// Professionals × weeks: for each Monday-to-Sunday week from this one on, the hours already
/// recorded that week plus the hours still planned (what is left of each assigned request's
/// estimate, spread evenly over the weeks from this one through its need-by week; a date already
/// past puts it all on this week), against the weekly capacity. The same counting as the
/// candidate ranking, shown week by week.
/// </summary>
public static class CapacityPlan
{
    public sealed record Week(DateOnly Monday, decimal Recorded, decimal Planned, decimal Capacity)
    {
        public decimal Booked => Recorded + Planned;
        public decimal Load => Capacity <= 0 ? 0 : Booked / Capacity;
    }

    public sealed record Row(Professional Professional, IReadOnlyList<Week> Weeks);

    public static DateOnly MondayOf(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    public static IReadOnlyList<Row> Build(
        DateOnly today, int weeks, IEnumerable<Professional> professionals,
        IEnumerable<ServiceRequest> assigned, IReadOnlyList<TimeEntry> entries)
    {
        var first = MondayOf(today);
        var recordedOn = entries.ToLookup(e => e.RequestId, StringComparer.Ordinal);
        var planned = new Dictionary<(string Pro, int Week), decimal>();
        foreach (var request in assigned.Where(r => r.Status == ServiceRequestStatus.Assigned && r.ProfessionalId is not null))
        {
            var left = Math.Max(0m, (request.EstimatedHours ?? 0m) - recordedOn[request.Id].Sum(e => e.Hours));
            if (left == 0) continue;
            var lastWeek = Math.Max(0, (MondayOf(request.NeedBy).DayNumber - first.DayNumber) / 7);
            var span = lastWeek + 1;
            for (var w = 0; w < Math.Min(span, weeks); w++)
                planned[(request.ProfessionalId!, w)] = planned.GetValueOrDefault((request.ProfessionalId!, w)) + left / span;
        }
        var recorded = entries
            .Where(e => e.On >= first)
            .GroupBy(e => (e.ProfessionalId, Week: (MondayOf(e.On).DayNumber - first.DayNumber) / 7))
            .ToDictionary(g => g.Key, g => g.Sum(e => e.Hours));

        return professionals
            .Where(p => p.Active)
            .Select(p => new Row(p, Enumerable.Range(0, weeks)
                .Select(w => new Week(first.AddDays(7 * w),
                    recorded.GetValueOrDefault((p.Id, w)),
                    decimal.Round(planned.GetValueOrDefault((p.Id, w)), 1, MidpointRounding.AwayFromZero),
                    p.WeeklyCapacity))
                .ToList()))
            .ToList();
    }
}
