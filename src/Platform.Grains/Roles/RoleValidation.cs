using Platform.Abstractions;
using Platform.Abstractions.Roles;
using static System.FormattableString;

namespace Platform.Grains.Roles;

/// <summary>
/// The rules a role document must meet (documented in docs/roles-and-governance.md). Pure: no
/// grain, no clock, so every rule is tested on its own.
/// </summary>
public static class RoleValidation
{
    public const int TitleLength = 200;
    public const int ItemLength = 1_000;
    public const int MaxListEntries = 50;
    public const int MaxCompetencies = 100;
    public const int MaxHolders = 200;
    public const int NameLength = 200;
    public const int RegionLength = 100;
    public const decimal MaxHoursPerWeek = 80m;
    public const decimal MaxHourlySalary = 1_000m;
    public const decimal MaxYearlySalary = 2_000_000m;
    public const int MaxProbationMonths = 24;

    /// <summary>
    /// Validates a document and returns it normalised (lists never null, text trimmed where it is
    /// a name). <paramref name="currentHolders"/> are kept when the document carries no holders.
    /// </summary>
    public static RoleDocument Validate(RoleDocument? document, IReadOnlyList<RoleHolder> currentHolders)
    {
        if (document is null) throw ValidationFailedException.For("body", "A role document is required.");
        var problems = new Problems();

        var title = problems.Text(document.Title, "title", TitleLength, required: true);
        problems.Id(document.ReportsTo, "reportsTo");
        problems.Id(document.PairedWith, "pairedWith");
        problems.Text(document.Purpose, "purpose", LocalizedText.MaxLength, required: false);
        TextList(problems, document.Objectives, "objectives");
        TextList(problems, document.SharedResponsibilities, "sharedResponsibilities");

        problems.Count(document.Responsibilities, "responsibilities", MaxListEntries);
        for (var i = 0; i < (document.Responsibilities?.Count ?? 0); i++)
        {
            var area = document.Responsibilities![i];
            var field = $"responsibilities[{i}]";
            if (area is null) { problems.Add(field, $"'{field}' must be an object {{area, items}}."); continue; }
            problems.Text(area.Area, $"{field}.area", ItemLength, required: true);
            TextList(problems, area.Items, $"{field}.items");
        }

        problems.Count(document.Competencies, "competencies", MaxCompetencies);
        for (var i = 0; i < (document.Competencies?.Count ?? 0); i++)
        {
            var competency = document.Competencies![i];
            var field = $"competencies[{i}]";
            if (competency is null) { problems.Add(field, $"'{field}' must be an object {{name, level}}."); continue; }
            problems.Text(competency.Name, $"{field}.name", ItemLength, required: true);
            if (competency.Level is null)
                problems.Add($"{field}.level", $"'{field}.level' is required: essential, deep-mastery, working-knowledge or developing.");
        }

        if (document.Conditions is { } conditions) ValidateConditions(problems, conditions);
        RolePosting? posting = null;
        if (document.Posting is { } given) posting = ValidatePosting(problems, given);

        var holders = document.Holders is null ? currentHolders : ValidateHolders(problems, document.Holders, "holders");

        problems.ThrowIfAny("The role document is invalid");
        return document with
        {
            Title = title,
            Objectives = document.Objectives ?? [],
            Responsibilities = document.Responsibilities ?? [],
            SharedResponsibilities = document.SharedResponsibilities ?? [],
            Competencies = document.Competencies ?? [],
            Posting = posting,
            Holders = holders.ToList(),
        };
    }

    private static void TextList(Problems problems, IReadOnlyList<LocalizedText>? list, string field)
    {
        problems.Count(list, field, MaxListEntries);
        for (var i = 0; i < (list?.Count ?? 0); i++)
            problems.Text(list![i], $"{field}[{i}]", ItemLength, required: true);
    }

