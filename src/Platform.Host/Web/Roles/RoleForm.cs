using System.Globalization;
using Microsoft.Extensions.Localization;
using Platform.Abstractions;
using Platform.Abstractions.Roles;

namespace Platform.Host.Web.Roles;

/// <summary>
/// The role document as an HTML form: French and English side by side, lists one entry a line
/// (line n in French goes with line n in English). Responsibilities: a line is an area, and the
/// lines under it starting with «-» are its items. Read from a role with <see cref="From"/>, turned
/// back into a document with <see cref="ToDocument"/>, which reports each problem in the page's language.
/// </summary>
public sealed class RoleForm
{
    public string? TitleFr { get; set; }
    public string? TitleEn { get; set; }
    public string? ReportsTo { get; set; }
    public string? PurposeFr { get; set; }
    public string? PurposeEn { get; set; }
    public string? ObjectivesFr { get; set; }
    public string? ObjectivesEn { get; set; }
    public string? ResponsibilitiesFr { get; set; }
    public string? ResponsibilitiesEn { get; set; }
    public string? SharedFr { get; set; }
    public string? SharedEn { get; set; }
    public string? EssentialFr { get; set; }
    public string? EssentialEn { get; set; }
    public string? DeepMasteryFr { get; set; }
    public string? DeepMasteryEn { get; set; }
    public string? WorkingKnowledgeFr { get; set; }
    public string? WorkingKnowledgeEn { get; set; }
    public string? DevelopingFr { get; set; }
    public string? DevelopingEn { get; set; }
    public string? HoursPerWeek { get; set; }
    public string? SalaryMin { get; set; }
    public string? SalaryMax { get; set; }
    public string SalaryPer { get; set; } = "hour";
    public string? ProbationMonths { get; set; }
    public string? LeaveFr { get; set; }
    public string? LeaveEn { get; set; }
    public string PostingStatus { get; set; } = "";
    public DateOnly? ApplyBy { get; set; }
    public DateOnly? InterviewsFrom { get; set; }
    public DateOnly? StartsOn { get; set; }
    public string? Region { get; set; }
    public string? DescriptionFr { get; set; }
    public string? DescriptionEn { get; set; }
    public string? RequirementsFr { get; set; }
    public string? RequirementsEn { get; set; }
    public string? HowToApplyFr { get; set; }
    public string? HowToApplyEn { get; set; }
    public bool WorkInFrench { get; set; }
    public bool WorkInEnglish { get; set; }

    public static readonly CompetencyLevel[] Levels = [CompetencyLevel.Essential, CompetencyLevel.DeepMastery, CompetencyLevel.WorkingKnowledge, CompetencyLevel.Developing];

    public static RoleForm From(Role role)
    {
        var form = new RoleForm
        {
            TitleFr = role.Title.Fr, TitleEn = role.Title.En, ReportsTo = role.ReportsTo,
            PurposeFr = role.Purpose?.Fr, PurposeEn = role.Purpose?.En,
            ObjectivesFr = Lines(role.Objectives, "fr"), ObjectivesEn = Lines(role.Objectives, "en"),
            ResponsibilitiesFr = Areas(role.Responsibilities, "fr"), ResponsibilitiesEn = Areas(role.Responsibilities, "en"),
            SharedFr = Lines(role.SharedResponsibilities, "fr"), SharedEn = Lines(role.SharedResponsibilities, "en"),
            HoursPerWeek = Number(role.Conditions?.HoursPerWeek),
            SalaryMin = Number(role.Conditions?.Salary?.Min), SalaryMax = Number(role.Conditions?.Salary?.Max),
            SalaryPer = role.Conditions?.Salary?.Per == SalaryPeriod.Year ? "year" : "hour",
            ProbationMonths = role.Conditions?.ProbationMonths?.ToString(CultureInfo.CurrentCulture),
            LeaveFr = role.Conditions?.Leave?.Fr, LeaveEn = role.Conditions?.Leave?.En,
        };
        foreach (var level in Levels)
            form.SetCompetencies(level, Lines(role.Competencies.Where(c => c.Level == level).Select(c => c.Name!), "fr"), Lines(role.Competencies.Where(c => c.Level == level).Select(c => c.Name!), "en"));
        if (role.Posting is { } p)
        {
            form.PostingStatus = EnumNames.Of(p.Status ?? Abstractions.Roles.PostingStatus.Draft);
            form.ApplyBy = p.ApplyBy; form.InterviewsFrom = p.InterviewsFrom; form.StartsOn = p.StartsOn; form.Region = p.Region;
            form.DescriptionFr = p.Description?.Fr; form.DescriptionEn = p.Description?.En;
            form.RequirementsFr = Lines(p.Requirements ?? [], "fr"); form.RequirementsEn = Lines(p.Requirements ?? [], "en");
            form.HowToApplyFr = p.HowToApply?.Fr; form.HowToApplyEn = p.HowToApply?.En;
            form.WorkInFrench = p.Languages?.Contains("fr") ?? false; form.WorkInEnglish = p.Languages?.Contains("en") ?? false;
        }
        return form;
    }

