using System.Net;
using System.Net.Sockets;

namespace Platform.Testing;

/// <summary>What the processes tests start (the host, Azurite) need from their surroundings.</summary>
public static class Loopback
{
    // Below Linux's ephemeral range (32768–60999 by default). A port the OS hands out for bind(0)
    // is one it may hand out again, seconds later, as the local end of some outgoing connection
    // (Chromium, an HTTP client, a silo's messaging) before the process it was meant for binds
    // it: that process then fails to start. Ports below the range are only ever taken on purpose.
    private const int FirstPort = 20_000;
    private const int LastPort = 32_000;
    private static readonly HashSet<int> s_given = [];

    /// <summary>
    /// A port free on 127.0.0.1 right now, outside the ephemeral range and never given twice by
    /// this process, for a process the test starts to listen on.
    /// </summary>
    public static int FreePort()
    {
        lock (s_given)
        {
            for (var attempt = 0; attempt < 200; attempt++)
            {
                var port = Random.Shared.Next(FirstPort, LastPort);
                if (s_given.Contains(port) || !CanListenOn(port)) continue;
                s_given.Add(port);
                return port;
            }
        }
        throw new InvalidOperationException($"No free port between {FirstPort} and {LastPort} after 200 tries.");
    }

    private static bool CanListenOn(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>The repository root: the nearest folder above the test binaries holding Platform.sln.</summary>
    public static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "Platform.sln"))) return folder.FullName;
        throw new InvalidOperationException($"No Platform.sln above {AppContext.BaseDirectory}.");
    }
}
