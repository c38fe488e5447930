using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Testing;

namespace Platform.Host.Tests.Durability;

/// <summary>
/// QUALITY.md reliability 3: the host killed with SIGKILL in the middle of a concurrent write load
/// on the file store, restarted on the same folder, has every write it answered 2xx, and no state
/// file is left corrupt.
/// </summary>
public sealed class CrashDurabilityTests : IDisposable
{
    private const string OperatorKey = "durability-operator-key-0123456789";
    private readonly string _data = Directory.CreateTempSubdirectory("intercoop-durability-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private Dictionary<string, string> Settings() => new()
    {
        ["Platform__Storage__Provider"] = "file",
        ["Platform__Storage__Path"] = _data,
        ["Platform__Seed"] = "false",
        ["Platform__OperatorKey"] = OperatorKey,
        ["Platform__RateLimit__PermitsPerSecond"] = "100000",
        ["Platform__RateLimit__Burst"] = "100000",
    };

    [Fact]
    public async Task EveryWriteAnsweredBeforeASigkillIsThereAfterRestart()
    {
        var acknowledgedTenants = new ConcurrentBag<string>();
        var acknowledgedKeys = new ConcurrentDictionary<string, ConcurrentBag<string>>();

        await using (var host = await HostProcess.StartAsync(typeof(Program).Assembly.Location, Settings()))
        {
            using var operatorClient = host.Client(OperatorKey);
            using var stop = new CancellationTokenSource();

            // Writers: new tenants (directory + tenant grains) and new keys on existing tenants.
            async Task WriteTenantsAsync(int worker)
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    var id = $"crash-{worker}-{i}";
                    try
                    {
                        var response = await operatorClient.PostAsJsonAsync("/api/v1/tenants",
                            new { id, kind = "federation", name = new { fr = id, en = id } }, stop.Token);
                        if (response.IsSuccessStatusCode)
                        {
                            acknowledgedTenants.Add(id);
                            var admin = (await response.Content.ReadFromJsonAsync<JsonElement>(stop.Token)).GetProperty("adminKey").GetString()!;
                            using var adminClient = host.Client(admin);
                            for (var k = 0; k < 3 && !stop.IsCancellationRequested; k++)
                            {
                                var issued = await adminClient.PostAsJsonAsync($"/api/v1/tenants/{id}/keys", new { name = $"key {k}", role = "viewer" }, stop.Token);
                                if (issued.IsSuccessStatusCode)
                                    acknowledgedKeys.GetOrAdd(id, _ => []).Add((await issued.Content.ReadFromJsonAsync<JsonElement>(stop.Token)).GetProperty("id").GetString()!);
                            }
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
                    {
                        // The process died under the request: unanswered, so nothing is owed.
                        return;
                    }
                }
            }

            var writers = Enumerable.Range(0, 6).Select(w => Task.Run(() => WriteTenantsAsync(w))).ToArray();
            // Kill in the middle of the load, once a fair number of writes were answered.
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (acknowledgedTenants.Count < 40 && DateTime.UtcNow < deadline) await Task.Delay(20);
            await host.KillAsync();
            await stop.CancelAsync();
            await Task.WhenAll(writers);
        }

        Assert.True(acknowledgedTenants.Count >= 40, $"only {acknowledgedTenants.Count} writes were answered before the kill");

        await using var restarted = await HostProcess.StartAsync(typeof(Program).Assembly.Location, Settings());
        using var client = restarted.Client(OperatorKey);
        var tenants = (await client.GetFromJsonAsync<JsonElement>("/api/v1/tenants")).EnumerateArray()
            .Select(t => t.GetProperty("id").GetString()!).ToHashSet();
        var lostTenants = acknowledgedTenants.Where(t => !tenants.Contains(t)).ToList();
        Assert.True(lostTenants.Count == 0, $"acknowledged tenants lost: {string.Join(", ", lostTenants)}");

        foreach (var (tenant, keyIds) in acknowledgedKeys)
        {
            var listed = await client.PostAsJsonAsync($"/api/v1/tenants/{tenant}/keys", new { name = "after restart", role = "admin" });
            Assert.Equal(HttpStatusCode.Created, listed.StatusCode);
            var admin = (await listed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
            using var adminClient = restarted.Client(admin);
            var stored = (await adminClient.GetFromJsonAsync<JsonElement>($"/api/v1/tenants/{tenant}/keys")).EnumerateArray()
                .Select(k => k.GetProperty("id").GetString()!).ToHashSet();
            var lostKeys = keyIds.Where(k => !stored.Contains(k)).ToList();
            Assert.True(lostKeys.Count == 0, $"acknowledged keys of {tenant} lost: {string.Join(", ", lostKeys)}");
        }

        // No state file is corrupt: every one of them passes its integrity check when read.
        // A tenant whose creation was cut by the kill (registered, no account yet) is completed by creating it again.
        foreach (var unanswered in tenants.Where(t => !acknowledgedTenants.Contains(t)))
        {
            var completed = await client.PostAsJsonAsync("/api/v1/tenants", new { id = unanswered, kind = "federation", name = new { fr = unanswered, en = unanswered } });
            Assert.True(completed.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, $"re-creating {unanswered}: {(int)completed.StatusCode}");
        }

        foreach (var tenant in acknowledgedTenants.Take(20))
        {
            var key = await client.PostAsJsonAsync($"/api/v1/tenants/{tenant}/keys", new { name = "export", role = "admin" });
            var admin = (await key.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
            using var adminClient = restarted.Client(admin);
            var export = await adminClient.GetAsync($"/api/v1/tenants/{tenant}/export");
            Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        }
        Assert.DoesNotContain("failed its integrity check", restarted.Output);
    }
}
