using System.Diagnostics;

namespace Platform.Benchmarks;

/// <summary>Builds the host the harness starts (with <see cref="Platform.Testing.HostProcess"/>).</summary>
public static class HostBuild
{
    /// <summary>Builds the host in Release and returns its dll.</summary>
    public static async Task<string> BuildHostAsync(string root)
    {
        using var build = Process.Start(new ProcessStartInfo("dotnet", $"build \"{Path.Combine(root, "src", "Platform.Host")}\" -c Release -nologo -v:q") { WorkingDirectory = root })!;
        await build.WaitForExitAsync();
        if (build.ExitCode != 0) throw new InvalidOperationException("Building the host failed.");
        return Path.Combine(root, "src", "Platform.Host", "bin", "Release", "net10.0", "Platform.Host.dll");
    }
}
