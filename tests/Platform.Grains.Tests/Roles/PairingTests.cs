using Platform.Abstractions;
using Platform.Testing;
using static Platform.Grains.Tests.Roles.RoleFixtures;

namespace Platform.Grains.Tests.Roles;

/// <summary>Rule 6: pairing A with B pairs B with A; unpairing either unpairs both — also when a write fails.</summary>
public sealed class PairingTests
{
    private static async Task AddRolesAsync(PlatformTestCluster runtime, params string[] roleIds)
    {
        foreach (var id in roleIds) await runtime.Role("fcct", id).PutAsync(Titled($"Codirection {id}", $"Co-director {id}"));
    }

    /// <summary>What each role says its partner is, read through the role grains themselves.</summary>
    private static async Task<Dictionary<string, string?>> PartnersAsync(PlatformTestCluster runtime, params string[] roleIds)
    {
        var partners = new Dictionary<string, string?>();
        foreach (var id in roleIds) partners[id] = (await runtime.Role("fcct", id).GetAsync())!.PairedWith;
        return partners;
    }

    private static void AssertSymmetric(Dictionary<string, string?> partners)
    {
        foreach (var (id, partner) in partners)
            if (partner is not null) Assert.Equal(id, partners[partner]);
    }

    [Fact]
    public async Task PairingMakesBothRolesNameEachOther()
    {
        var storage = new StorageFaults();
        await using var runtime = await CreateAsync(storage);
        await AddRolesAsync(runtime, "mouvement", "operations");

        var pair = await runtime.Roles("fcct").PairAsync("mouvement", "operations");

        Assert.Equal(new Platform.Abstractions.Roles.RolePair("mouvement", "operations"), pair);
        Assert.Equal(new Dictionary<string, string?> { ["mouvement"] = "operations", ["operations"] = "mouvement" },
            await PartnersAsync(runtime, "mouvement", "operations"));
    }

    [Fact]
    public async Task PairingTheSamePairAgainFromEitherSideChangesNothing()
    {
        var storage = new StorageFaults();
        await using var runtime = await CreateAsync(storage);
        await AddRolesAsync(runtime, "mouvement", "operations");
        await runtime.Roles("fcct").PairAsync("mouvement", "operations");
        var writes = storage.WriteCount;

        await runtime.Roles("fcct").PairAsync("operations", "mouvement");

        Assert.Equal(writes, storage.WriteCount);
        Assert.Equal("mouvement", (await runtime.Role("fcct", "operations").GetAsync())!.PairedWith);
    }

    [Theory]
    [InlineData("mouvement")]
    [InlineData("operations")]
    public async Task UnpairingEitherSideUnpairsBoth(string side)
    {
        var storage = new StorageFaults();
        await using var runtime = await CreateAsync(storage);
        await AddRolesAsync(runtime, "mouvement", "operations");
        await runtime.Roles("fcct").PairAsync("mouvement", "operations");

        var former = await runtime.Roles("fcct").UnpairAsync(side);

        Assert.Equal(side == "mouvement" ? "operations" : "mouvement", former);
        Assert.All((await PartnersAsync(runtime, "mouvement", "operations")).Values, Assert.Null);
    }

    [Fact]
    public async Task UnpairingAnUnpairedRoleIsHarmless()
    {
        var storage = new StorageFaults();
        await using var runtime = await CreateAsync(storage);
        await AddRolesAsync(runtime, "mouvement");
        Assert.Null(await runtime.Roles("fcct").UnpairAsync("mouvement"));
        await Assert.ThrowsAsync<NotFoundException>(() => runtime.Roles("fcct").UnpairAsync("nobody"));
    }

    [Fact]
    public async Task PairingWithAnUnknownRoleIsRefusedAndChangesNothing()
    {
        var storage = new StorageFaults();
        await using var runtime = await CreateAsync(storage);
        await AddRolesAsync(runtime, "mouvement");
        await Assert.ThrowsAsync<NotFoundException>(() => runtime.Roles("fcct").PairAsync("mouvement", "nobody"));
        await Assert.ThrowsAsync<NotFoundException>(() => runtime.Roles("fcct").PairAsync("nobody", "mouvement"));
        Assert.Null((await runtime.Role("fcct", "mouvement").GetAsync())!.PairedWith);
    }

    [Fact]
    public async Task PairingARoleWithItselfOrWithABadIdIsRefused()
    {
        var storage = new StorageFaults();
        await using var runtime = await CreateAsync(storage);
        await AddRolesAsync(runtime, "mouvement");
        await Assert.ThrowsAsync<ValidationFailedException>(() => runtime.Roles("fcct").PairAsync("mouvement", "mouvement"));
        await Assert.ThrowsAsync<ValidationFailedException>(() => runtime.Roles("fcct").PairAsync("mouvement", "../x"));
        await Assert.ThrowsAsync<ValidationFailedException>(() => runtime.Roles("fcct").PairAsync("mouvement", new string('a', 10_000)));
    }