    public (string? Fr, string? En) CompetenciesAt(CompetencyLevel level) => level switch
    {
        CompetencyLevel.Essential => (EssentialFr, EssentialEn),
        CompetencyLevel.DeepMastery => (DeepMasteryFr, DeepMasteryEn),
        CompetencyLevel.WorkingKnowledge => (WorkingKnowledgeFr, WorkingKnowledgeEn),
        _ => (DevelopingFr, DevelopingEn),
    };

    private void SetCompetencies(CompetencyLevel level, string fr, string en)
    {
        switch (level)
        {
            case CompetencyLevel.Essential: (EssentialFr, EssentialEn) = (fr, en); break;
            case CompetencyLevel.DeepMastery: (DeepMasteryFr, DeepMasteryEn) = (fr, en); break;
            case CompetencyLevel.WorkingKnowledge: (WorkingKnowledgeFr, WorkingKnowledgeEn) = (fr, en); break;
            default: (DevelopingFr, DevelopingEn) = (fr, en); break;
        }
    }

    /// <summary>
    /// The document this form describes, on top of <paramref name="current"/> (what the form does not
    /// show — the hours range, holders — is kept). Null with <paramref name="problems"/> filled when
    /// the form cannot make one; the grain still checks every rule of the document.
    /// </summary>
    public RoleDocument? ToDocument(Role? current, IStringLocalizer<Strings> L, List<string> problems)
    {
        var title = Pair(TitleFr, TitleEn, L["RoleForm.Title"], L, problems, required: true);
        var purpose = Pair(PurposeFr, PurposeEn, L["Role.Purpose"], L, problems);
        var objectives = PairLines(ObjectivesFr, ObjectivesEn, L["Role.Objectives"], L, problems);
        var shared = PairLines(SharedFr, SharedEn, L["Role.Shared"], L, problems);
        var responsibilities = PairAreas(L, problems);
        var competencies = new List<Competency>();
        foreach (var level in Levels)
        {
            var (fr, en) = CompetenciesAt(level);
            competencies.AddRange(PairLines(fr, en, L["Level." + EnumNames.Of(level)], L, problems).Select(n => new Competency(n, level)));
        }

        var hours = Decimal(HoursPerWeek, L["Role.Hours"], L, problems);
        var min = Decimal(SalaryMin, L["RoleForm.SalaryMin"], L, problems);
        var max = Decimal(SalaryMax, L["RoleForm.SalaryMax"], L, problems);
        int? probation = null;
        if (!string.IsNullOrWhiteSpace(ProbationMonths))
        {
            if (int.TryParse(ProbationMonths.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var months)) probation = months;
            else problems.Add(L["RoleForm.NotANumber", L["Role.Probation"]]);
        }
        if ((min is null) != (max is null)) problems.Add(L["RoleForm.SalaryBoth"]);
        var leave = Pair(LeaveFr, LeaveEn, L["Role.Leave"], L, problems);
        var previous = current?.Conditions;
        RoleConditions? conditions = hours is null && min is null && probation is null && leave is null && previous?.HoursPerWeekRange is null
            ? null
            : new RoleConditions(hours, previous?.HoursPerWeekRange,
                min is { } a && max is { } b ? new SalaryRange(a, b, SalaryPer == "year" ? SalaryPeriod.Year : SalaryPeriod.Hour) : null,
                probation, leave);

        RolePosting? posting = null;
        var description = Pair(DescriptionFr, DescriptionEn, L["Posting.Description"], L, problems);
        var requirements = PairLines(RequirementsFr, RequirementsEn, L["Posting.Requirements"], L, problems);
        var howToApply = Pair(HowToApplyFr, HowToApplyEn, L["Posting.HowToApply"], L, problems);
        if (PostingStatus is "draft" or "open" or "closed")
        {
            var status = PostingStatus switch { "open" => Abstractions.Roles.PostingStatus.Open, "closed" => Abstractions.Roles.PostingStatus.Closed, _ => Abstractions.Roles.PostingStatus.Draft };
            List<string> languages = [];
            if (WorkInFrench) languages.Add("fr");
            if (WorkInEnglish) languages.Add("en");
            posting = new RolePosting(status, ApplyBy, InterviewsFrom, StartsOn, howToApply, string.IsNullOrWhiteSpace(Region) ? null : Region.Trim(),
                description, requirements.Count > 0 ? requirements : null, languages);
        }

        var reportsTo = string.IsNullOrWhiteSpace(ReportsTo) ? null : ReportsTo.Trim();
        if (reportsTo is not null && !Ids.IsValid(reportsTo)) problems.Add(L["RoleForm.BadReportsTo"]);
        if (problems.Count > 0) return null;
        return new RoleDocument(title, reportsTo, purpose, objectives, responsibilities, shared, competencies, conditions, posting);
    }