    private static void ValidateConditions(Problems problems, RoleConditions conditions)
    {
        var hours = conditions.HoursPerWeek;
        if (hours is { } h) Hours(problems, h, "conditions.hoursPerWeek");

        if (conditions.HoursPerWeekRange is { } range)
        {
            const string field = "conditions.hoursPerWeekRange";
            if (range.Min is not { } min || range.Max is not { } max)
                problems.Add(field, $"'{field}' needs both 'min' and 'max'.");
            else
            {
                Hours(problems, min, $"{field}.min");
                Hours(problems, max, $"{field}.max");
                if (min > max) problems.Add(field, Invariant($"'{field}.min' ({min}) must not exceed '{field}.max' ({max})."));
                // The reference week is what every conversion uses, so it must sit inside the range.
                if (hours is null) problems.Add("conditions.hoursPerWeek", "'conditions.hoursPerWeek' (the reference week used for pay conversions) is required with a range of hours.");
                else if (hours < min || hours > max) problems.Add("conditions.hoursPerWeek", Invariant($"'conditions.hoursPerWeek' ({hours}) must lie within the range {min}–{max}."));
            }
        }

        if (conditions.Salary is { } salary)
        {
            const string field = "conditions.salary";
            if (salary.Per is null) problems.Add($"{field}.per", $"'{field}.per' is required: hour or year.");
            var cap = salary.Per == SalaryPeriod.Year ? MaxYearlySalary : MaxHourlySalary;
            Amount(problems, salary.Min, $"{field}.min", cap);
            Amount(problems, salary.Max, $"{field}.max", cap);
            if (salary.Min is { } min && salary.Max is { } max && min > max)
                problems.Add(field, Invariant($"'{field}.min' ({min}) must not exceed '{field}.max' ({max})."));
            if (salary.Per == SalaryPeriod.Year && hours is null)
                problems.Add("conditions.hoursPerWeek", "'conditions.hoursPerWeek' is required with a yearly salary, to express it per hour worked.");
        }

        if (conditions.ProbationMonths is { } months && (months < 0 || months > MaxProbationMonths))
            problems.Add("conditions.probationMonths", $"'conditions.probationMonths' must be between 0 and {MaxProbationMonths}.");
        problems.Text(conditions.Leave, "conditions.leave", LocalizedText.MaxLength, required: false);
    }

    private static void Hours(Problems problems, decimal hours, string field)
    {
        if (hours <= 0 || hours > MaxHoursPerWeek)
            problems.Add(field, Invariant($"'{field}' must be more than 0 and at most {MaxHoursPerWeek} hours."));
        else if (!Problems.HasAtMostTwoDecimals(hours))
            problems.Add(field, $"'{field}' has at most two decimals.");
    }

    private static void Amount(Problems problems, decimal? amount, string field, decimal cap)
    {
        if (amount is not { } value) problems.Add(field, $"'{field}' is required.");
        else if (value <= 0 || value > cap) problems.Add(field, Invariant($"'{field}' must be more than 0 and at most {cap}."));
        else if (!Problems.HasAtMostTwoDecimals(value)) problems.Add(field, $"'{field}' is in dollars with at most two decimals (cents).");
    }

    private static RolePosting? ValidatePosting(Problems problems, RolePosting posting)
    {
        if (posting.Status is null) problems.Add("posting.status", "'posting.status' is required: draft, open or closed.");
        problems.Date(posting.ApplyBy, "posting.applyBy");
        problems.Date(posting.InterviewsFrom, "posting.interviewsFrom");
        problems.Date(posting.StartsOn, "posting.startsOn");
        // Interviews may start before applications close (a continuous process, as at CTROC), but
        // nobody starts before applying or before being interviewed.
        if (posting.ApplyBy is { } applyBy && posting.StartsOn is { } startsOn && startsOn < applyBy)
            problems.Add("posting.startsOn", $"'posting.startsOn' ({startsOn:yyyy-MM-dd}) must not be before 'posting.applyBy' ({applyBy:yyyy-MM-dd}).");
        if (posting.InterviewsFrom is { } interviews && posting.StartsOn is { } starts && starts < interviews)
            problems.Add("posting.startsOn", $"'posting.startsOn' ({starts:yyyy-MM-dd}) must not be before 'posting.interviewsFrom' ({interviews:yyyy-MM-dd}).");
        problems.Text(posting.HowToApply, "posting.howToApply", LocalizedText.MaxLength, required: false);
        problems.Text(posting.Description, "posting.description", LocalizedText.MaxLength, required: false);
        TextList(problems, posting.Requirements, "posting.requirements");
        var region = problems.Line(posting.Region, "posting.region", RegionLength, required: false);
        List<string>? languages = null;
        if (posting.Languages is { } given)
        {
            languages = [];
            for (var i = 0; i < given.Count; i++)
            {
                var language = given[i];
                if (language is not ("fr" or "en"))
                    problems.Add($"posting.languages[{i}]", $"'posting.languages[{i}]' is a language of work: fr or en.");
                else if (languages.Contains(language))
                    problems.Add($"posting.languages[{i}]", $"'posting.languages[{i}]' ({language}) is listed twice.");
                else languages.Add(language);
            }
        }
        return posting with { Region = region, Requirements = posting.Requirements is null ? null : [.. posting.Requirements], Languages = languages };
    }

