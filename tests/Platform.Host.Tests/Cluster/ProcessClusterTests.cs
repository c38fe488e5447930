using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Platform.Abstractions;
using Platform.Testing;
using Xunit.Abstractions;

namespace Platform.Host.Tests.Cluster;

/// <summary>
/// Real host processes on one Azurite, clustered through its membership table (QUALITY.md
/// reliability 7): what replicas in Azure are. Each test starts its own hosts on a cluster id of its own.
/// </summary>
public sealed class AzuriteForClusters : IAsyncLifetime
{
    public AzuriteProcess Azurite { get; private set; } = null!;

    public async Task InitializeAsync() => Azurite = await AzuriteProcess.StartNewAsync();

    public async Task DisposeAsync() => await Azurite.DisposeAsync();
}

public sealed class ProcessClusterTests(AzuriteForClusters azurite, ITestOutputHelper output) : IClassFixture<AzuriteForClusters>
{
    private const string OperatorKey = "cluster-operator-key-0123456789";
    private readonly string _clusterId = $"proc-{Guid.NewGuid():N}"[..20];

    private Dictionary<string, string> Settings(int permitsPerSecond = 100_000, int burst = 100_000) => new()
    {
        ["Platform__Storage__Provider"] = "azuretable",
        ["Platform__Storage__ConnectionString"] = azurite.Azurite.ConnectionString,
        ["Platform__Cluster__Provider"] = "azuretable",
        ["Platform__Cluster__ClusterId"] = _clusterId,
        ["Platform__Cluster__AdvertisedAddress"] = "127.0.0.1",
        ["Platform__Cluster__FastMembership"] = "true",
        ["Platform__Seed"] = "false",
        ["Platform__OperatorKey"] = OperatorKey,
        ["Platform__RateLimit__PermitsPerSecond"] = permitsPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Platform__RateLimit__Burst"] = burst.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static string HostDll => typeof(Program).Assembly.Location;

    [Fact]
    public async Task WritesThroughOneHostAreReadAndRevocationsHeldThroughTheOther()
    {
        await using var a = await HostProcess.StartAsync(HostDll, Settings());
        await using var b = await HostProcess.StartAsync(HostDll, Settings());
        var tenant = $"proc-{Guid.NewGuid():N}"[..16];

        var admin = await CreateTenantAsync(a, tenant);
        await Infrastructure.Expect.Status(await a.Client(admin).PostAsJsonAsync($"/api/v1/tenants/{tenant}/members",
            new { id = "coop-1", name = "Coopérative du Fjord", type = "worker", region = "02", joinedOn = "2024-01-10" }), HttpStatusCode.Created);
        var read = await b.Client(admin).GetAsync($"/api/v1/tenants/{tenant}/members/coop-1");
        await Infrastructure.Expect.Status(read, HttpStatusCode.OK);
        Assert.Equal("Coopérative du Fjord", (await read.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString());

        var issued = await (await a.Client(admin).PostAsJsonAsync($"/api/v1/tenants/{tenant}/keys", new { name = "accueil", role = "staff" })).Content.ReadFromJsonAsync<JsonElement>();
        var staff = issued.GetProperty("key").GetString()!;
        await Infrastructure.Expect.Status(await b.Client(staff).GetAsync($"/api/v1/tenants/{tenant}"), HttpStatusCode.OK);
        await Infrastructure.Expect.Status(await a.Client(admin).DeleteAsync($"/api/v1/tenants/{tenant}/keys/{issued.GetProperty("id").GetString()}"), HttpStatusCode.NoContent);
        await Infrastructure.Expect.Status(await b.Client(staff).GetAsync($"/api/v1/tenants/{tenant}"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task TenantRateLimitHoldsAcrossHostProcesses()
    {
        await using var a = await HostProcess.StartAsync(HostDll, Settings(permitsPerSecond: 1, burst: 8));
        await using var b = await HostProcess.StartAsync(HostDll, Settings(permitsPerSecond: 1, burst: 8));
        var tenant = $"rate-{Guid.NewGuid():N}"[..16];
        var admin = await CreateTenantAsync(a, tenant);
        var started = Stopwatch.GetTimestamp();

        var served = 0;
        for (var i = 0; i < 40; i++)
        {
            var answer = await (i % 2 == 0 ? a : b).Client(admin).GetAsync($"/api/v1/tenants/{tenant}");
            if (answer.StatusCode == HttpStatusCode.OK) served++;
            else Assert.Equal(HttpStatusCode.TooManyRequests, answer.StatusCode);
        }

        // One bucket of 8 for the cluster, refilled at 1/s: two per-host buckets would serve about 16.
        Assert.InRange(served, 1, 8 + (int)Math.Ceiling(Stopwatch.GetElapsedTime(started).TotalSeconds));
    }

    [Fact]
    public async Task SigkillOfTheHostHoldingAFederationUnderWriteLoadLosesNoAcknowledgedWrite()
    {
        var hosts = new[] { await HostProcess.StartAsync(HostDll, Settings()), await HostProcess.StartAsync(HostDll, Settings()) };
        try
        {
            var tenant = $"kill-{Guid.NewGuid():N}"[..16];
            var admin = await CreateTenantAsync(hosts[0], tenant);
            await Infrastructure.Expect.Status(await hosts[0].Client(admin).PostAsJsonAsync($"/api/v1/tenants/{tenant}/members",
                new { id = "m-first", name = "Première", type = "worker", region = "06", joinedOn = "2024-01-10" }), HttpStatusCode.Created);

            // Which host's silo holds the federation grain, asked of the cluster itself.
            var holder = await HolderOfAsync(tenant, hosts);
            var survivor = hosts[1 - holder];
            output.WriteLine($"federation {tenant} lives on host {holder}");

            var acknowledged = new ConcurrentBag<string>();
            var bugs = new ConcurrentBag<string>();
            using var stop = new CancellationTokenSource();
            async Task WriteAsync(int writer)
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    var id = $"m-{writer}-{i}";
                    try
                    {
                        var host = hosts[(writer + i) % 2];
                        var answer = await host.Client(admin).PostAsJsonAsync($"/api/v1/tenants/{tenant}/members",
                            new { id, name = $"Coop {id}", type = "worker", region = "06", joinedOn = "2024-01-10" }, stop.Token);
                        if (answer.IsSuccessStatusCode) acknowledged.Add(id);
                        // While the cluster notices the death, a retryable 503 is right; any other 5xx is a bug.
                        else if ((int)answer.StatusCode >= 500 && answer.StatusCode != HttpStatusCode.ServiceUnavailable)
                            bugs.Add($"{(int)answer.StatusCode}: {await answer.Content.ReadAsStringAsync()}");
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        // The killed host's connections break: those writes were never acknowledged.
                    }
                }
            }
            var writers = Enumerable.Range(0, 4).Select(WriteAsync).ToArray();
            while (acknowledged.Count < 40) await Task.Delay(20);

            await hosts[holder].KillAsync();
            var killedAt = Stopwatch.GetTimestamp();
            TimeSpan? servedAgainAfter = null;
            while (servedAgainAfter is null && Stopwatch.GetElapsedTime(killedAt) < TimeSpan.FromSeconds(60))
            {
                try
                {
                    using var client = survivor.Client(admin);
                    client.Timeout = TimeSpan.FromSeconds(2);
                    if ((await client.GetAsync($"/api/v1/tenants/{tenant}/members/m-first")).StatusCode == HttpStatusCode.OK)
                        servedAgainAfter = Stopwatch.GetElapsedTime(killedAt);
                }
                catch (TaskCanceledException)
                {
                }
            }
            await Task.Delay(500);
            await stop.CancelAsync();
            await Task.WhenAll(writers);

            output.WriteLine($"served again through the survivor {servedAgainAfter?.TotalMilliseconds:N0} ms after SIGKILL; {acknowledged.Count} writes acknowledged");
            Assert.Empty(bugs);
            Assert.NotNull(servedAgainAfter);
            Assert.True(servedAgainAfter < TimeSpan.FromSeconds(5), $"The survivor served the federation again only after {servedAgainAfter?.TotalSeconds:N1} s.");
            foreach (var id in acknowledged)
                await Infrastructure.Expect.Status(await survivor.Client(admin).GetAsync($"/api/v1/tenants/{tenant}/members/{id}"), HttpStatusCode.OK);
        }
        finally
        {
            foreach (var host in hosts) await host.DisposeAsync();
        }
    }

    [Fact]
    public async Task ProductionLoggingKeepsRequestsQuietAndNeverWritesCredentials()
    {
        var settings = Settings();
        // The shipped defaults (appsettings.json), not the test launcher's quieter ones.
        settings["Logging__LogLevel__Default"] = "Information";
        await using var host = await HostProcess.StartAsync(HostDll, settings);
        var tenant = $"logs-{Guid.NewGuid():N}"[..16];
        var admin = await CreateTenantAsync(host, tenant);
        for (var i = 0; i < 10; i++)
        {
            await host.Client(admin).GetAsync($"/api/v1/tenants/{tenant}");
            await host.Client($"{admin}x").GetAsync($"/api/v1/tenants/{tenant}");
        }
        await Task.Delay(500);

        var log = host.Output;
        Assert.DoesNotContain(AzuriteProcess.AccountKey, log, StringComparison.Ordinal);
        Assert.DoesNotContain(OperatorKey, log, StringComparison.Ordinal);
        Assert.DoesNotContain(admin.Split('.')[^1], log, StringComparison.Ordinal);
        Assert.DoesNotContain("Request starting", log, StringComparison.Ordinal);
        Assert.DoesNotContain("Executing endpoint", log, StringComparison.Ordinal);
    }

    private static async Task<string> CreateTenantAsync(HostProcess host, string tenant)
    {
        var created = await host.Client(OperatorKey).PostAsJsonAsync("/api/v1/tenants", new { id = tenant, kind = "federation", name = new { fr = tenant, en = tenant } });
        await Infrastructure.Expect.Status(created, HttpStatusCode.Created);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("adminKey").GetString()!;
    }

    /// <summary>Connects to the cluster as an Orleans client and asks where the federation grain is active.</summary>
    private async Task<int> HolderOfAsync(string tenant, HostProcess[] hosts)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client =>
        {
            client.UseAzureStorageClustering(options => options.TableServiceClient = new TableServiceClient(azurite.Azurite.ConnectionString));
            client.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = _clusterId;
                options.ServiceId = "intercoop";
            });
        });
        using var clientHost = builder.Build();
        await clientHost.StartAsync();
        try
        {
            var grains = clientHost.Services.GetRequiredService<IClusterClient>();
            var silo = await grains.GetGrain<IManagementGrain>(0).GetActivationAddress(grains.GetGrain<IFederationGrain>(tenant))
                ?? throw new InvalidOperationException($"The federation grain of {tenant} is not active anywhere.");
            return Array.FindIndex(hosts, h => h.SiloPort == silo.Endpoint.Port) is var index and >= 0
                ? index
                : throw new InvalidOperationException($"No host has silo port {silo.Endpoint.Port}.");
        }
        finally
        {
            await clientHost.StopAsync();
        }
    }
}