    [Fact]
    public async Task RoleAlreadyPairedElsewhereIsRefusedUntilUnpaired()
    {
        var storage = new StorageFaults();
        await using var runtime = await CreateAsync(storage);
        await AddRolesAsync(runtime, "mouvement", "operations", "tiers");
        await runtime.Roles("fcct").PairAsync("mouvement", "operations");

        var error = await Assert.ThrowsAsync<ConflictException>(() => runtime.Roles("fcct").PairAsync("tiers", "operations"));
        Assert.Contains("already paired with 'mouvement'", error.Message);

        await runtime.Roles("fcct").UnpairAsync("mouvement");
        await runtime.Roles("fcct").PairAsync("tiers", "operations");
        var partners = await PartnersAsync(runtime, "mouvement", "operations", "tiers");
        Assert.Equal(new Dictionary<string, string?> { ["mouvement"] = null, ["operations"] = "tiers", ["tiers"] = "operations" }, partners);
    }

    [Fact]
    public async Task FailedPairingWriteLeavesNeitherRolePaired()
    {
        var storage = new StorageFaults();
        await using var runtime = await CreateAsync(storage);
        await AddRolesAsync(runtime, "mouvement", "operations");
        storage.FailWrite((name, _) => name == "tenant-roles");

        await ThrowsInjectedAsync(() => runtime.Roles("fcct").PairAsync("mouvement", "operations"));

        Assert.All((await PartnersAsync(runtime, "mouvement", "operations")).Values, Assert.Null);
        // And the retry succeeds, on both sides at once.
        await runtime.Roles("fcct").PairAsync("mouvement", "operations");
        AssertSymmetric(await PartnersAsync(runtime, "mouvement", "operations"));
    }

    [Fact]
    public async Task FailedUnpairingWriteLeavesBothRolesPaired()
    {
        var storage = new StorageFaults();
        await using var runtime = await CreateAsync(storage);
        await AddRolesAsync(runtime, "mouvement", "operations");
        await runtime.Roles("fcct").PairAsync("mouvement", "operations");
        storage.FailWrite((name, _) => name == "tenant-roles");

        await ThrowsInjectedAsync(() => runtime.Roles("fcct").UnpairAsync("operations"));

        Assert.Equal(new Dictionary<string, string?> { ["mouvement"] = "operations", ["operations"] = "mouvement" },
            await PartnersAsync(runtime, "mouvement", "operations"));
    }

    /// <summary>
    /// Whatever write of a pair-then-update-then-unpair sequence fails, every role that names a
    /// partner is named back by it — read through the role grains after the failure.
    /// </summary>
    [Fact]
    public async Task PairsStaySymmetricWhicheverWriteFails()
    {
        for (var failing = 0; failing < 8; failing++)
        {
            var storage = new StorageFaults();
            await using var runtime = await CreateAsync(storage);
            await AddRolesAsync(runtime, "mouvement", "operations", "tiers");
            storage.FailNthWrite(failing);
            try
            {
                await runtime.Roles("fcct").PairAsync("mouvement", "operations");
                await runtime.Role("fcct", "operations").PutAsync(Titled("Opérations", "Operations"));
                await runtime.Roles("fcct").UnpairAsync("operations");
                await runtime.Roles("fcct").PairAsync("tiers", "mouvement");
            }
            catch (Exception e) when (IsInjected(e))
            {
                // The injected failure: the sequence stops here, as a client's request would.
            }
            AssertSymmetric(await PartnersAsync(runtime, "mouvement", "operations", "tiers"));
        }
    }

    [Fact]
    public async Task ConcurrentPairingsOfTheSameRoleLeaveExactlyOnePair()
    {
        var storage = new StorageFaults();
        await using var runtime = await CreateAsync(storage);
        await AddRolesAsync(runtime, "mouvement", "operations", "tiers");

        var attempts = new[]
        {
            runtime.Roles("fcct").PairAsync("mouvement", "operations"),
            runtime.Roles("fcct").PairAsync("tiers", "mouvement"),
        };
        var results = await Task.WhenAll(attempts.Select(async a =>
        {
            try { await a; return true; }
            catch (ConflictException) { return false; }
        }));

        Assert.Equal(1, results.Count(r => r));
        var partners = await PartnersAsync(runtime, "mouvement", "operations", "tiers");
        AssertSymmetric(partners);
        Assert.Equal(2, partners.Values.Count(p => p is not null));
    }

    [Fact]
    public async Task RolesOfAnotherTenantCannotBePaired()
    {
        var storage = new StorageFaults();
        await using var runtime = await CreateAsync(storage);
        await AddRolesAsync(runtime, "mouvement");
        await runtime.Role("ctroc", "representation").PutAsync(Titled("Représentation", "Representation"));
        await Assert.ThrowsAsync<NotFoundException>(() => runtime.Roles("fcct").PairAsync("mouvement", "representation"));
    }
}
