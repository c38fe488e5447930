using Platform.Abstractions;

namespace Platform.Grains.Federations;

/// <summary>
/// A member's standing over time (DOMAIN.md rule 9): which days it was an active member, from its
/// status history. A withdrawal takes effect on its date (withdrawn on that day); a reinstatement
/// takes effect on its date (active on that day), so withdrawn and reinstated on one day is a
/// withdrawal undone.
/// </summary>
internal static class MemberStanding
{
    /// <summary>
    /// The member's history, complete: the one it carries, or, for a record written before histories
    /// were kept (or imported), the one its join and withdrawal dates describe.
    /// </summary>
    public static IReadOnlyList<MemberStatusChange> HistoryOf(Member member)
    {
        if (member.StatusHistory is { Count: > 0 } history && history[0].Event == MemberStatusEvent.Joined)
            return history[0].On == member.JoinedOn ? history : [new(MemberStatusEvent.Joined, member.JoinedOn), .. history.Skip(1)];
        return member.WithdrawnOn is { } left
            ? [new(MemberStatusEvent.Joined, member.JoinedOn), new(MemberStatusEvent.Withdrawn, left)]
            : [new(MemberStatusEvent.Joined, member.JoinedOn)];
    }

    /// <summary>The member with its complete history, as it is stored and read back.</summary>
    public static Member WithHistory(Member member) => member with { StatusHistory = HistoryOf(member) };

    /// <summary>
    /// What the roster keeps of the history: nothing while join and withdrawal dates say it all
    /// (most members, keeping the federation's state small), the whole of it once a member was reinstated.
    /// </summary>
    public static IReadOnlyList<MemberStatusChange>? ForRoster(Member member)
    {
        var history = HistoryOf(member);
        return history.Any(c => c.Event == MemberStatusEvent.Reinstated) ? history : null;
    }

    /// <summary>
    /// A history as given (an import, or after a change): joined first, then withdrawals and
    /// reinstatements in turn, in date order, ending as the member's status says. 400 otherwise.
    /// </summary>
    public static void Validate(Member member)
    {
        var history = HistoryOf(member);
        if (history.Count > MaxHistory) throw ValidationFailedException.For("statusHistory", $"A status history holds at most {MaxHistory} steps.");
        for (var i = 1; i < history.Count; i++)
        {
            var expected = i % 2 == 1 ? MemberStatusEvent.Withdrawn : MemberStatusEvent.Reinstated;
            if (history[i].Event != expected || history[i].On < history[i - 1].On)
                throw ValidationFailedException.For("statusHistory", "A status history starts with the day the member joined, then withdrawals and reinstatements in turn, in date order.");
        }
        var withdrawn = history[^1].Event == MemberStatusEvent.Withdrawn;
        if (withdrawn != (member.Status == MemberStatus.Withdrawn) || (withdrawn && history[^1].On != member.WithdrawnOn))
            throw ValidationFailedException.For("statusHistory", "The status history must end as the member's status and withdrawal date say.");
    }

    /// <summary>Far more than any real member: a bound on the state, not a business rule.</summary>
    public const int MaxHistory = 200;

    /// <summary>Whether the roster entry was an active member on that day.</summary>
    public static bool ActiveOn(RosterEntry entry, DateOnly day)
    {
        if (day < entry.JoinedOn) return false;
        if (entry.History is not { } history) return entry.LeftOn is not { } left || day < left;
        var active = false;
        foreach (var change in history)
        {
            if (change.On > day) break;
            active = change.Event != MemberStatusEvent.Withdrawn;
        }
        return active;
    }

    /// <summary>
    /// The withdrawal in force at the end of a period (its date), or null when the member was
    /// active then; without an end, the latest standing. Statistics read this where they read the
    /// withdrawal date, so a reinstated member counts as active from its reinstatement on.
    /// </summary>
    public static DateOnly? LeftAsOf(RosterEntry entry, DateOnly? end)
    {
        if (entry.History is not { } history) return entry.LeftOn is { } left && (end is null || left <= end) ? left : null;
        DateOnly? withdrawnOn = null;
        foreach (var change in history)
        {
            if (end is { } last && change.On > last) break;
            withdrawnOn = change.Event == MemberStatusEvent.Withdrawn ? change.On : null;
        }
        return withdrawnOn;
    }
}
