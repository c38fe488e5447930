using Platform.Abstractions;
using Platform.Abstractions.Roles;
using Platform.Grains.Roles;
using static Platform.Grains.Tests.Roles.RoleFixtures;

namespace Platform.Grains.Tests.Roles;

public sealed class RoleValidationTests
{
    private static RoleDocument Valid(RoleDocument document) => RoleValidation.Validate(document, []);

    private static ValidationFailedException Refused(RoleDocument document, string field)
    {
        var error = Assert.Throws<ValidationFailedException>(() => RoleValidation.Validate(document, []));
        Assert.True(error.Errors.ContainsKey(field), $"expected a problem on '{field}', got: {string.Join(", ", error.Errors.Keys)}");
        return error;
    }

    private static RoleDocument WithConditions(RoleConditions conditions) => Titled("Rôle", "Role") with { Conditions = conditions };

    private static RoleDocument WithPosting(RolePosting posting) => Titled("Rôle", "Role") with { Posting = posting };

    private static RoleDocument WithHolders(params RoleHolder[] holders) => Titled("Rôle", "Role") with { Holders = holders };

    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    [Fact]
    public void DocumentWithOnlyATitleIsValidAndGetsEmptyLists()
    {
        var document = Valid(Titled("Coordination", "Coordination"));
        Assert.Empty(document.Objectives!);
        Assert.Empty(document.Competencies!);
        Assert.Empty(document.Holders!);
    }

    [Fact]
    public void FullDocumentIsValid() => Valid(Coordination());

    [Fact]
    public void MissingDocumentIsRefused() =>
        Assert.Throws<ValidationFailedException>(() => RoleValidation.Validate(null, []));

    [Fact]
    public void MissingTitleIsRefused() => Refused(new RoleDocument(null), "title");

    [Fact]
    public void TitleInOneLanguageOnlyIsRefused() => Refused(new RoleDocument(Text("Coordination", " ")), "title");

    [Fact]
    public void TitleOfTenThousandCharactersIsRefused() => Refused(new RoleDocument(Text(new string('é', 10_000), "Role")), "title");

