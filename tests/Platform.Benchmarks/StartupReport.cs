using System.Diagnostics;
using System.Globalization;
using System.Text;
using Platform.Grains;
using Platform.Storage.FileStore;
using Platform.Testing;

namespace Platform.Benchmarks;

/// <summary>
/// <c>startup</c> mode of the harness: starts the real host on a fresh file store with the seeds,
/// several times, and reports start-to-ready (process start until /health/ready answers 200;
/// QUALITY.md target ≤ 3 s), then the largest stored states beside the most one grain state may
/// weigh on Azure Table (Orleans's provider, binary format: 15 properties × 64 KiB).
/// </summary>
public static class StartupReport
{
    public static async Task<int> RunAsync(int runs)
    {
        var root = Loopback.RepositoryRoot();
        var hostDll = await HostBuild.BuildHostAsync(root);

        var timings = new List<double>();
        string? lastFolder = null;
        for (var run = 0; run < runs; run++)
        {
            if (lastFolder is not null) Directory.Delete(lastFolder, recursive: true);
            lastFolder = Directory.CreateTempSubdirectory("intercoop-startup-").FullName;
            timings.Add(await StartToReadyAsync(hostDll, lastFolder, Path.Combine(root, "seeds")));
        }
        timings.Sort();
        Console.WriteLine($"Host start to ready (Orleans silo + gateway), file store with seeds, {runs} runs: median {timings[runs / 2]:0} ms " +
                          $"(min {timings[0]:0}, max {timings[^1]:0}; target ≤ 3,000 ms); includes starting the .NET process.");

        await ReportStateSizesAsync(lastFolder!);
        Directory.Delete(lastFolder!, recursive: true);
        return 0;
    }

    private static async Task<double> StartToReadyAsync(string hostDll, string dataFolder, string seeds)
    {
        var clock = Stopwatch.StartNew();
        await using var host = await HostProcess.StartAsync(hostDll, new Dictionary<string, string>
        {
            ["Platform__Storage__Provider"] = "file",
            ["Platform__Storage__Path"] = dataFolder,
            ["Platform__Seed"] = "true",
            ["Platform__SeedsPath"] = seeds,
            // Each host process is a silo: its own free silo and gateway ports, never the defaults.
        });
        return clock.Elapsed.TotalMilliseconds;
    }

    // What Orleans's Azure Table provider accepts for one grain state in its binary format.
    private const int AzureTableStateLimit = 15 * 64 * 1024;

    private static async Task ReportStateSizesAsync(string dataFolder)
    {
        // Read after the host stopped: the store is opened on its own, only to export.
        var storage = new FileGrainStorage("report", new FileGrainStorageOptions { RootPath = dataFolder, GrainStorageSerializer = PlatformStateSerializer.Instance });
        var sizes = new List<(string Grain, int Json)>();
        // One folder per tenant (or platform-wide key), its name escaped; hashed names ("_h…") are never a tenant id.
        foreach (var tenant in Directory.GetDirectories(dataFolder).Select(Path.GetFileName).Where(n => n is not null && !n.StartsWith("_h", StringComparison.Ordinal)))
        {
            await foreach (var state in storage.ExportTenantAsync(Unescape(tenant!), CancellationToken.None))
                sizes.Add(($"{state.GrainType}/{state.Key} ({state.StateName})", Encoding.UTF8.GetByteCount(state.Json)));
        }
        Console.WriteLine($"Stored states: {sizes.Count}, JSON {sizes.Sum(s => (long)s.Json):N0} bytes.");
        Console.WriteLine($"Largest states (JSON as the serializer writes them; Orleans's Azure Table provider takes at most {AzureTableStateLimit:N0} bytes):");
        foreach (var (grain, json) in sizes.OrderByDescending(s => s.Json).Take(8))
            Console.WriteLine($"  {grain,-60} {json,10:N0} bytes ({(double)json / AzureTableStateLimit:P1} of the limit)");
    }

    // Inverse of the file store's escaping (_xx per UTF-8 byte).
    private static string Unescape(string name)
    {
        var bytes = new List<byte>();
        for (var i = 0; i < name.Length; i++)
        {
            if (name[i] == '_' && i + 2 < name.Length)
            {
                bytes.Add(byte.Parse(name.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                i += 2;
            }
            else
            {
                bytes.Add((byte)name[i]);
            }
        }
        return Encoding.UTF8.GetString([.. bytes]);
    }
}
