using Microsoft.Extensions.DependencyInjection;
using Platform.Abstractions;
using Platform.Grains.Tenants;
using Platform.Testing;

namespace Platform.Grains.Tests.Tenants;

/// <summary>The per-silo memory of checked keys: it serves only the exact secret, and a tenant's change clears it on every silo.</summary>
public sealed class KeyCheckCacheTests
{
    private static readonly KeyCheck Staff = new("k1", TenantRole.Staff, TenantKind.Federation);

    [Fact]
    public void ServesARememberedKeyOnlyWithItsOwnSecret()
    {
        var cache = new KeyCheckCache();
        cache.Remember("fed", "k1", "le-secret", Staff, cache.EpochOf("fed"));

        Assert.True(cache.TryGet("fed", "k1", "le-secret", out var check));
        Assert.Equal(Staff, check);
        Assert.False(cache.TryGet("fed", "k1", "un-autre-secret", out _));
        Assert.False(cache.TryGet("autre-fed", "k1", "le-secret", out _));
    }

    [Fact]
    public void ForgettingATenantClearsOnlyItsKeys()
    {
        var cache = new KeyCheckCache();
        cache.Remember("fed", "k1", "s1", Staff, 0);
        cache.Remember("fed-b", "k1", "s1", Staff, 0);

        cache.Forget("fed");

        Assert.False(cache.TryGet("fed", "k1", "s1", out _));
        Assert.True(cache.TryGet("fed-b", "k1", "s1", out _));
    }

    [Fact]
    public void ACheckThatStartedBeforeARevocationIsNotKept()
    {
        var cache = new KeyCheckCache();
        var before = cache.EpochOf("fed");
        cache.Forget("fed");                      // the revocation lands while the grain call is in flight
        cache.Remember("fed", "k1", "s1", Staff, before);

        Assert.False(cache.TryGet("fed", "k1", "s1", out _));
    }

    [Fact]
    public void ItNeverGrowsPastItsCapacity()
    {
        var cache = new KeyCheckCache();
        for (var i = 0; i <= KeyCheckCache.Capacity; i++) cache.Remember($"t{i}", "k", "s", Staff, 0);
        Assert.True(cache.Count <= KeyCheckCache.Capacity);
    }

    [Fact]
    public async Task RevokingAKeyClearsTheTenantOnEverySiloBeforeItReturns()
    {
        await using var runtime = await PlatformTestCluster.StartAsync();
        var tenant = runtime.Grains.GetGrain<ITenantGrain>("fed");
        await tenant.CreateAsync(TenantKind.Federation, new LocalizedText("Féd", "Fed"), null);
        var issued = await tenant.IssueKeyAsync("accueil", TenantRole.Staff);
        Assert.True(ApiKeyFormat.TryParse(issued.Key, out _, out var keyId, out var secret));
        var caches = runtime.Cluster.Silos.Select(s => s.ServiceProvider.GetRequiredService<KeyCheckCache>()).ToList();
        Assert.Equal(2, caches.Distinct().Count());
        foreach (var cache in caches)
        {
            cache.Remember("fed", keyId, secret, new KeyCheck(keyId, TenantRole.Staff, TenantKind.Federation), cache.EpochOf("fed"));
            cache.Remember("other", keyId, secret, new KeyCheck(keyId, TenantRole.Staff, TenantKind.Federation), cache.EpochOf("other"));
        }

        await tenant.RevokeKeyAsync(keyId);

        Assert.All(caches, cache => Assert.False(cache.TryGet("fed", keyId, secret, out _)));
        Assert.All(caches, cache => Assert.True(cache.TryGet("other", keyId, secret, out _)));
    }

    [Fact]
    public async Task DeletingATenantClearsItOnEverySilo()
    {
        await using var runtime = await PlatformTestCluster.StartAsync();
        var tenant = runtime.Grains.GetGrain<ITenantGrain>("fed");
        var admin = await tenant.CreateAsync(TenantKind.Federation, new LocalizedText("Féd", "Fed"), null);
        Assert.True(ApiKeyFormat.TryParse(admin.Key, out _, out var keyId, out var secret));
        var caches = runtime.Cluster.Silos.Select(s => s.ServiceProvider.GetRequiredService<KeyCheckCache>()).ToList();
        foreach (var cache in caches) cache.Remember("fed", keyId, secret, new KeyCheck(keyId, TenantRole.Admin, TenantKind.Federation), 0);

        await tenant.DeleteAsync();

        Assert.All(caches, cache => Assert.False(cache.TryGet("fed", keyId, secret, out _)));
    }
}
