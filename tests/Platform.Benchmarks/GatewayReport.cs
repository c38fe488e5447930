using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

using Platform.Testing;

namespace Platform.Benchmarks;

/// <summary>
/// <c>gateway</c> mode of the harness (QUALITY.md): the real host (an Orleans silo co-hosting the
/// gateway) in its own process on the memory store, loaded over loopback by HttpClient workers in this process (the same load tool for every
/// figure; on a 2-core machine the load generator and the server share the cores).
/// 1. authenticated GET of a warm member vs GET /health/live, closed loop, same concurrency, after a
///    warm-up, in alternating rounds (median of the per-round ratios);
/// 2. latency percentiles of the member GET at a fixed 1,000 requests/s;
/// 3. noisy neighbour: one tenant's p99 at 200 req/s, quiet and while another tenant floods.
/// </summary>
public static class GatewayReport
{
    private const string OperatorKey = "gateway-benchmark-operator-key-0123456789";

    public static async Task<int> RunAsync(TimeSpan duration)
    {
        var hostDll = await HostBuild.BuildHostAsync(Loopback.RepositoryRoot());
        Console.WriteLine($"Gateway figures, {duration.TotalSeconds:0} s per measure, load from HttpClient in this process over loopback");

        // Throughput and latency: limits far above the load, so the limiter never shapes the figure.
        await using (var host = await StartAsync(hostDll, permitsPerSecond: 1_000_000))
        {
            using var http = NewClient(host);
            var quiet = await CreateFederationWithMemberAsync(http, "bench-quiet");
            // Warm both paths up (JIT tiers, connection pool), then alternate them: machines are shared, so the
            // ratio of each round (measured back to back) is what is compared, and its median is reported.
            var warmup = TimeSpan.FromSeconds(Math.Min(3, duration.TotalSeconds));
            await ClosedLoopAsync(http, () => Get("/health/live", null), 32, warmup);
            await ClosedLoopAsync(http, () => Get(quiet.MemberUrl, quiet.Key), 32, warmup);
            var rounds = new List<(double Health, double Member)>();
            for (var round = 0; round < Rounds; round++)
                rounds.Add((await ClosedLoopAsync(http, () => Get("/health/live", null), 32, duration),
                            await ClosedLoopAsync(http, () => Get(quiet.MemberUrl, quiet.Key), 32, duration)));
            var health = Median(rounds.Select(r => r.Health));
            var member = Median(rounds.Select(r => r.Member));
            var ratio = Median(rounds.Select(r => r.Member / r.Health));
            Console.WriteLine($"  /health/live           {health:N0} req/s (median of {Rounds} rounds, 32 connections)");
            Console.WriteLine($"  GET member (auth)      {member:N0} req/s (median of {Rounds} rounds) = {ratio:P0} of /health/live, median of the per-round ratios " +
                              $"({string.Join(", ", rounds.Select(r => (r.Member / r.Health).ToString("P0", System.Globalization.CultureInfo.InvariantCulture)))}; target ≥ 60 %, aim 75 %)");
            var fixedRate = await OpenLoopAsync(http, () => Get(quiet.MemberUrl, quiet.Key), 1_000, duration);
            Console.WriteLine($"  GET member at 1,000/s  p50 {fixedRate.P50:0.00} ms, p99 {fixedRate.P99:0.00} ms (target p99 < 5 ms), errors {fixedRate.Errors}");
        }

        // Noisy neighbour: the default per-tenant limit (200/s, burst 400) is what protects the quiet tenant.
        await using (var host = await StartAsync(hostDll, permitsPerSecond: 200))
        {
            using var http = NewClient(host);
            var quiet = await CreateFederationWithMemberAsync(http, "bench-quiet");
            var noisy = await CreateFederationWithMemberAsync(http, "bench-noisy");
            var alone = await OpenLoopAsync(http, () => Get(quiet.MemberUrl, quiet.Key), 100, duration);
            using var stopFlood = new CancellationTokenSource();
            var flood = ClosedLoopAsync(http, () => Get(noisy.MemberUrl, noisy.Key), 16, duration + TimeSpan.FromSeconds(2), stopFlood.Token);
            await Task.Delay(500);
            var neighbour = await OpenLoopAsync(http, () => Get(quiet.MemberUrl, quiet.Key), 100, duration);
            await stopFlood.CancelAsync();
            await flood;
            Console.WriteLine($"  noisy neighbour        quiet tenant (100 req/s) p99 {alone.P99:0.00} ms alone, {neighbour.P99:0.00} ms while another " +
                              $"tenant floods with 16 connections = {neighbour.P99 / alone.P99:0.0}× (target ≤ 2×); quiet tenant errors {neighbour.Errors}");
        }
        return 0;
    }

