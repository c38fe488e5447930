using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Platform.Testing;

/// <summary>
/// A real Azurite table service for the tests of one collection: installed from the repository's
/// package-lock.json (scripts/install-test-deps.sh), started on a free 127.0.0.1 port with its own
/// temporary data folder, and stoppable and restartable on the same port and folder (the outage tests).
/// </summary>
public sealed class AzuriteProcess : IAsyncDisposable
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan s_stopTimeout = TimeSpan.FromSeconds(10);
    private readonly Queue<string> _output = new();
    private readonly Lock _outputGate = new();
    private Process? _process;
    private string _azurite = "";
    private string _location = "";

    public int Port { get; private set; }

    /// <summary>Azurite's well-known development account (public, the same in every Azurite).</summary>
    public const string AccountName = "devstoreaccount1";

    /// <summary>The key of <see cref="AccountName"/>, as documented for Azurite and UseDevelopmentStorage=true.</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>Shared Key against Azurite's well-known account, path-style like the real emulator endpoint.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};TableEndpoint=http://127.0.0.1:{Port}/{AccountName};";

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Installs Azurite if needed and starts it on a free port with a new data folder.</summary>
    public static async Task<AzuriteProcess> StartNewAsync()
    {
        var azurite = new AzuriteProcess();
        await azurite.InitializeAsync();
        return azurite;
    }

    private async Task InitializeAsync()
    {
        var root = Loopback.RepositoryRoot();
        if (!File.Exists(Path.Combine(root, "package.json")))
            throw new InvalidOperationException($"No package.json next to Platform.sln in {root}: Azurite is installed from it.");
        await InstallAsync(root);
        _azurite = Path.Combine(root, "node_modules", ".bin", "azurite-table");
        _location = Directory.CreateTempSubdirectory("intercoop-azurite-").FullName;
        Port = Loopback.FreePort();
        await StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_location, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }

    /// <summary>Starts Azurite (again) on the same port and data folder; returns once the port answers.</summary>
    public async Task StartAsync()
    {
        if (IsRunning) return;
        var start = new ProcessStartInfo(_azurite)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "--tableHost", "127.0.0.1", "--tablePort", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--location", _location, "--skipApiVersionCheck", "--disableTelemetry",
                 })
            start.ArgumentList.Add(argument);

        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            Remember(e.Data);
            if (e.Data.Contains("successfully started", StringComparison.Ordinal)) started.TrySetResult();
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null) Remember(e.Data);
        };
        process.Exited += (_, _) => started.TrySetException(new InvalidOperationException($"Azurite exited early:\n{Output()}"));
        if (!process.Start()) throw new InvalidOperationException($"Could not start {_azurite}.");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        try
        {
            await started.Task.WaitAsync(s_startTimeout);
            await WaitForPortAsync();
        }
        catch (TimeoutException)
        {
            await StopAsync();
            throw new InvalidOperationException($"Azurite did not start on port {Port} within {s_startTimeout.TotalSeconds} s:\n{Output()}");
        }
    }

    /// <summary>Stops Azurite the way Ctrl+C does, so it saves its data folder; killed if it does not exit.</summary>
    public async Task StopAsync()
    {
        var process = _process;
        if (process is null) return;
        _process = null;
        try
        {
            if (!process.HasExited)
            {
                _ = NativeMethods.kill(process.Id, NativeMethods.SigInt);
                using var timeout = new CancellationTokenSource(s_stopTimeout);
                try
                {
                    await process.WaitForExitAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync();
                }
            }
        }
        finally
        {
            process.Dispose();
        }
    }

    public string Output()
    {
        lock (_outputGate) return string.Join('\n', _output);
    }

    private void Remember(string line)
    {
        lock (_outputGate)
        {
            _output.Enqueue(line);
            while (_output.Count > 200) _output.Dequeue();
        }
    }

    // The "successfully started" line comes after listen(); the connect makes "answers" literal.
    private async Task WaitForPortAsync()
    {
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await client.ConnectAsync(IPAddress.Loopback, Port, timeout.Token);
    }

    private static async Task InstallAsync(string root)
    {
        // Always run: the script returns at once unless Azurite is missing or package-lock.json changed.
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(root, "scripts", "install-test-deps.sh"));
        using var install = Process.Start(start) ?? throw new InvalidOperationException("Could not run scripts/install-test-deps.sh.");
        var stdout = install.StandardOutput.ReadToEndAsync();
        var stderr = install.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await install.WaitForExitAsync(timeout.Token);
        if (install.ExitCode != 0)
            throw new InvalidOperationException(
                $"scripts/install-test-deps.sh failed ({install.ExitCode}); Node.js and npm are needed for these tests.\n{await stdout}\n{await stderr}");
    }

    private static class NativeMethods
    {
        public const int SigInt = 2;

        [DllImport("libc", SetLastError = true)]
        internal static extern int kill(int pid, int signal);
    }
}

