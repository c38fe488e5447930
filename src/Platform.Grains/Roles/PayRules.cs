using Platform.Abstractions;
using Platform.Abstractions.Roles;
using static System.FormattableString;

namespace Platform.Grains.Roles;

/// <summary>
/// Rule 7 (pay equity), in decimal arithmetic. Conversions work on exact values and round only
/// what is shown: amounts to the cent, the ratio to the hundredth, half away from zero. A cap
/// applies to the ratio as shown, so what a tenant reads is what is enforced.
/// </summary>
public static class PayRules
{
    public const decimal WeeksPerYear = 52m;
    public const decimal MinRatioCap = 1m;
    public const decimal MaxRatioCap = 100m;

    /// <summary>A role's salary range per hour worked (exact), or null when it has no salary.</summary>
    public static (decimal Min, decimal Max)? Hourly(RoleConditions? conditions)
    {
        if (conditions?.Salary is not { Min: { } min, Max: { } max, Per: { } per }) return null;
        if (per == SalaryPeriod.Hour) return (min, max);
        // Validation guarantees the hours of a yearly salary; a yearly figure without them cannot be compared.
        if (conditions.HoursPerWeek is not { } hours || hours <= 0) return null;
        var hoursPerYear = hours * WeeksPerYear;
        return (min / hoursPerYear, max / hoursPerYear);
    }

    public static decimal Money(decimal amount) => decimal.Round(amount, 2, MidpointRounding.AwayFromZero);

    /// <summary>Highest hourly maximum ÷ lowest hourly minimum, rounded to the hundredth; null without salaried roles.</summary>
    public static decimal? Ratio(IEnumerable<(decimal Min, decimal Max)> hourlyRanges)
    {
        var ranges = hourlyRanges.ToList();
        if (ranges.Count == 0) return null;
        return decimal.Round(ranges.Max(r => r.Max) / ranges.Min(r => r.Min), 2, MidpointRounding.AwayFromZero);
    }

    public static PayScale Scale(IEnumerable<(string Id, RoleSummary Summary)> roles, PayPolicy policy)
    {
        var lines = new List<PayScaleLine>();
        var ranges = new List<(decimal Min, decimal Max)>();
        var fullTimeYear = policy.FullTimeHoursPerWeek * WeeksPerYear;
        foreach (var (id, summary) in roles.OrderBy(r => r.Id, StringComparer.Ordinal))
        {
            if (Hourly(summary.Conditions) is not { } hourly) continue;
            ranges.Add(hourly);
            // What the role pays in a year at its own week (a 32-hour role earns less than a 35-hour
            // year says); for a yearly salary this gives back the stated figures.
            var roleYear = summary.Conditions!.HoursPerWeek is { } hours ? hours * WeeksPerYear : (decimal?)null;
            lines.Add(new PayScaleLine(
                id,
                summary.Title,
                summary.Conditions!.Salary!.Per!.Value,
                summary.Conditions.HoursPerWeek,
                Money(hourly.Min),
                Money(hourly.Max),
                Money(hourly.Min * fullTimeYear),
                Money(hourly.Max * fullTimeYear),
                roleYear is { } y ? Money(hourly.Min * y) : null,
                roleYear is { } z ? Money(hourly.Max * z) : null));
        }
        return new PayScale(lines, Ratio(ranges), policy.FullTimeHoursPerWeek, policy.MaxRatio, WeeksPerYear, fullTimeYear);
    }

    /// <summary>Validates a policy update and fills in its defaults.</summary>
    public static PayPolicy ValidatePolicy(PayPolicyUpdate? update)
    {
        if (update is null) throw ValidationFailedException.For("body", "A pay policy {maxRatio?, fullTimeHoursPerWeek?} is required.");
        var problems = new Problems();
        if (update.MaxRatio is { } cap)
        {
            if (cap < MinRatioCap || cap > MaxRatioCap)
                problems.Add("maxRatio", Invariant($"'maxRatio' must be between {MinRatioCap} and {MaxRatioCap} (highest hourly maximum ÷ lowest hourly minimum)."));
            else if (!Problems.HasAtMostTwoDecimals(cap))
                problems.Add("maxRatio", "'maxRatio' has at most two decimals, like the ratio it caps.");
        }
        var hours = update.FullTimeHoursPerWeek ?? PayPolicy.DefaultFullTimeHoursPerWeek;
        if (hours <= 0 || hours > RoleValidation.MaxHoursPerWeek)
            problems.Add("fullTimeHoursPerWeek", Invariant($"'fullTimeHoursPerWeek' must be more than 0 and at most {RoleValidation.MaxHoursPerWeek} hours."));
        else if (!Problems.HasAtMostTwoDecimals(hours))
            problems.Add("fullTimeHoursPerWeek", "'fullTimeHoursPerWeek' has at most two decimals.");
        problems.ThrowIfAny("The pay policy is invalid");
        return new PayPolicy(update.MaxRatio, hours);
    }
}
