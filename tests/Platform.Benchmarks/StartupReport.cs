using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Platform.Runtime;
using Platform.Storage.AzureTable;

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
        var root = FindRepositoryRoot();
        var hostDll = Path.Combine(root, "src", "Platform.Host", "bin", "Release", "net10.0", "Platform.Host.dll");
        await RunAsync("dotnet", $"build \"{Path.Combine(root, "src", "Platform.Host")}\" -c Release -nologo -v:q", root);

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
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(hostDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(hostDll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        start.Environment["Platform__Storage__Provider"] = "file";
        start.Environment["Platform__Storage__Path"] = dataFolder;
        start.Environment["Platform__Seed"] = "true";
        start.Environment["Platform__SeedsPath"] = seeds;
        start.Environment["Logging__LogLevel__Default"] = "Warning";

        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            while (clock.Elapsed < TimeSpan.FromSeconds(120))
            {
                try
                {
                    if ((await client.GetAsync($"http://127.0.0.1:{port}/health/ready")).StatusCode == HttpStatusCode.OK)
                        return clock.Elapsed.TotalMilliseconds;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                }
                if (process.HasExited) throw new InvalidOperationException("The host exited during start-up.");
                await Task.Delay(10);
            }
            throw new TimeoutException("The host was not ready within 120 s.");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
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

    private static async Task RunAsync(string file, string arguments, string workingDirectory)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { WorkingDirectory = workingDirectory })!;
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {arguments} failed ({process.ExitCode}).");
    }

    private static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "Platform.sln"))) return folder.FullName;
        throw new InvalidOperationException("Run from inside the repository.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
