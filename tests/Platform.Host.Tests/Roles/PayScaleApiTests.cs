using System.Net;
using System.Net.Http.Json;
using Platform.Host.Tests.Infrastructure;
using static Platform.Host.Tests.Roles.RoleApi;

namespace Platform.Host.Tests.Roles;

public sealed class PayScaleApiTests(PlatformApp app) : IClassFixture<PlatformApp>
{
    private static string PayScale(string tenantId) => $"/api/v1/tenants/{tenantId}/pay-scale";

    private static string PayPolicy(string tenantId) => $"/api/v1/tenants/{tenantId}/pay-policy";

    private async Task<TenantKeys> WithTwoSalariedRolesAsync()
    {
        var keys = await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId());
        var admin = app.WithKey(keys.Admin);
        await admin.PutAsync(keys.TenantId, "coordination", Coordination());
        await admin.PutAsync(keys.TenantId, "pratiques", new
        {
            title = new { fr = "Pratiques", en = "Practice" },
            conditions = new { hoursPerWeek = 32, salary = new { min = 45000, max = 60000, per = "year" } },
        });
        return keys;
    }

    [Fact]
    public async Task PayScaleGivesEachRoleHourlyAndFullTimeYearFiguresAndTheRatio()
    {
        var keys = await WithTwoSalariedRolesAsync();

        var scale = await app.WithKey(keys.Admin).GetJsonAsync(PayScale(keys.TenantId));

        var roles = scale.GetProperty("roles");
        Assert.Equal("coordination", roles[0].GetProperty("id").GetString());
        Assert.Equal(30.67m, roles[0].GetProperty("hourlyMin").GetDecimal());
        Assert.Equal(36.55m, roles[0].GetProperty("hourlyMax").GetDecimal());
        Assert.Equal(55819.40m, roles[0].GetProperty("annualMin").GetDecimal());
        Assert.Equal(66521.00m, roles[0].GetProperty("annualMax").GetDecimal());
        Assert.Equal("pratiques", roles[1].GetProperty("id").GetString());
        Assert.Equal(27.04m, roles[1].GetProperty("hourlyMin").GetDecimal());
        Assert.Equal(36.06m, roles[1].GetProperty("hourlyMax").GetDecimal());
        Assert.Equal(49218.75m, roles[1].GetProperty("annualMin").GetDecimal());
        Assert.Equal(65625.00m, roles[1].GetProperty("annualMax").GetDecimal());
        Assert.Equal(1.35m, scale.GetProperty("ratio").GetDecimal());
        Assert.Equal(35m, scale.GetProperty("fullTimeHoursPerWeek").GetDecimal());
    }

    [Fact]
    public async Task PayScaleSaysWhatItsYearIsAndGivesTheAnnualAtTheRolesOwnHours()
    {
        var keys = await WithTwoSalariedRolesAsync();
        var admin = app.WithKey(keys.Admin);
        await Expect.Status(await admin.PutAsJsonAsync(PayPolicy(keys.TenantId), new { fullTimeHoursPerWeek = 37.5m }), HttpStatusCode.OK);

        var scale = await admin.GetJsonAsync(PayScale(keys.TenantId));

        // annualMin/Max: a full-time year at the tenant's week (37.5 h × 52 = 1,950 h), stated in the answer.
        Assert.Equal(52m, scale.GetProperty("weeksPerYear").GetDecimal());
        Assert.Equal(1950m, scale.GetProperty("fullTimeHoursPerYear").GetDecimal());
        var roles = scale.GetProperty("roles");
        Assert.Equal(59806.50m, roles[0].GetProperty("annualMin").GetDecimal());        // 30.67 × 1,950
        // At the role's own 32 h: 30.67 × 32 × 52 and 36.55 × 32 × 52.
        Assert.Equal(51034.88m, roles[0].GetProperty("roleHoursAnnualMin").GetDecimal());
        Assert.Equal(60819.20m, roles[0].GetProperty("roleHoursAnnualMax").GetDecimal());
        // A yearly salary at its own hours is the salary as stated.
        Assert.Equal(45000m, roles[1].GetProperty("roleHoursAnnualMin").GetDecimal());
        Assert.Equal(60000m, roles[1].GetProperty("roleHoursAnnualMax").GetDecimal());
    }

    [Fact]
    public async Task MaximumRatioRefusesARoleThatWouldExceedItWithTheFigures()
    {
        var keys = await WithTwoSalariedRolesAsync();
        var admin = app.WithKey(keys.Admin);
        await Expect.Status(await admin.PutAsJsonAsync(PayPolicy(keys.TenantId), new { maxRatio = 1.4m, fullTimeHoursPerWeek = 37.5m }), HttpStatusCode.OK);

        var refused = await admin.PutAsJsonAsync(Role(keys.TenantId, "direction"), new
        {
            title = new { fr = "Direction", en = "Director" },
            conditions = new { hoursPerWeek = 35, salary = new { min = 40, max = 40, per = "hour" } }, // 40 ÷ 27.04 = 1.48
        });

        var problem = await Expect.Problem(refused, HttpStatusCode.Conflict);
        Assert.Contains("pay ratio to 1.48", problem.GetProperty("detail").GetString());
        Assert.Contains("maximum ratio of 1.4", problem.GetProperty("detail").GetString());
        await Expect.Problem(await admin.GetAsync(Role(keys.TenantId, "direction")), HttpStatusCode.NotFound);
        var scale = await admin.GetJsonAsync(PayScale(keys.TenantId));
        Assert.Equal(2, scale.GetProperty("roles").GetArrayLength());
        Assert.Equal(1.4m, scale.GetProperty("maxRatio").GetDecimal());
        Assert.Equal(59806.50m, scale.GetProperty("roles")[0].GetProperty("annualMin").GetDecimal()); // 30.67 × 37.5 × 52
        Assert.Contains("pay-policy.put", await admin.AuditActionsAsync(keys.TenantId));
    }

    [Fact]
    public async Task PolicyTheRolesAlreadyExceedIsRefused()
    {
        var keys = await WithTwoSalariedRolesAsync();
        var admin = app.WithKey(keys.Admin);
        var problem = await Expect.Problem(await admin.PutAsJsonAsync(PayPolicy(keys.TenantId), new { maxRatio = 1.2m }), HttpStatusCode.Conflict);
        Assert.Contains("1.35", problem.GetProperty("detail").GetString());
        var policy = await admin.GetJsonAsync(PayPolicy(keys.TenantId));
        Assert.False(policy.TryGetProperty("maxRatio", out _));
        Assert.Equal(35m, policy.GetProperty("fullTimeHoursPerWeek").GetDecimal());
    }

    [Theory]
    [InlineData("{\"maxRatio\":0.5}")]
    [InlineData("{\"maxRatio\":\"high\"}")]
    [InlineData("{\"maxRatio\":1.555}")]
    [InlineData("{\"fullTimeHoursPerWeek\":0}")]
    [InlineData("{\"fullTimeHoursPerWeek\":200}")]
    [InlineData("{\"maxRatio\":2,\"currency\":\"CAD\"}")]
    [InlineData("{\"maxRatio\":")]
    [InlineData("[]")]
    public async Task BadPoliciesAreRefusedAndTheOldOneKept(string body)
    {
        var keys = await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId());
        var admin = app.WithKey(keys.Admin);
        await Expect.Status(await admin.PutAsJsonAsync(PayPolicy(keys.TenantId), new { maxRatio = 3m }), HttpStatusCode.OK);

        await Expect.Problem(await admin.PutJsonAsync(PayPolicy(keys.TenantId), body), HttpStatusCode.BadRequest);

        var policy = await admin.GetJsonAsync(PayPolicy(keys.TenantId));
        Assert.Equal(3m, policy.GetProperty("maxRatio").GetDecimal());
        Assert.Equal(35m, policy.GetProperty("fullTimeHoursPerWeek").GetDecimal());
    }

    [Fact]
    public async Task PayFiguresAreForTheTenantsAdminOnly()
    {
        var keys = await WithTwoSalariedRolesAsync();
        var other = await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId("other"));

        foreach (var key in new[] { keys.Staff, keys.Viewer })
        {
            await Expect.Problem(await app.WithKey(key).GetAsync(PayScale(keys.TenantId)), HttpStatusCode.Forbidden);
            await Expect.Problem(await app.WithKey(key).GetAsync(PayPolicy(keys.TenantId)), HttpStatusCode.Forbidden);
            await Expect.Problem(await app.WithKey(key).PutAsJsonAsync(PayPolicy(keys.TenantId), new { maxRatio = 2m }), HttpStatusCode.Forbidden);
        }
        foreach (var key in new[] { other.Admin, other.Viewer })
        {
            await Expect.Problem(await app.WithKey(key).GetAsync(PayScale(keys.TenantId)), HttpStatusCode.NotFound);
            await Expect.Problem(await app.WithKey(key).PutAsJsonAsync(PayPolicy(keys.TenantId), new { maxRatio = 2m }), HttpStatusCode.NotFound);
        }
        await Expect.Problem(await app.Anonymous().GetAsync(PayScale(keys.TenantId)), HttpStatusCode.Unauthorized);

        var policy = await app.WithKey(keys.Admin).GetJsonAsync(PayPolicy(keys.TenantId));
        Assert.False(policy.TryGetProperty("maxRatio", out _));
        // The other tenant has no salaried roles, and cannot see these.
        var otherScale = await app.WithKey(other.Admin).GetJsonAsync(PayScale(other.TenantId));
        Assert.Equal(0, otherScale.GetProperty("roles").GetArrayLength());
    }
}