    private static LocalizedText? Pair(string? fr, string? en, string label, IStringLocalizer<Strings> L, List<string> problems, bool required = false)
    {
        fr = fr?.Trim(); en = en?.Trim();
        if (string.IsNullOrEmpty(fr) && string.IsNullOrEmpty(en))
        {
            if (required) problems.Add(L["RoleForm.BothLanguages", label]);
            return null;
        }
        if (string.IsNullOrEmpty(fr) || string.IsNullOrEmpty(en))
        {
            problems.Add(L["RoleForm.BothLanguages", label]);
            return null;
        }
        return new LocalizedText(fr, en);
    }

    private static List<LocalizedText> PairLines(string? fr, string? en, string label, IStringLocalizer<Strings> L, List<string> problems)
    {
        var frLines = Split(fr);
        var enLines = Split(en);
        if (frLines.Count != enLines.Count)
        {
            problems.Add(L["RoleForm.LinesDiffer", label, frLines.Count, enLines.Count]);
            return [];
        }
        return frLines.Zip(enLines, (f, e) => new LocalizedText(f, e)).ToList();
    }

    private List<ResponsibilityArea> PairAreas(IStringLocalizer<Strings> L, List<string> problems)
    {
        var fr = ParseAreas(ResponsibilitiesFr);
        var en = ParseAreas(ResponsibilitiesEn);
        var label = L["Role.Responsibilities"];
        if (fr is null || en is null)
        {
            problems.Add(L["RoleForm.ItemWithoutArea", label]);
            return [];
        }
        if (fr.Count != en.Count || fr.Zip(en).Any(p => p.First.Items.Count != p.Second.Items.Count))
        {
            problems.Add(L["RoleForm.AreasDiffer", label]);
            return [];
        }
        return fr.Zip(en, (f, e) => new ResponsibilityArea(new LocalizedText(f.Area, e.Area),
            f.Items.Zip(e.Items, (fi, ei) => new LocalizedText(fi, ei)).ToList())).ToList();
    }

    private static List<(string Area, List<string> Items)>? ParseAreas(string? text)
    {
        var areas = new List<(string Area, List<string> Items)>();
        foreach (var line in Split(text))
        {
            if (line[0] is '-' or '•' or '–')
            {
                if (areas.Count == 0) return null;
                var item = line.TrimStart('-', '•', '–', ' ').Trim();
                if (item.Length > 0) areas[^1].Items.Add(item);
            }
            else areas.Add((line, []));
        }
        return areas;
    }

    private static List<string> Split(string? text) =>
        (text ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();

    private static decimal? Decimal(string? text, string label, IStringLocalizer<Strings> L, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        // People type «30,67», «30.67» or «45 000 $»: spaces, currency signs and either decimal mark are fine.
        var cleaned = new string(text.Where(c => !char.IsWhiteSpace(c) && c != '$').ToArray()).Replace(',', '.');
        if (decimal.TryParse(cleaned, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)) return value;
        problems.Add(L["RoleForm.NotANumber", label]);
        return null;
    }

    private static string? Number(decimal? value) => value?.ToString("0.##", CultureInfo.CurrentCulture);

    private static string Lines(IEnumerable<LocalizedText> texts, string language) => string.Join("\n", texts.Select(t => t.In(language)));

    private static string Areas(IEnumerable<ResponsibilityArea> areas, string language) =>
        string.Join("\n", areas.Select(a => a.Area!.In(language) + string.Concat((a.Items ?? []).Select(i => "\n- " + i.In(language)))));
}
