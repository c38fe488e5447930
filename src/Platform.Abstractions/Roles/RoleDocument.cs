using Orleans;
namespace Platform.Abstractions.Roles;

/// <summary>How far a competency must be mastered (the four levels of the seed job descriptions).</summary>
public enum CompetencyLevel { Essential, DeepMastery, WorkingKnowledge, Developing }

/// <summary>What a salary amount is paid for: an hour worked or a year.</summary>
public enum SalaryPeriod { Hour, Year }

public enum PostingStatus { Draft, Open, Closed }

// Every member of these records is nullable on purpose: they are what a client sends, and a
// missing field must become a 400 that names it (RoleValidation), never a silent default.

[GenerateSerializer, Immutable, Alias("ResponsibilityArea")]
public sealed record ResponsibilityArea(LocalizedText? Area = null, IReadOnlyList<LocalizedText>? Items = null);

[GenerateSerializer, Immutable, Alias("Competency")]
public sealed record Competency(LocalizedText? Name = null, CompetencyLevel? Level = null);

/// <summary>A pay range: <c>min ≤ max</c>, both positive, in dollars per <see cref="Per"/>.</summary>
[GenerateSerializer, Immutable, Alias("SalaryRange")]
public sealed record SalaryRange(decimal? Min = null, decimal? Max = null, SalaryPeriod? Per = null);

/// <summary>A variable week (e.g. 30–34 h); the role's <c>hoursPerWeek</c> stays the figure used for conversions.</summary>
[GenerateSerializer, Immutable, Alias("HoursRange")]
public sealed record HoursRange(decimal? Min = null, decimal? Max = null);

[GenerateSerializer, Immutable, Alias("RoleConditions")]
public sealed record RoleConditions(
    decimal? HoursPerWeek = null,
    HoursRange? HoursPerWeekRange = null,
    SalaryRange? Salary = null,
    int? ProbationMonths = null,
    LocalizedText? Leave = null);

/// <summary>
/// A job posting of the role: what the public job board shows of it. <see cref="Region"/> overrides
/// the tenant's region on the board; <see cref="Description"/> says what the job is,
/// <see cref="Requirements"/> what a candidate brings, <see cref="Languages"/> the languages of work
/// (<c>fr</c>, <c>en</c>) a job seeker can filter on.
/// </summary>
[GenerateSerializer, Immutable, Alias("RolePosting")]
public sealed record RolePosting(
    PostingStatus? Status = null,
    DateOnly? ApplyBy = null,
    DateOnly? InterviewsFrom = null,
    DateOnly? StartsOn = null,
    LocalizedText? HowToApply = null,
    string? Region = null,
    LocalizedText? Description = null,
    IReadOnlyList<LocalizedText>? Requirements = null,
    IReadOnlyList<string>? Languages = null);

/// <summary>Who holds (or held) the role. Successive holders may overlap for a handover.</summary>
[GenerateSerializer, Immutable, Alias("RoleHolder")]
public sealed record RoleHolder(string? Name = null, DateOnly? From = null, DateOnly? To = null);

/// <summary>
/// The role document as written with <c>PUT …/roles/{r}</c> (API.md "Roles"). Only the title is
/// required. <see cref="PairedWith"/> is read-only here: it is set with <c>/pair</c> and
/// <c>/unpair</c>, and a document naming another partner than the current one is refused. When
/// <see cref="Holders"/> is absent the holders already recorded are kept, so a PUT never erases
/// the history by omission.
/// </summary>
[GenerateSerializer, Immutable, Alias("RoleDocument")]
public sealed record RoleDocument(
    LocalizedText? Title = null,
    string? ReportsTo = null,
    LocalizedText? Purpose = null,
    IReadOnlyList<LocalizedText>? Objectives = null,
    IReadOnlyList<ResponsibilityArea>? Responsibilities = null,
    IReadOnlyList<LocalizedText>? SharedResponsibilities = null,
    IReadOnlyList<Competency>? Competencies = null,
    RoleConditions? Conditions = null,
    RolePosting? Posting = null,
    IReadOnlyList<RoleHolder>? Holders = null,
    string? PairedWith = null);

/// <summary>A role as read back: the validated document, its id, and the co-role it is paired with.</summary>
[GenerateSerializer, Immutable, Alias("Role")]
public sealed record Role(
    string Id,
    LocalizedText Title,
    string? ReportsTo,
    LocalizedText? Purpose,
    IReadOnlyList<LocalizedText> Objectives,
    IReadOnlyList<ResponsibilityArea> Responsibilities,
    IReadOnlyList<LocalizedText> SharedResponsibilities,
    IReadOnlyList<Competency> Competencies,
    RoleConditions? Conditions,
    RolePosting? Posting,
    IReadOnlyList<RoleHolder> Holders,
    string? PairedWith,
    DateTimeOffset UpdatedAt);

/// <summary>A successor taking over the role; <see cref="OutgoingUntil"/> ends the current holder's term.</summary>
[GenerateSerializer, Immutable, Alias("HolderSuccession")]
public sealed record HolderSuccession(string? Name = null, DateOnly? From = null, DateOnly? To = null, DateOnly? OutgoingUntil = null);

/// <summary>The end of the current (last) holder's term: a departure with no successor named yet, or a new end date.</summary>
[GenerateSerializer, Immutable, Alias("HolderTermEnd")]
public sealed record HolderTermEnd(DateOnly? To = null);
