using Platform.Abstractions;
using Platform.Grains;
using Platform.Testing;

namespace Platform.Grains.Tests.Tenants;

public sealed class TenantGrainTests
{
    private static Task<PlatformTestCluster> NewRuntimeAsync() => PlatformTestCluster.StartAsync();

    private static (string KeyId, string Secret) Split(string key)
    {
        Assert.True(ApiKeyFormat.TryParse(key, out _, out var keyId, out var secret));
        return (keyId, secret);
    }

    [Fact]
    public async Task IssuedKeyChecksWithItsRoleAndAWrongSecretDoesNot()
    {
        await using var runtime = await NewRuntimeAsync();
        var tenant = runtime.Grains.GetGrain<ITenantGrain>("fed");
        var admin = await tenant.CreateAsync(TenantKind.Federation, new LocalizedText("Féd", "Fed"), "05");
        var staff = await tenant.IssueKeyAsync("front desk", TenantRole.Staff);

        var (adminId, adminSecret) = Split(admin.Key);
        var (staffId, staffSecret) = Split(staff.Key);
        Assert.Equal(new KeyCheck(adminId, TenantRole.Admin, TenantKind.Federation), await tenant.CheckKeyAsync(adminId, adminSecret));
        Assert.Equal(TenantRole.Staff, (await tenant.CheckKeyAsync(staffId, staffSecret))?.Role);
        Assert.Null(await tenant.CheckKeyAsync(staffId, adminSecret));
        Assert.Null(await tenant.CheckKeyAsync("k-unknown", staffSecret));
    }

    [Fact]
    public async Task KeysHave256RandomBitsAndAreNeverStoredInClear()
    {
        await using var runtime = await NewRuntimeAsync();
        var tenant = runtime.Grains.GetGrain<ITenantGrain>("fed");
        var admin = await tenant.CreateAsync(TenantKind.Federation, new LocalizedText("Féd", "Fed"), null);
        var (_, secret) = Split(admin.Key);
        Assert.Equal(32, Convert.FromBase64String(secret.Replace('-', '+').Replace('_', '/') + "=").Length);

        var stored = await runtime.StoredAsync("fed");
        Assert.NotEmpty(stored);
        Assert.All(stored, s => Assert.DoesNotContain(secret, s.Json));
    }

    [Fact]
    public async Task RevokedKeyNoLongerChecks()
    {
        await using var runtime = await NewRuntimeAsync();
        var tenant = runtime.Grains.GetGrain<ITenantGrain>("fed");
        await tenant.CreateAsync(TenantKind.Federation, new LocalizedText("Féd", "Fed"), null);
        var viewer = await tenant.IssueKeyAsync("board", TenantRole.Viewer);
        var (id, secret) = Split(viewer.Key);

        await tenant.RevokeKeyAsync(id);

        Assert.Null(await tenant.CheckKeyAsync(id, secret));
        Assert.NotNull((await tenant.ListKeysAsync()).Single(k => k.Id == id).RevokedAt);
        await Assert.ThrowsAsync<NotFoundException>(() => tenant.RevokeKeyAsync("k-nope"));
    }

    [Fact]
    public async Task CreatingTwiceIsAConflictAndKeysNeedAnAccount()
    {
        await using var runtime = await NewRuntimeAsync();
        var tenant = runtime.Grains.GetGrain<ITenantGrain>("fed");
        await Assert.ThrowsAsync<NotFoundException>(() => tenant.IssueKeyAsync("x", TenantRole.Admin));
        await tenant.CreateAsync(TenantKind.Consortium, new LocalizedText("C", "C"), null);
        await Assert.ThrowsAsync<ConflictException>(() => tenant.CreateAsync(TenantKind.Consortium, new LocalizedText("C", "C"), null));
    }

    [Fact]
    public async Task DirectoryRegistersAnIdOnce()
    {
        await using var runtime = await NewRuntimeAsync();
        var directory = runtime.Grains.GetGrain<ITenantDirectoryGrain>(GrainKeys.Directory);
        Assert.True(await directory.RegisterAsync(new TenantSummary("b", TenantKind.Federation, new LocalizedText("B", "B"))));
        Assert.True(await directory.RegisterAsync(new TenantSummary("a", TenantKind.Organization, new LocalizedText("A", "A"))));
        Assert.False(await directory.RegisterAsync(new TenantSummary("a", TenantKind.Consortium, new LocalizedText("X", "X"))));
        Assert.Equal(["a", "b"], (await directory.ListAsync()).Select(t => t.Id));
        Assert.Equal(TenantKind.Organization, (await directory.ListAsync())[0].Kind);
    }

    [Fact]
    public async Task AuditLogKeepsEntriesInOrderPerMonth()
    {
        await using var runtime = await NewRuntimeAsync();
        var at = new DateTimeOffset(2026, 3, 31, 23, 59, 0, TimeSpan.Zero);
        Assert.Equal("fed/2026-03", GrainKeys.AuditMonth("fed", YearMonth.Of(at)));
        Assert.Equal("fed/2026-04", GrainKeys.AuditMonth("fed", YearMonth.Of(at.AddMinutes(2))));
        // Months are UTC: 21:00 in Montréal on 31 March is already April.
        Assert.Equal("fed/2026-04", GrainKeys.AuditMonth("fed", YearMonth.Of(new DateTimeOffset(2026, 3, 31, 21, 0, 0, TimeSpan.FromHours(-5)))));
        var log = runtime.Grains.GetGrain<IAuditLogGrain>("fed/2026-03");
        await log.AppendAsync(new AuditEntry(at, "fed:k1", "k1", "member.create", "members/m1"));
        await log.AppendAsync(new AuditEntry(at, "operator", null, "key.recovery", "keys/k2"));
        Assert.Equal(["member.create", "key.recovery"], (await log.ListAsync()).Select(e => e.Action));
    }

}
