using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Platform.Testing;

namespace Platform.Web.Tests;

/// <summary>
/// The real host (a separate process, memory store, seeds on) and Debian's Chromium, shared by
/// the tests of a class. The seeded admins' invitation links come from the host's first-start output.
/// </summary>
public sealed class WebHost : IAsyncLifetime
{
    public HostProcess Host { get; private set; } = default!;
    public IPlaywright Playwright { get; private set; } = default!;
    public IBrowser Browser { get; private set; } = default!;

    public static string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        InstallTestDeps();
        Host = await HostProcess.StartAsync(HostDll(), new Dictionary<string, string>
        {
            ["Platform__Storage__Provider"] = "memory",
            ["Platform__Seed"] = "true",
            ["Platform__OperatorKey"] = "web-tests-operator-key-0123456789",
        });
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
            // A fresh profile each run: Playwright gives every non-persistent launch its own temporary user-data dir.
        });
        Directory.CreateDirectory(ScreenshotFolder);
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
        await Host.DisposeAsync();
    }

    public string Url(string path) => new Uri(Host.BaseAddress, path).ToString();

    /// <summary>The invitation link printed for a seeded tenant's admin at first start.</summary>
    public string SeededInvitation(string tenantId)
    {
        var match = Regex.Match(Host.Output, $@"^ {Regex.Escape(tenantId)}\s+(http\S+/invitations/\S+)$", RegexOptions.Multiline);
        Assert.True(match.Success, $"no invitation link printed for {tenantId}:\n{Host.Output}");
        return new Uri(match.Groups[1].Value).PathAndQuery;
    }

    public string SeededKey(string tenantId)
    {
        var match = Regex.Match(Host.Output, $@"^ {Regex.Escape(tenantId)}\s+(ick_\S+)$", RegexOptions.Multiline);
        Assert.True(match.Success, $"no key printed for {tenantId}");
        return match.Groups[1].Value;
    }

    public async Task<IBrowserContext> NewContextAsync(int width = 1280) =>
        await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = width < 600 ? 800 : 900 }, Locale = "en-US" });

    private static string HostDll()
    {
        // tests/Platform.Web.Tests/bin/{Configuration}/net10.0 → src/Platform.Host/bin/{Configuration}/net10.0
        var here = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = here.Parent!.Name;
        var root = here;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Platform.sln"))) root = root.Parent;
        var dll = Path.Combine(root!.FullName, "src", "Platform.Host", "bin", configuration, "net10.0", "Platform.Host.dll");
        Assert.True(File.Exists(dll), $"build src/Platform.Host first: {dll}");
        return dll;
    }

    /// <summary>Debian's Chromium, through the project's own script (idempotent: nothing to do when it is there).</summary>
    private static void InstallTestDeps()
    {
        if (File.Exists("/usr/bin/chromium")) return;
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Platform.sln"))) root = root.Parent;
        using var install = Process.Start(new ProcessStartInfo("bash", Path.Combine(root!.FullName, "scripts", "install-test-deps.sh")) { UseShellExecute = false })!;
        install.WaitForExit();
        Assert.True(File.Exists("/usr/bin/chromium"), "scripts/install-test-deps.sh did not install chromium");
    }
}