    [Theory]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData("Board")]
    [InlineData("")]
    public void ReportsToMustBeAnId(string reportsTo) => Refused(Titled("Rôle", "Role") with { ReportsTo = reportsTo }, "reportsTo");

    [Theory]
    [InlineData(CompetencyLevel.Essential)]
    [InlineData(CompetencyLevel.DeepMastery)]
    [InlineData(CompetencyLevel.WorkingKnowledge)]
    [InlineData(CompetencyLevel.Developing)]
    public void EveryCompetencyLevelIsAccepted(CompetencyLevel level) =>
        Valid(Titled("Rôle", "Role") with { Competencies = [new Competency(Text("Gouvernance", "Governance"), level)] });

    [Fact]
    public void CompetencyWithoutLevelIsRefused() =>
        Refused(Titled("Rôle", "Role") with { Competencies = [new Competency(Text("Gouvernance", "Governance"), null)] }, "competencies[0].level");

    [Fact]
    public void CompetencyWithoutNameIsRefused() =>
        Refused(Titled("Rôle", "Role") with { Competencies = [new Competency(null, CompetencyLevel.Essential)] }, "competencies[0].name");

    [Fact]
    public void NullEntriesInListsAreRefused()
    {
        Refused(Titled("Rôle", "Role") with { Competencies = [null!] }, "competencies[0]");
        Refused(Titled("Rôle", "Role") with { Objectives = [null!] }, "objectives[0]");
        Refused(Titled("Rôle", "Role") with { Responsibilities = [null!] }, "responsibilities[0]");
    }

    [Fact]
    public void ResponsibilityAreaNeedsItsName() =>
        Refused(Titled("Rôle", "Role") with { Responsibilities = [new ResponsibilityArea(null, [])] }, "responsibilities[0].area");

    [Fact]
    public void ListsAreBounded() =>
        Refused(Titled("Rôle", "Role") with { Objectives = Enumerable.Repeat(Text("o", "o"), RoleValidation.MaxListEntries + 1).ToList() }, "objectives");

    [Fact]
    public void SalaryMinimumAboveMaximumIsRefused() => Refused(WithConditions(Hourly(40m, 30m)), "conditions.salary");

    [Fact]
    public void EqualMinimumAndMaximumIsAccepted() => Valid(WithConditions(Hourly(30m, 30m)));

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void SalaryMustBePositive(decimal min) => Refused(WithConditions(Hourly(min, 30m)), "conditions.salary.min");

    [Fact]
    public void SalaryNeedsBothBounds() =>
        Refused(WithConditions(new RoleConditions(32, null, new SalaryRange(30m, null, SalaryPeriod.Hour), null, null)), "conditions.salary.max");

    [Fact]
    public void SalaryWithoutPeriodIsRefused() =>
        Refused(WithConditions(new RoleConditions(32, null, new SalaryRange(30m, 36m, null), null, null)), "conditions.salary.per");

    [Fact]
    public void SalaryIsInCents() => Refused(WithConditions(Hourly(30.675m, 36m)), "conditions.salary.min");

    [Fact]
    public void ImplausibleSalaryIsRefused()
    {
        Refused(WithConditions(Hourly(30m, 5_000m)), "conditions.salary.max");
        Refused(WithConditions(Yearly(45_000m, 90_000_000m, 32)), "conditions.salary.max");
    }

    [Fact]
    public void YearlySalaryNeedsHoursPerWeek() =>
        Refused(WithConditions(new RoleConditions(null, null, new SalaryRange(45_000m, 60_000m, SalaryPeriod.Year), null, null)), "conditions.hoursPerWeek");

    [Theory]
    [InlineData(0)]
    [InlineData(-32)]
    [InlineData(81)]
    [InlineData(32.125)]
    public void HoursPerWeekMustBePositiveAndPlausible(decimal hours) =>
        Refused(WithConditions(new RoleConditions(hours, null, null, null, null)), "conditions.hoursPerWeek");

    [Fact]
    public void RangeOfHoursMustContainTheReferenceWeek()
    {
        Valid(WithConditions(new RoleConditions(32, new HoursRange(30, 34), null, null, null)));
        Refused(WithConditions(new RoleConditions(35, new HoursRange(30, 34), null, null, null)), "conditions.hoursPerWeek");
        Refused(WithConditions(new RoleConditions(null, new HoursRange(30, 34), null, null, null)), "conditions.hoursPerWeek");
    }

    [Fact]
    public void RangeOfHoursMustBeOrderedAndComplete()
    {
        Refused(WithConditions(new RoleConditions(32, new HoursRange(34, 30), null, null, null)), "conditions.hoursPerWeekRange");
        Refused(WithConditions(new RoleConditions(32, new HoursRange(30, null), null, null, null)), "conditions.hoursPerWeekRange");
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(25)]
    public void ProbationOutsideZeroToTwentyFourMonthsIsRefused(int months) =>
        Refused(WithConditions(new RoleConditions(32, null, null, months, null)), "conditions.probationMonths");

    [Fact]
    public void PostingWithoutStatusIsRefused() =>
        Refused(WithPosting(new RolePosting(null, null, null, null, null, null)), "posting.status");

    [Fact]
    public void PostingStartingBeforeApplicationsCloseIsRefused() =>
        Refused(WithPosting(new RolePosting(PostingStatus.Open, D(2026, 3, 1), null, D(2026, 2, 28), null, null)), "posting.startsOn");

    [Fact]
    public void PostingStartingBeforeInterviewsIsRefused() =>
        Refused(WithPosting(new RolePosting(PostingStatus.Open, null, D(2026, 3, 1), D(2026, 2, 28), null, null)), "posting.startsOn");

    [Fact]
    public void InterviewsMayStartBeforeApplicationsCloseInAContinuousProcess() =>
        Valid(WithPosting(new RolePosting(PostingStatus.Open, D(2026, 3, 15), D(2026, 2, 24), D(2026, 5, 25), null, null)));

    [Fact]
    public void PostingStartingOnTheApplyByDayIsAccepted() =>
        Valid(WithPosting(new RolePosting(PostingStatus.Open, D(2026, 3, 1), D(2026, 3, 1), D(2026, 3, 1), null, null)));

    [Fact]
    public void DatesOutsideTheCalendarWindowAreRefused()
    {
        Refused(WithPosting(new RolePosting(PostingStatus.Draft, D(1800, 1, 1), null, null, null, null)), "posting.applyBy");
        Refused(WithPosting(new RolePosting(PostingStatus.Draft, null, null, D(2300, 1, 1), null, null)), "posting.startsOn");
        Refused(WithHolders(new RoleHolder("A", D(1, 1, 1), null)), "holders[0].from");
    }

    [Fact]
    public void PostingRegionMustNotBeBlank() =>
        Refused(WithPosting(new RolePosting(PostingStatus.Open, null, null, null, null, "  ")), "posting.region");

    [Fact]
    public void HandoverOverlapBetweenTwoHoldersIsAccepted()
    {
        var document = Valid(WithHolders(
            new RoleHolder("Camille", D(2019, 9, 3), D(2025, 6, 20)),
            new RoleHolder("Dominique", D(2025, 5, 26), null)));
        Assert.Equal(2, document.Holders!.Count);
    }

    [Fact]
    public void ThreeHoldersAtOnceAreRefused() =>
        Refused(WithHolders(
            new RoleHolder("A", D(2020, 1, 1), D(2025, 6, 30)),
            new RoleHolder("B", D(2025, 6, 1), D(2025, 7, 31)),
            new RoleHolder("C", D(2025, 6, 15), null)), "holders[2].from");

    [Fact]
    public void HolderWithASuccessorNeedsAnEndDate() =>
        Refused(WithHolders(new RoleHolder("A", D(2020, 1, 1), null), new RoleHolder("B", D(2025, 6, 1), null)), "holders[0].to");

    [Fact]
    public void HoldersMustBeInOrderOfTheirStart() =>
        Refused(WithHolders(new RoleHolder("A", D(2025, 1, 1), D(2025, 12, 31)), new RoleHolder("B", D(2024, 6, 1), null)), "holders[1].from");

    [Fact]
    public void HolderCannotEndBeforeStarting() =>
        Refused(WithHolders(new RoleHolder("A", D(2025, 1, 1), D(2024, 12, 31))), "holders[0].to");

    [Fact]
    public void OutgoingHolderCannotOutstayTheSuccessor() =>
        Refused(WithHolders(new RoleHolder("A", D(2020, 1, 1), D(2025, 12, 31)), new RoleHolder("B", D(2025, 6, 1), D(2025, 9, 30))), "holders[0].to");

    [Fact]
    public void HolderNeedsANameAndAStart()
    {
        Refused(WithHolders(new RoleHolder(null, D(2020, 1, 1), null)), "holders[0].name");
        Refused(WithHolders(new RoleHolder("A", null, null)), "holders[0].from");
        Refused(WithHolders(new RoleHolder("A\u0000B", D(2020, 1, 1), null)), "holders[0].name");
    }

    [Fact]
    public void AbsentHoldersKeepTheCurrentOnes()
    {
        RoleHolder[] current = [new RoleHolder("Camille", D(2019, 9, 3), null)];
        Assert.Equal(current, RoleValidation.Validate(Titled("Rôle", "Role"), current).Holders);
        Assert.Empty(RoleValidation.Validate(WithHolders(), current).Holders!);
    }

    [Fact]
    public void EveryProblemIsReportedAtOnce()
    {
        var error = Assert.Throws<ValidationFailedException>(() => RoleValidation.Validate(
            new RoleDocument(null, Conditions: Hourly(40m, 30m, hours: 0), Competencies: [new Competency(Text("x", "x"), null)]), []));
        Assert.Contains("title", error.Errors.Keys);
        Assert.Contains("conditions.salary", error.Errors.Keys);
        Assert.Contains("conditions.hoursPerWeek", error.Errors.Keys);
        Assert.Contains("competencies[0].level", error.Errors.Keys);
    }

    [Fact]
    public void SuccessorEndsTheOpenTermWithOutgoingUntil()
    {
        RoleHolder[] current = [new RoleHolder("Camille", D(2019, 9, 3), null)];
        var holders = RoleValidation.AppendHolder(current, new HolderSuccession("Dominique", D(2025, 5, 26), null, D(2025, 6, 20)));
        Assert.Equal([new RoleHolder("Camille", D(2019, 9, 3), D(2025, 6, 20)), new RoleHolder("Dominique", D(2025, 5, 26), null)], holders);
    }

    [Fact]
    public void SuccessorOfAnOpenTermWithoutOutgoingUntilIsRefused()
    {
        RoleHolder[] current = [new RoleHolder("Camille", D(2019, 9, 3), null)];
        var error = Assert.Throws<ValidationFailedException>(() =>
            RoleValidation.AppendHolder(current, new HolderSuccession("Dominique", D(2025, 5, 26), null, null)));
        Assert.Contains("outgoingUntil", error.Errors.Keys);
    }

    [Fact]
    public void FirstHolderNeedsNoOutgoingUntil()
    {
        Assert.Single(RoleValidation.AppendHolder([], new HolderSuccession("Dominique", D(2025, 5, 26), null, null)));
        var error = Assert.Throws<ValidationFailedException>(() =>
            RoleValidation.AppendHolder([], new HolderSuccession("Dominique", D(2025, 5, 26), null, D(2025, 6, 1))));
        Assert.Contains("outgoingUntil", error.Errors.Keys);
    }

    [Fact]
    public void EndingTheSuccessorsTermBeforeTheOutgoingHolderLeavesIsRefused()
    {
        // A handover: Camille stays until 30 June, Dominique started on 15 June.
        RoleHolder[] current = [new RoleHolder("Camille", D(2019, 9, 3), D(2025, 6, 30)), new RoleHolder("Dominique", D(2025, 6, 15), null)];

        var error = Assert.Throws<ValidationFailedException>(() => RoleValidation.EndLastTerm(current, new HolderTermEnd(D(2025, 6, 20))));
        Assert.Contains("holders[0].to", error.Errors.Keys);

        var ended = RoleValidation.EndLastTerm(current, new HolderTermEnd(D(2025, 6, 30)));
        Assert.Equal([current[0], current[1] with { To = D(2025, 6, 30) }], ended);
    }

    [Fact]
    public void EndingATermNeedsADateWithinTheWindow()
    {
        RoleHolder[] current = [new RoleHolder("Camille", D(2019, 9, 3), null)];
        Assert.Contains("to", Assert.Throws<ValidationFailedException>(() => RoleValidation.EndLastTerm(current, new HolderTermEnd(null))).Errors.Keys);
        Assert.Contains("to", Assert.Throws<ValidationFailedException>(() => RoleValidation.EndLastTerm(current, new HolderTermEnd(D(2300, 1, 1)))).Errors.Keys);
    }
}
