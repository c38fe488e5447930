using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Platform.Benchmarks;

/// <summary>The real host as a separate process on a free loopback port, for the harness's gateway figures.</summary>
public sealed class HostLauncher : IAsyncDisposable
{
    private readonly Process _process;

    private HostLauncher(Process process, int port)
    {
        _process = process;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
    }

    public Uri BaseAddress { get; }

    /// <summary>Starts the host and returns once /health/ready answers 200.</summary>
    public static async Task<HostLauncher> StartAsync(string hostDll, IReadOnlyDictionary<string, string> environment)
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
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in environment) start.Environment[key] = value;

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var host = new HostLauncher(process, port);
        using var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(1) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(120))
        {
            try
            {
                if ((await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK) return host;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
            if (process.HasExited) throw new InvalidOperationException("The host exited during start-up.");
            await Task.Delay(10);
        }
        await host.DisposeAsync();
        throw new TimeoutException("The host was not ready within 120 s.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    /// <summary>Builds the host in Release and returns its dll.</summary>
    public static async Task<string> BuildHostAsync(string root)
    {
        using var build = Process.Start(new ProcessStartInfo("dotnet", $"build \"{Path.Combine(root, "src", "Platform.Host")}\" -c Release -nologo -v:q") { WorkingDirectory = root })!;
        await build.WaitForExitAsync();
        if (build.ExitCode != 0) throw new InvalidOperationException("Building the host failed.");
        return Path.Combine(root, "src", "Platform.Host", "bin", "Release", "net10.0", "Platform.Host.dll");
    }

    public static string FindRepositoryRoot()
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