    /// <summary>
    /// Holders in order of their start. Two may overlap (a handover), never three: each holder
    /// starts after its predecessor started and after the one before that ended; every holder but
    /// the last has an end date, and an outgoing holder does not outstay its successor.
    /// </summary>
    public static IReadOnlyList<RoleHolder> ValidateHolders(Problems problems, IReadOnlyList<RoleHolder> holders, string field)
    {
        problems.Count(holders, field, MaxHolders);
        var result = new List<RoleHolder>(holders.Count);
        for (var i = 0; i < holders.Count; i++)
        {
            var holder = holders[i];
            var at = $"{field}[{i}]";
            if (holder is null) { problems.Add(at, $"'{at}' must be an object {{name, from, to?}}."); continue; }
            var name = problems.Line(holder.Name, $"{at}.name", NameLength, required: true);
            if (holder.From is null) problems.Add($"{at}.from", $"'{at}.from' is required.");
            problems.Date(holder.From, $"{at}.from");
            problems.Date(holder.To, $"{at}.to");
            if (holder.From is { } from && holder.To is { } to && to < from)
                problems.Add($"{at}.to", $"'{at}.to' ({to:yyyy-MM-dd}) must not be before '{at}.from' ({from:yyyy-MM-dd}).");
            result.Add(holder with { Name = name ?? holder.Name });
        }
        if (problems.Any) return result;

        for (var i = 1; i < result.Count; i++)
        {
            var previous = result[i - 1];
            var current = result[i];
            var at = $"{field}[{i}]";
            if (current.From <= previous.From)
                problems.Add($"{at}.from", $"Holders are listed in order of their start: '{at}.from' must be after {previous.From:yyyy-MM-dd}.");
            if (previous.To is null)
                problems.Add($"{field}[{i - 1}].to", $"'{field}[{i - 1}].to' is required: a holder who has a successor needs an end date.");
            else if (current.To is { } currentTo && previous.To > currentTo)
                problems.Add($"{field}[{i - 1}].to", $"An outgoing holder's term must not end after its successor's ({currentTo:yyyy-MM-dd}).");
            if (i >= 2 && result[i - 2].To is { } twoBack && current.From <= twoBack)
                problems.Add($"{at}.from", $"At most two holders may overlap (a handover): '{at}.from' must be after {twoBack:yyyy-MM-dd}, when holder {i - 2} left.");
        }
        return result;
    }

    /// <summary>
    /// Appends a successor. When the current last holder has no end date, <c>outgoingUntil</c>
    /// gives it one (on or after the successor's start = a handover).
    /// </summary>
    public static IReadOnlyList<RoleHolder> AppendHolder(IReadOnlyList<RoleHolder> current, HolderSuccession? succession)
    {
        if (succession is null) throw ValidationFailedException.For("body", "A holder {name, from, to?, outgoingUntil?} is required.");
        var problems = new Problems();
        var name = problems.Line(succession.Name, "name", NameLength, required: true);
        if (succession.From is null) problems.Add("from", "'from' is required.");
        problems.Date(succession.From, "from");
        problems.Date(succession.To, "to");
        problems.Date(succession.OutgoingUntil, "outgoingUntil");
        var holders = current.ToList();
        if (holders.Count == 0)
        {
            if (succession.OutgoingUntil is not null)
                problems.Add("outgoingUntil", "'outgoingUntil' ends the current holder's term, but the role has no holder yet.");
        }
        else if (succession.OutgoingUntil is { } until) holders[^1] = holders[^1] with { To = until };
        else if (holders[^1].To is null)
            problems.Add("outgoingUntil", "The current holder has no end date: 'outgoingUntil' is required (on or after the successor's start for a handover).");
        problems.ThrowIfAny("The holder cannot be added");

        holders.Add(new RoleHolder(name, succession.From, succession.To));
        var result = ValidateHolders(problems, holders, "holders");
        problems.ThrowIfAny("The holder cannot be added");
        return result;
    }

    /// <summary>
    /// Gives the last holder's term its end, or a new one. The holders' rules still hold: not before
    /// the holder's start, and an outgoing holder in a handover does not outstay this one.
    /// </summary>
    public static IReadOnlyList<RoleHolder> EndLastTerm(IReadOnlyList<RoleHolder> current, HolderTermEnd? end)
    {
        if (end is null) throw ValidationFailedException.For("body", "An end of term {to} is required.");
        if (current.Count == 0) throw new ConflictException("The role has no holder whose term could end.");
        var problems = new Problems();
        if (end.To is null) problems.Add("to", "'to' is required.");
        problems.Date(end.To, "to");
        problems.ThrowIfAny("The term cannot be ended");

        var holders = current.ToList();
        holders[^1] = holders[^1] with { To = end.To };
        var result = ValidateHolders(problems, holders, "holders");
        problems.ThrowIfAny("The term cannot be ended");
        return result;
    }
}
