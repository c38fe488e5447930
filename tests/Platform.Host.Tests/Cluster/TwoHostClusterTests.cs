using System.Net;
using Microsoft.AspNetCore.DataProtection;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Platform.Abstractions;
using Platform.Host.Tests.Infrastructure;

namespace Platform.Host.Tests.Cluster;

/// <summary>
/// Two gateway hosts behave as one platform: whatever host a request reaches, it sees the same
/// grains (single activation across the cluster), so a write through one is read through the
/// other, a revocation holds everywhere at once, and a domain error raised on the other silo
/// keeps its problem details.
/// </summary>
public sealed class TwoHostClusterTests(TwoHostCluster cluster) : IClassFixture<TwoHostCluster>
{
    /// <summary>Tenants are created until their grains sit on both silos (placement decides, not the test); at most this many.</summary>
    private const int MaxTenants = 40;

    [Fact]
    public async Task TenantAndMemberCreatedThroughOneHostAreReadThroughTheOther()
    {
        for (var i = 0; i < MaxTenants && (i < 4 || await SilosHoldingTenantsAsync() < 2); i++)
        {
            var (writer, reader) = i % 2 == 0 ? (cluster.A, cluster.B) : (cluster.B, cluster.A);
            var tenant = PlatformApp.NewTenantId("both");
            var admin = await writer.CreateTenantAsync(tenant);
            var added = await writer.WithKey(admin).PostAsJsonAsync($"/api/v1/tenants/{tenant}/members",
                new { id = "coop-1", name = "Coopérative de l'Anse", type = "worker", region = "06", joinedOn = "2024-01-10" });
            await Expect.Status(added, HttpStatusCode.Created);

            var read = await reader.WithKey(admin).GetAsync($"/api/v1/tenants/{tenant}/members/coop-1");
            await Expect.Status(read, HttpStatusCode.OK);
            Assert.Equal("Coopérative de l'Anse", (await read.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString());
        }
        await AssertSomeTenantGrainsLiveOnEachSiloAsync();
    }

    [Fact]
    public async Task KeyRevokedThroughOneHostIsRefusedByTheOtherOnTheNextRequest()
    {
        var tenant = PlatformApp.NewTenantId("revoke");
        var admin = await cluster.A.CreateTenantAsync(tenant);
        var (keyId, staffKey) = await cluster.A.IssueKeyAsync(tenant, admin, "staff");
        await Expect.Status(await cluster.B.WithKey(staffKey).GetAsync($"/api/v1/tenants/{tenant}"), HttpStatusCode.OK);

        await Expect.Status(await cluster.A.WithKey(admin).DeleteAsync($"/api/v1/tenants/{tenant}/keys/{keyId}"), HttpStatusCode.NoContent);

        await Expect.Problem(await cluster.B.WithKey(staffKey).GetAsync($"/api/v1/tenants/{tenant}"), HttpStatusCode.Unauthorized);
        await Expect.Problem(await cluster.A.WithKey(staffKey).GetAsync($"/api/v1/tenants/{tenant}"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task DomainErrorFromAGrainOnEitherSiloKeepsItsProblemDetails()
    {
        for (var i = 0; i < MaxTenants && (i < 4 || await SilosHoldingTenantsAsync() < 2); i++)
        {
            var host = i % 2 == 0 ? cluster.A : cluster.B;
            var tenant = PlatformApp.NewTenantId("errors");
            var admin = await host.CreateTenantAsync(tenant);
            var refused = await host.WithKey(admin).PostAsJsonAsync($"/api/v1/tenants/{tenant}/members",
                new { id = "coop-1", name = "Coop", type = "worker", region = "zz", joinedOn = "2024-01-10" });
            var problem = await Expect.Problem(refused, HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty("region", out _), problem.ToString());
        }
        await AssertSomeTenantGrainsLiveOnEachSiloAsync();
    }

    [Fact]
    public async Task WhatOneHostProtectsTheOtherReadsWithTheClustersKeyRing()
    {
        // Sign-in cookies and antiforgery tokens are Data Protection payloads: one key ring for the cluster.
        var protectedByA = cluster.A.Services.GetRequiredService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>()
            .CreateProtector("two-hosts").Protect("session of a person");

        var readByB = cluster.B.Services.GetRequiredService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>()
            .CreateProtector("two-hosts").Unprotect(protectedByA);

        Assert.Equal("session of a person", readByB);
        // Both hosts run on one machine here, so the proof that it is the cluster's ring is where the key lives.
        var ring = await cluster.A.Services.GetRequiredService<IGrainFactory>().GetGrain<Platform.Abstractions.IDataProtectionKeysGrain>(Platform.Abstractions.IDataProtectionKeysGrain.Key).ListAsync();
        Assert.NotEmpty(ring);
    }

    /// <summary>Proves the tests above crossed silos: tenants' grains were placed on both, so some calls were remote from either host.</summary>
    private async Task AssertSomeTenantGrainsLiveOnEachSiloAsync() => Assert.Equal(2, await SilosHoldingTenantsAsync());

    private async Task<int> SilosHoldingTenantsAsync()
    {
        var grains = cluster.A.Services.GetRequiredService<IGrainFactory>();
        var management = grains.GetGrain<IManagementGrain>(0);
        var silos = new HashSet<SiloAddress>();
        foreach (var tenant in await management.GetActiveGrains(GrainType.Create("tenant")))
            if (await management.GetActivationAddress(grains.GetGrain(tenant)) is { } silo) silos.Add(silo);
        return silos.Count;
    }
}

/// <summary>A tenant's request budget is the cluster's, not each host's.</summary>
public sealed class ClusterRateLimitTests(ThrottledTwoHostCluster cluster) : IClassFixture<ThrottledTwoHostCluster>
{
    [Fact]
    public async Task TenantBudgetIsNotMultipliedByTheNumberOfHosts()
    {
        var tenant = PlatformApp.NewTenantId("budget");
        var admin = await cluster.A.CreateTenantAsync(tenant);
        var started = TimeProvider.System.GetTimestamp();

        var served = 0;
        for (var i = 0; i < 24; i++)
        {
            var host = i % 2 == 0 ? cluster.A : cluster.B;
            var answer = await host.WithKey(admin).GetAsync($"/api/v1/tenants/{tenant}");
            if (answer.StatusCode == HttpStatusCode.OK) served++;
            else await Expect.Problem(answer, HttpStatusCode.TooManyRequests);
        }

        // Burst 6 (less the creation's own request), refilled at 1 per second for the test's duration:
        // per-host buckets would serve about twice that.
        var seconds = TimeProvider.System.GetElapsedTime(started).TotalSeconds;
        Assert.InRange(served, 1, 6 + (int)Math.Ceiling(seconds));
    }
}
