using Platform.Abstractions;
using Platform.Abstractions.Roles;
using static Platform.Grains.Tests.Roles.RoleFixtures;

namespace Platform.Grains.Tests.Roles;

public sealed class PayPolicyTests
{
    [Fact]
    public async Task PayScaleReportsEveryRoleOfTheTenantExactly()
    {
        await using var runtime = await CreateAsync();
        await runtime.Role("mixte", "coordination").PutAsync(Titled("Coordination", "Coordination") with { Conditions = Hourly(30.67m, 36.55m) });
        await runtime.Role("mixte", "pratiques").PutAsync(Titled("Pratiques", "Practice") with { Conditions = Yearly(45_000m, 60_000m, 32) });
        await runtime.Role("mixte", "benevole").PutAsync(Titled("Bénévole", "Volunteer"));

        var scale = await runtime.Roles("mixte").GetPayScaleAsync();

        Assert.Equal(
            [
                ("coordination", 30.67m, 36.55m, 55_819.40m, 66_521.00m),
                ("pratiques", 27.04m, 36.06m, 49_218.75m, 65_625.00m),
            ],
            scale.Roles.Select(r => (r.Id, r.HourlyMin, r.HourlyMax, r.AnnualMin, r.AnnualMax)));
        Assert.Equal(1.35m, scale.Ratio);
        Assert.Equal(35m, scale.FullTimeHoursPerWeek);
        Assert.Null(scale.MaxRatio);
    }

    [Fact]
    public async Task TenantFullTimeWeekIsUsedForAnnualFigures()
    {
        await using var runtime = await CreateAsync();
        await runtime.Roles("mixte").SetPayPolicyAsync(new PayPolicyUpdate(null, 37.5m));
        await runtime.Role("mixte", "coordination").PutAsync(Titled("Coordination", "Coordination") with { Conditions = Hourly(30.67m, 36.55m) });

        var line = Assert.Single((await runtime.Roles("mixte").GetPayScaleAsync()).Roles);
        Assert.Equal(59_806.50m, line.AnnualMin);
    }

    [Fact]
    public async Task RoleThatWouldExceedTheMaximumRatioIsRefusedWithTheFigures()
    {
        var storage = new StorageFaults();
        await using var runtime = await CreateAsync(storage);
        await runtime.Roles("mixte").SetPayPolicyAsync(new PayPolicyUpdate(1.5m, null));
        await runtime.Role("mixte", "coordination").PutAsync(Titled("Coordination", "Coordination") with { Conditions = Hourly(30m, 36m) });
        var writes = storage.WriteCount;

        var error = await Assert.ThrowsAsync<ConflictException>(() =>
            runtime.Role("mixte", "direction").PutAsync(Titled("Direction", "Director") with { Conditions = Hourly(40m, 45.20m) }));

        // 45.20 ÷ 30 = 1.5067, shown as 1.51: above 1.5. The message gives the figures behind it.
        Assert.Equal(
            "This salary would bring the tenant's pay ratio to 1.51 (highest maximum 45.20 $/h ÷ lowest minimum 30.00 $/h), " +
            "above its maximum ratio of 1.5. Narrow the range, or change the pay policy.",
            error.Message);
        Assert.Null(await runtime.Role("mixte", "direction").GetAsync());
        Assert.Equal(writes, storage.WriteCount);
    }

    [Fact]
    public async Task CapAppliesToTheRatioAsShown()
    {
        await using var runtime = await CreateAsync();
        await runtime.Roles("mixte").SetPayPolicyAsync(new PayPolicyUpdate(1.5m, null));
        await runtime.Role("mixte", "coordination").PutAsync(Titled("Coordination", "Coordination") with { Conditions = Hourly(30m, 36m) });

        // 45.14 ÷ 30 = 1.50466… shown as 1.50: accepted.
        await runtime.Role("mixte", "direction").PutAsync(Titled("Direction", "Director") with { Conditions = Hourly(40m, 45.14m) });
        // 45.15 ÷ 30 = 1.505 shown as 1.51: refused, and the role keeps its accepted range.
        var error = await Assert.ThrowsAsync<ConflictException>(() =>
            runtime.Role("mixte", "direction").PutAsync(Titled("Direction", "Director") with { Conditions = Hourly(40m, 45.15m) }));
        Assert.Contains("to 1.51", error.Message);
        Assert.Contains("maximum ratio of 1.5", error.Message);
        Assert.Equal(45.14m, (await runtime.Role("mixte", "direction").GetAsync())!.Conditions!.Salary!.Max);
        Assert.Equal(1.50m, (await runtime.Roles("mixte").GetPayScaleAsync()).Ratio);
    }

    [Fact]
    public async Task YearlySalariesAreComparedPerHourWorked()
    {
        await using var runtime = await CreateAsync();
        await runtime.Roles("mixte").SetPayPolicyAsync(new PayPolicyUpdate(1.4m, null));
        await runtime.Role("mixte", "coordination").PutAsync(Titled("Coordination", "Coordination") with { Conditions = Hourly(30.67m, 36.55m) });

        // 36.55 ÷ (45,000 ÷ 1,664) = 1.35: within 1.4.
        await runtime.Role("mixte", "pratiques").PutAsync(Titled("Pratiques", "Practice") with { Conditions = Yearly(45_000m, 60_000m, 32) });
        // The same yearly range over 40 h is 21.63 $/h at least: 36.55 ÷ 21.63 = 1.69, refused.
        await Assert.ThrowsAsync<ConflictException>(() =>
            runtime.Role("mixte", "pratiques").PutAsync(Titled("Pratiques", "Practice") with { Conditions = Yearly(45_000m, 60_000m, 40) }));
    }

    [Fact]
    public async Task PolicyTheRolesAlreadyExceedIsRefused()
    {
        await using var runtime = await CreateAsync();
        await runtime.Role("mixte", "coordination").PutAsync(Titled("Coordination", "Coordination") with { Conditions = Hourly(20m, 40m) });

        var error = await Assert.ThrowsAsync<ConflictException>(() => runtime.Roles("mixte").SetPayPolicyAsync(new PayPolicyUpdate(1.5m, null)));

        Assert.Contains("pay ratio of 2", error.Message);
        Assert.Equal(PayPolicy.Default, await runtime.Roles("mixte").GetPayPolicyAsync());
    }

    [Fact]
    public async Task InvalidPolicyIsRefusedAndTheOldOneKept()
    {
        await using var runtime = await CreateAsync();
        await runtime.Roles("mixte").SetPayPolicyAsync(new PayPolicyUpdate(2m, 37.5m));
        await Assert.ThrowsAsync<ValidationFailedException>(() => runtime.Roles("mixte").SetPayPolicyAsync(new PayPolicyUpdate(0.5m, null)));
        Assert.Equal(new PayPolicy(2m, 37.5m), await runtime.Roles("mixte").GetPayPolicyAsync());
    }

    [Fact]
    public async Task RemovingTheCapAllowsAnyRatio()
    {
        await using var runtime = await CreateAsync();
        await runtime.Roles("mixte").SetPayPolicyAsync(new PayPolicyUpdate(1.2m, null));
        await runtime.Roles("mixte").SetPayPolicyAsync(new PayPolicyUpdate(null, null));
        await runtime.Role("mixte", "coordination").PutAsync(Titled("Coordination", "Coordination") with { Conditions = Hourly(20m, 60m) });
        Assert.Equal(3m, (await runtime.Roles("mixte").GetPayScaleAsync()).Ratio);
    }
}
