using Platform.Abstractions;

namespace Platform.Host.Seeding;

/// <summary>
/// Makes a generated federation obey DOMAIN.md rule 9 (the import refuses anything else): a member
/// takes part only in activities held while it was an active member. A participant drawn for an
/// activity held before it joined is dropped from it; a member left with no participation at all
/// goes to the earliest training, gathering or peer meeting held after it joined (any activity if
/// none), so the year's participation rate stays what the plan says wherever that is possible.
/// Deterministic, like the rest of the generator.
/// </summary>
public static class SeedParticipations
{
    public static FederationImport Fit(FederationImport import)
    {
        var members = import.Members.ToDictionary(m => m.Id, StringComparer.Ordinal);
        var activities = import.Activities.Select(a => a with { Participants = a.Participants.Where(id => ActiveOn(members[id], a.On)).ToList() }).ToList();

        var reachedBefore = import.Activities.SelectMany(a => a.Participants).ToHashSet(StringComparer.Ordinal);
        var reachedNow = activities.SelectMany(a => a.Participants).ToHashSet(StringComparer.Ordinal);
        foreach (var memberId in reachedBefore.Where(id => !reachedNow.Contains(id)).Order(StringComparer.Ordinal))
        {
            var member = members[memberId];
            var fitting = Enumerable.Range(0, activities.Count).Where(i => ActiveOn(member, activities[i].On)).OrderBy(i => activities[i].On).ToList();
            if (fitting.Count == 0) continue;
            var open = fitting.Where(i => activities[i].Kind is ActivityKind.Training or ActivityKind.Networking or ActivityKind.PeerMeeting).ToList();
            var index = open.Count > 0 ? open[0] : fitting[0];
            activities[index] = activities[index] with { Participants = [.. activities[index].Participants, memberId] };
        }
        return import with { Activities = activities };
    }

    /// <summary>Generated members have no reinstatement: active from joining until a withdrawal, which takes effect on its date.</summary>
    private static bool ActiveOn(Member member, DateOnly day) => day >= member.JoinedOn && (member.WithdrawnOn is not { } left || day < left);
}
