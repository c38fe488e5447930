using Platform.Abstractions;

namespace Platform.Grains.Consortium;

/// <summary>
/// Who should take a request. Pure so every rule of the order is testable on its own:
/// <list type="number">
/// <item>field match: the request's field is the professional's main (first) field, then any of their fields;
/// professionals without the field, and inactive ones, are not candidates;</item>
/// <item>free capacity over the window, highest first;</item>
/// <item>fewest current assignments (requests assigned to them and not yet done);</item>
/// <item>professional id, so equal candidates always come out in the same order.</item>
/// </list>
/// </summary>
public static class CandidateRanking
{
    /// <summary>
    /// The capacity window: whole Monday-to-Sunday weeks from the week of <paramref name="today"/>
    /// through the week of the need-by date (at least this week when the date has passed). Starting
    /// on Monday lets the hours already worked this week count against this week's capacity.
    /// </summary>
    public static (DateOnly Start, DateOnly End, int Weeks) Window(DateOnly today, DateOnly needBy)
    {
        var start = today.AddDays(-DaysSinceMonday(today));
        var last = needBy > today ? needBy : today;
        var end = last.AddDays(6 - DaysSinceMonday(last));
        return (start, end, (end.DayNumber - start.DayNumber + 1) / 7);
    }

    /// <summary>
    /// Ranks the candidates for <paramref name="request"/>. For each professional:
    /// capacity = weekly capacity × weeks; recorded = hours they recorded from the window's Monday
    /// through today (any client); committed = for each other request assigned to them and due by
    /// the window's end, its estimated hours minus the hours already recorded on it (never below
    /// zero; no estimate counts zero); free = capacity − recorded − committed.
    /// </summary>
    public static IReadOnlyList<Candidate> Rank(
        ActiveRequestEntry request,
        DateOnly windowEnd,
        int weeks,
        IEnumerable<Professional> professionals,
        IEnumerable<ActiveRequestEntry> activeRequests,
        IReadOnlyDictionary<string, decimal> recordedInWindow)
    {
        var assignedElsewhere = activeRequests
            .Where(r => r.Id != request.Id && r.Status == ServiceRequestStatus.Assigned && r.ProfessionalId is not null)
            .ToLookup(r => r.ProfessionalId!, StringComparer.Ordinal);

        var ranked = professionals
            .Where(p => p.Active && p.Fields.Contains(request.Field, StringComparer.Ordinal))
            .Select(p =>
            {
                var match = p.Fields[0] == request.Field ? FieldMatch.Primary : FieldMatch.Secondary;
                var capacity = p.WeeklyCapacity * weeks;
                var recorded = recordedInWindow.GetValueOrDefault(p.Id);
                var assignments = assignedElsewhere[p.Id].ToList();
                var committed = assignments
                    .Where(r => r.NeedBy <= windowEnd)
                    .Sum(r => Math.Max(0m, (r.EstimatedHours ?? 0m) - r.RecordedHours));
                return (Professional: p, Match: match, Capacity: capacity, Recorded: recorded, Committed: committed,
                    Free: capacity - recorded - committed, Current: assignments.Count);
            })
            .OrderByDescending(c => c.Match)
            .ThenByDescending(c => c.Free)
            .ThenBy(c => c.Current)
            .ThenBy(c => c.Professional.Id, StringComparer.Ordinal)
            .ToList();

        return ranked
            .Select((c, i) => new Candidate(i + 1, c.Professional.Id, c.Professional.Name, c.Match, c.Capacity,
                c.Recorded, c.Committed, c.Free, c.Current))
            .ToList();
    }

    private static int DaysSinceMonday(DateOnly day) => ((int)day.DayOfWeek + 6) % 7;
}
