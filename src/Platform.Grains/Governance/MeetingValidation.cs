using Platform.Abstractions;
using Platform.Abstractions.Governance;
using Platform.Grains.Roles;

namespace Platform.Grains.Governance;

/// <summary>The rules a meeting, its agenda, its roll and its minutes must meet (docs/roles-and-governance.md).</summary>
public static class MeetingValidation
{
    public const int TitleLength = 200;
    public const int LocationLength = 200;
    public const int AgendaTitleLength = 500;
    public const int MaxAgendaItems = 50;

    /// <summary>About 25 pages per language: a long annual assembly's minutes fit; the meeting's state stays far under a stored entity.</summary>
    public const int MinutesLength = 50_000;

    public static (DateOnly On, LocalizedText Title, string? Location, IReadOnlyList<AgendaItem> Agenda) ValidateMeeting(MeetingDefinition? definition)
    {
        if (definition is null) throw ValidationFailedException.For("body", "A meeting {id?, on, title, location?, agenda?} is required.");
        var problems = new Problems();
        problems.Id(definition.Id, "id");
        if (definition.On is null) problems.Add("on", "'on' is required: the meeting's date, as 2026-03-15.");
        problems.Date(definition.On, "on");
        var title = problems.Text(definition.Title, "title", TitleLength, required: true);
        var location = problems.Line(definition.Location, "location", LocationLength, required: false);
        problems.Count(definition.Agenda, "agenda", MaxAgendaItems);
        var agenda = new List<AgendaItem>();
        for (var i = 0; i < (definition.Agenda?.Count ?? 0); i++)
        {
            var item = definition.Agenda![i];
            if (item is null) { problems.Add($"agenda[{i}]", $"'agenda[{i}]' must be an object {{title, proposal?}}."); continue; }
            if (Check(item, problems, $"agenda[{i}].", i + 1) is { } valid) agenda.Add(valid);
        }
        problems.ThrowIfAny("The meeting is invalid");
        return (definition.On!.Value, title!, location, agenda);
    }

    public static AgendaItem ValidateAgendaItem(AgendaItemDefinition? item, string prefix, int number)
    {
        if (item is null) throw ValidationFailedException.For("body", "An agenda item {title, proposal?} is required.");
        var problems = new Problems();
        var valid = Check(item, problems, prefix, number);
        problems.ThrowIfAny("The agenda item is invalid");
        return valid!;
    }

    /// <summary>The seats present: each a seat of the body, once.</summary>
    public static IReadOnlySet<string> ValidatePresent(IReadOnlyList<string>? present, IReadOnlyList<Seat> seats)
    {
        if (present is null) throw ValidationFailedException.For("present", "'present' is required: the ids of the seats present (an empty list when nobody came).");
        var problems = new Problems();
        var known = seats.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < present.Count; i++)
        {
            var id = present[i];
            if (id is null || !known.Contains(id)) problems.Add($"present[{i}]", $"'{GovernanceValidation.Truncate(id)}' is not a seat of this body.");
            else if (!seen.Add(id)) problems.Add($"present[{i}]", $"Seat '{id}' appears twice.");
        }
        problems.ThrowIfAny("The attendance is invalid");
        return seen;
    }

    /// <summary>Either language may wait (a French-only tenant writes French alone); blank means not written.</summary>
    public static (string? Fr, string? En) ValidateMinutes(string? fr, string? en)
    {
        var problems = new Problems();
        foreach (var (text, field) in new[] { (fr, "fr"), (en, "en") })
            if (text is { Length: > MinutesLength }) problems.Add(field, $"'{field}' is limited to {MinutesLength} characters.");
            else if (text is not null && text.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
                problems.Add(field, $"'{field}' must not contain control characters.");
        problems.ThrowIfAny("The minutes are invalid");
        // Browsers send a textarea's line breaks as CRLF: kept as plain line breaks, whatever sent them.
        return (Blank(fr) ? null : fr!.Trim().ReplaceLineEndings("\n"), Blank(en) ? null : en!.Trim().ReplaceLineEndings("\n"));
    }

    private static bool Blank(string? text) => string.IsNullOrWhiteSpace(text);

    private static AgendaItem? Check(AgendaItemDefinition item, Problems problems, string prefix, int number)
    {
        var title = problems.Text(item.Title, $"{prefix}title", AgendaTitleLength, required: true);
        problems.Id(item.Proposal, $"{prefix}proposal");
        return title is null || (item.Proposal is not null && !Ids.IsValid(item.Proposal)) ? null : new AgendaItem(number, title, item.Proposal);
    }
}