    private const int Rounds = 3;

    internal static double Median(IEnumerable<double> values) => Percentile(values, 0.5);

    /// <summary>The sample at fraction <paramref name="p"/> of the sorted values (0.5: the median; 0.95: p95); every timing mode reports with it.</summary>
    internal static double Percentile(IEnumerable<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * p))];
    }

    private static Task<HostProcess> StartAsync(string hostDll, int permitsPerSecond) =>
        HostProcess.StartAsync(hostDll, new Dictionary<string, string>
        {
            ["Platform__Storage__Provider"] = "memory",
            ["Platform__Seed"] = "false",
            ["Platform__OperatorKey"] = OperatorKey,
            ["Platform__RateLimit__PermitsPerSecond"] = permitsPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Platform__RateLimit__Burst"] = (permitsPerSecond * 2).ToString(System.Globalization.CultureInfo.InvariantCulture),
            // Each host process is a silo: its own free silo and gateway ports, never the defaults.
        });

    internal static HttpClient NewClient(HostProcess host) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) }) { BaseAddress = host.BaseAddress };

    private sealed record Target(string Key, string MemberUrl);

    private static async Task<Target> CreateFederationWithMemberAsync(HttpClient http, string id)
    {
        var created = await HarnessHttp.SendAsync(http, HttpMethod.Post, "/api/v1/tenants", OperatorKey,
            new { id, kind = "federation", name = new { fr = id, en = id } });
        var key = created.GetProperty("adminKey").GetString()!;
        var member = await HarnessHttp.SendAsync(http, HttpMethod.Post, $"/api/v1/tenants/{id}/members", key,
            new { name = "Coopérative de travail du banc d'essai", type = "worker", region = "06", joinedOn = "2024-05-01" });
        var url = $"/api/v1/tenants/{id}/members/{member.GetProperty("id").GetString()}";
        await HarnessHttp.SendAsync(http, HttpMethod.Get, url, key, null);
        return new Target(key, url);
    }


    internal static Func<HttpClient, Task<bool>> Get(string url, string? key) => async http =>
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (key is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await http.SendAsync(request);
        return response.IsSuccessStatusCode;
    };

    internal static async Task<double> ClosedLoopAsync(HttpClient http, Func<Func<HttpClient, Task<bool>>> request, int workers, TimeSpan duration, CancellationToken stop = default)
    {
        var send = request();
        var count = 0L;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            while (clock.Elapsed < duration && !stop.IsCancellationRequested)
                if (await send(http)) Interlocked.Increment(ref count);
        })));
        return count / clock.Elapsed.TotalSeconds;
    }

    private sealed record Latencies(double P50, double P99, int Errors);

    private static async Task<Latencies> OpenLoopAsync(HttpClient http, Func<Func<HttpClient, Task<bool>>> request, int perSecond, TimeSpan duration)
    {
        var send = request();
        var total = (int)(perSecond * duration.TotalSeconds);
        var latencies = new double[total];
        var errors = 0;
        var clock = Stopwatch.StartNew();
        var inFlight = new List<Task>(total);
        for (var i = 0; i < total; i++)
        {
            // Requests leave on schedule whatever the answers do (no coordinated omission).
            var due = TimeSpan.FromSeconds((double)i / perSecond);
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1)) await Task.Delay(wait);
            var index = i;
            inFlight.Add(Task.Run(async () =>
            {
                var started = Stopwatch.GetTimestamp();
                var ok = await send(http);
                latencies[index] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (!ok) Interlocked.Increment(ref errors);
            }));
        }
        await Task.WhenAll(inFlight);
        Array.Sort(latencies);
        return new Latencies(latencies[total / 2], latencies[(int)(total * 0.99)], errors);
    }
}
