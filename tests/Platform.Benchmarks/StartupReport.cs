using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Platform.Runtime;
using Platform.Storage.AzureTable;

using Platform.Testing;

namespace Platform.Benchmarks;

/// <summary>
/// <c>startup</c> mode of the harness: starts the real host on a fresh file store with the seeds,
/// several times, and reports start-to-ready (process start until /health/ready answers 200;
/// QUALITY.md target ≤ 3 s), then the largest stored states before and after the Brotli
/// compression the Azure Table store applies.
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
        Console.WriteLine($"Host start to ready, file store with seeds, {runs} runs: median {timings[runs / 2]:0} ms " +
                          $"(min {timings[0]:0}, max {timings[^1]:0}); includes starting the .NET process.");

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
        });
        return clock.Elapsed.TotalMilliseconds;
    }

    private static async Task ReportStateSizesAsync(string dataFolder)
    {
        var storage = new FileGrainStorage(dataFolder, new GrainStateSerializer([]));
        var sizes = new List<(string Grain, int Json, int Compressed)>();
        foreach (var partition in Directory.GetDirectories(dataFolder).Select(d => Unescape(Path.GetFileName(d))))
        {
            await foreach (var state in storage.ExportPartitionAsync(partition, CancellationToken.None))
            {
                var json = Encoding.UTF8.GetBytes(state.Json);
                var compressed = StateEntity.Compress(json, new GrainId(state.GrainType, state.Key), state.StateName);
                sizes.Add(($"{state.GrainType}/{state.Key} ({state.StateName})", json.Length, compressed.Length));
            }
        }
        Console.WriteLine($"Stored states: {sizes.Count}, JSON {sizes.Sum(s => (long)s.Json):N0} bytes, Brotli {sizes.Sum(s => (long)s.Compressed):N0} bytes.");
        Console.WriteLine("Largest states (JSON → Brotli as stored in Azure Table entities, limit 983,040 bytes):");
        foreach (var (grain, json, compressed) in sizes.OrderByDescending(s => s.Json).Take(8))
            Console.WriteLine($"  {grain,-60} {json,10:N0} → {compressed,9:N0} bytes ({(double)compressed / json:P0})");
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
