using Platform.Abstractions;
using Platform.Abstractions.Governance;
using Platform.Grains.Roles;
using static System.FormattableString;

namespace Platform.Grains.Governance;

/// <summary>The rules a body definition and a proposal must meet (docs/roles-and-governance.md).</summary>
public static class GovernanceValidation
{
    public const int NameLength = 200;
    public const int TitleLength = 500;
    public const int HolderLength = 200;
    public const int MaxSeats = 1_000;

    /// <summary>A body needs a majority of its voting seats present unless it says otherwise.</summary>
    public static int DefaultQuorum(int votingSeats) => votingSeats / 2 + 1;

    public static (BodyKind Kind, LocalizedText Name, IReadOnlyList<Seat> Seats, int Quorum) ValidateBody(BodyDefinition? definition)
    {
        if (definition is null) throw ValidationFailedException.For("body", "A body definition {kind, name, seats, quorum?} is required.");
        var problems = new Problems();
        if (definition.Kind is null)
            problems.Add("kind", "'kind' is required: board, assembly, committee, council or co-direction.");
        var name = problems.Text(definition.Name, "name", NameLength, required: true);

        var seats = new List<Seat>();
        if (definition.Seats is null || definition.Seats.Count == 0) problems.Add("seats", "'seats' is required: at least one seat {id, holder?, voting}.");
        problems.Count(definition.Seats, "seats", MaxSeats);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (definition.Seats?.Count ?? 0); i++)
        {
            var seat = definition.Seats![i];
            var at = $"seats[{i}]";
            if (seat is null) { problems.Add(at, $"'{at}' must be an object {{id, holder?, voting, role?}}."); continue; }
            if (seat.Id is null) problems.Add($"{at}.id", $"'{at}.id' is required.");
            else if (!Ids.IsValid(seat.Id)) problems.Id(seat.Id, $"{at}.id");
            else if (!ids.Add(seat.Id)) problems.Add($"{at}.id", $"Seat id '{seat.Id}' appears twice.");
            var holder = problems.Line(seat.Holder, $"{at}.holder", HolderLength, required: false);
            if (seat.Voting is null) problems.Add($"{at}.voting", $"'{at}.voting' is required: true for a seat with a vote, false for a seat without one.");
            problems.Id(seat.Role, $"{at}.role");
            problems.Id(seat.Person, $"{at}.person");
            seats.Add(new Seat(seat.Id ?? "", holder, seat.Voting ?? false, seat.Role, seat.Person));
        }

        var voting = seats.Count(s => s.Voting);
        var quorum = definition.Quorum ?? DefaultQuorum(voting);
        if (definition.Seats is { Count: > 0 } && !problems.Any && voting == 0)
            problems.Add("seats", "A body needs at least one seat with a vote.");
        if (definition.Quorum is { } given && (given < 1 || (voting > 0 && given > voting)))
            problems.Add("quorum", Invariant($"'quorum' is a number of voting seats: between 1 and {Math.Max(voting, 1)}."));

        if (definition.Kind == BodyKind.CoDirection && !problems.Any)
        {
            // A co-direction is a pair of co-roles deciding together: two voting seats, one per role.
            if (seats.Count != 2 || seats.Any(s => !s.Voting || s.Role is null))
                problems.Add("seats", "A co-direction has exactly two voting seats, each naming its 'role'.");
            else if (seats[0].Role == seats[1].Role)
                problems.Add("seats", "The two seats of a co-direction name two different roles.");
            if (definition.Quorum is { } q && q != 2)
                problems.Add("quorum", "A co-direction decides with both co-leads: its quorum is 2.");
            quorum = 2;
        }

        problems.ThrowIfAny("The body definition is invalid");
        return (definition.Kind!.Value, name!, seats, quorum);
    }

    /// <summary>Every seat's person is a person of the tenant (people are checked where they are kept: the tenant's people grain).</summary>
    public static void RequirePeopleOfTenant(IReadOnlyList<Seat> seats, IReadOnlyCollection<string> tenantPeople, Func<int, string> fieldOf)
    {
        var problems = new Problems();
        for (var i = 0; i < seats.Count; i++)
            if (seats[i].Person is { } person && !tenantPeople.Contains(person))
                problems.Add(fieldOf(i), $"'{Truncate(person)}' is not a person of this tenant.");
        problems.ThrowIfAny("The seat holder is invalid");
    }

    internal static string Truncate(string? value) => value is { Length: > 80 } ? value[..80] + "…" : value ?? "";

    public static (string Id, LocalizedText Title, DecisionMode Mode) ValidateProposal(NewProposal? proposal, BodyKind kind)
    {
        if (proposal is null) throw ValidationFailedException.For("body", "A proposal {id?, title, mode} is required.");
        var problems = new Problems();
        problems.Id(proposal.Id, "id");
        var title = problems.Text(proposal.Title, "title", TitleLength, required: true);
        var mode = proposal.Mode;
        if (kind == BodyKind.CoDirection)
        {
            mode ??= DecisionMode.Consensus;
            if (mode != DecisionMode.Consensus) problems.Add("mode", "A co-direction decides by consensus of both co-leads: 'mode' must be consensus.");
        }
        else if (mode is null) problems.Add("mode", "'mode' is required: consensus, majority or two-thirds.");
        problems.ThrowIfAny("The proposal is invalid");
        return (proposal.Id ?? Ids.New("p"), title!, mode!.Value);
    }
}
