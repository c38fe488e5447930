using Platform.Abstractions;
using Platform.Abstractions.Roles;
using Platform.Grains.Roles;
using static Platform.Grains.Tests.Roles.RoleFixtures;

namespace Platform.Grains.Tests.Roles;

public sealed class PayRulesTests
{
    private static RoleSummary Summary(RoleConditions? conditions) => new(Text("Rôle", "Role"), conditions, null);

    [Fact]
    public void HourlySalaryIsItsOwnHourlyRangeAndAFullTimeYearAtThirtyFiveHours()
    {
        var scale = PayRules.Scale([("coordination", Summary(Hourly(30.67m, 36.55m, hours: 32)))], PayPolicy.Default);

        var line = Assert.Single(scale.Roles);
        Assert.Equal(30.67m, line.HourlyMin);
        Assert.Equal(36.55m, line.HourlyMax);
        Assert.Equal(55_819.40m, line.AnnualMin); // 30.67 × 35 × 52
        Assert.Equal(66_521.00m, line.AnnualMax); // 36.55 × 35 × 52
        Assert.Equal(1.19m, scale.Ratio);         // 36.55 ÷ 30.67 = 1.1917…
    }

    [Fact]
    public void YearlySalaryIsDividedByHoursPerWeekTimesFiftyTwo()
    {
        var scale = PayRules.Scale([("pratiques", Summary(Yearly(45_000m, 60_000m, hours: 32)))], PayPolicy.Default);

        var line = Assert.Single(scale.Roles);
        Assert.Equal(27.04m, line.HourlyMin);     // 45,000 ÷ 1,664 = 27.0432…
        Assert.Equal(36.06m, line.HourlyMax);     // 60,000 ÷ 1,664 = 36.0576…
        // The full-time year is computed from the exact hourly figure, not the rounded one.
        Assert.Equal(49_218.75m, line.AnnualMin); // 45,000 × 35 ÷ 32
        Assert.Equal(65_625.00m, line.AnnualMax); // 60,000 × 35 ÷ 32
    }

    [Fact]
    public void TheAnnualAtTheRolesOwnHoursIsWhatTheRolePaysBesideTheFullTimeYear()
    {
        var scale = PayRules.Scale(
            [("coordination", Summary(Hourly(30.67m, 36.55m, hours: 32))), ("pratiques", Summary(Yearly(45_000m, 60_000m, hours: 32)))],
            PayPolicy.Default);

        Assert.Equal(1_820m, scale.FullTimeHoursPerYear); // 35 h × 52: the year annualMin/Max are in
        Assert.Equal(52m, scale.WeeksPerYear);
        var hourly = scale.Roles.Single(r => r.Id == "coordination");
        Assert.Equal(51_034.88m, hourly.RoleHoursAnnualMin); // 30.67 × 32 × 52
        Assert.Equal(60_819.20m, hourly.RoleHoursAnnualMax); // 36.55 × 32 × 52
        var yearly = scale.Roles.Single(r => r.Id == "pratiques");
        Assert.Equal(45_000m, yearly.RoleHoursAnnualMin);   // a yearly salary at its own hours is itself
        Assert.Equal(60_000m, yearly.RoleHoursAnnualMax);
    }

    [Fact]
    public void AnHourlyRoleWithoutHoursHasNoAnnualAtItsOwnHours()
    {
        var line = Assert.Single(PayRules.Scale([("sans-heures", Summary(new RoleConditions(Salary: new SalaryRange(20m, 25m, SalaryPeriod.Hour))))], PayPolicy.Default).Roles);
        Assert.Equal(36_400m, line.AnnualMin);
        Assert.Null(line.RoleHoursAnnualMin);
        Assert.Null(line.RoleHoursAnnualMax);
    }

    [Fact]
    public void RatioIsTheHighestMaximumOverTheLowestMinimumAcrossRoles()
    {
        var scale = PayRules.Scale(
            [
                ("coordination", Summary(Hourly(30.67m, 36.55m))),
                ("pratiques", Summary(Yearly(45_000m, 60_000m, hours: 32))),
            ],
            PayPolicy.Default);

        Assert.Equal(["coordination", "pratiques"], scale.Roles.Select(r => r.Id));
        Assert.Equal(1.35m, scale.Ratio); // 36.55 ÷ 27.0432… = 1.3515…
    }

    [Fact]
    public void TheTenantsFullTimeWeekChangesOnlyTheAnnualFigures()
    {
        var scale = PayRules.Scale([("coordination", Summary(Hourly(30.67m, 36.55m)))], new PayPolicy(null, 37.5m));

        var line = Assert.Single(scale.Roles);
        Assert.Equal(30.67m, line.HourlyMin);
        Assert.Equal(59_806.50m, line.AnnualMin); // 30.67 × 37.5 × 52
        Assert.Equal(71_272.50m, line.AnnualMax);
        Assert.Equal(37.5m, scale.FullTimeHoursPerWeek);
    }

    [Fact]
    public void RolesWithoutSalaryAreLeftOutAndAloneGiveNoRatio()
    {
        var scale = PayRules.Scale([("benevole", Summary(null)), ("autre", Summary(new RoleConditions(20, null, null, null, null)))], PayPolicy.Default);
        Assert.Empty(scale.Roles);
        Assert.Null(scale.Ratio);
    }

    [Fact]
    public void RatioRoundsHalfAwayFromZero() =>
        Assert.Equal(1.01m, PayRules.Ratio([(40m, 40.20m)])); // exactly 1.005; banker's rounding would say 1.00

    [Fact]
    public void PolicyDefaultsToNoCapAndThirtyFiveHours() =>
        Assert.Equal(new PayPolicy(null, 35m), PayRules.ValidatePolicy(new PayPolicyUpdate(null, null)));

    [Theory]
    [InlineData(0.99, null, "maxRatio")]
    [InlineData(1.505, null, "maxRatio")]
    [InlineData(101.0, null, "maxRatio")]
    [InlineData(null, 0.0, "fullTimeHoursPerWeek")]
    [InlineData(null, 81.0, "fullTimeHoursPerWeek")]
    [InlineData(null, 37.555, "fullTimeHoursPerWeek")]
    public void ImplausiblePolicyIsRefused(double? maxRatio, double? hours, string field)
    {
        var error = Assert.Throws<ValidationFailedException>(() =>
            PayRules.ValidatePolicy(new PayPolicyUpdate((decimal?)maxRatio, (decimal?)hours)));
        Assert.Contains(field, error.Errors.Keys);
    }
}
