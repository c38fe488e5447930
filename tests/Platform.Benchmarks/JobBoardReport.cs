using System.Diagnostics;
using System.Globalization;
using Platform.Testing;

namespace Platform.Benchmarks;

/// <summary>
/// <c>jobs</c> mode of the harness (QUALITY.md "web: server render"): the public job board with
/// <see cref="OpenPostings"/> open postings (four tenants of 50, each tenant's maximum), in the real
/// host on the memory store, loaded over loopback by HttpClient in this process.
/// 1. server render time of <c>/emplois</c> and of one posting page: one request at a time, median and p95;
/// 2. requests per second of <c>/emplois</c> against <c>/health/live</c>, closed loop, same concurrency,
///    in alternating rounds of the same run (median of the per-round ratios).
/// </summary>
public static class JobBoardReport
{
    private const string OperatorKey = "jobs-benchmark-operator-key-0123456789abc";
    public const int OpenPostings = 200;
    private const int Tenants = 4;
    private const int Rounds = 3;
    private const int Connections = 32;

    public static async Task<int> RunAsync(TimeSpan duration)
    {
        var hostDll = await HostBuild.BuildHostAsync(Loopback.RepositoryRoot());
        Console.WriteLine($"Job board figures, {OpenPostings} open postings, {duration.TotalSeconds:0} s per measure, load from HttpClient in this process over loopback");
        await using var host = await HostProcess.StartAsync(hostDll, new Dictionary<string, string>
        {
            ["Platform__Storage__Provider"] = "memory",
            ["Platform__Seed"] = "false",
            ["Platform__OperatorKey"] = OperatorKey,
            ["Platform__RateLimit__PermitsPerSecond"] = "1000000",
            ["Platform__RateLimit__Burst"] = "2000000",
        });
        using var http = GatewayReport.NewClient(host);
        var postingPath = await PublishAsync(http);

        var board = Get("/emplois");
        var shown = await board(http);
        if (!shown) throw new InvalidOperationException("/emplois did not answer 200");
        var warmup = TimeSpan.FromSeconds(Math.Min(3, duration.TotalSeconds));
        await GatewayReport.ClosedLoopAsync(http, () => board, 4, warmup);

        var boardRender = await SequentialAsync(http, board, duration);
        var postingRender = await SequentialAsync(http, Get(postingPath), duration);
        Console.WriteLine($"  render /emplois        median {boardRender.Median:0.00} ms, p95 {boardRender.P95:0.00} ms ({boardRender.Count} requests one at a time; target p95 ≤ 100 ms)");
        Console.WriteLine($"  render one posting     median {postingRender.Median:0.00} ms, p95 {postingRender.P95:0.00} ms ({postingRender.Count} requests one at a time)");

        await GatewayReport.ClosedLoopAsync(http, () => GatewayReport.Get("/health/live", null), Connections, warmup);
        var rounds = new List<(double Health, double Board)>();
        for (var round = 0; round < Rounds; round++)
            rounds.Add((await GatewayReport.ClosedLoopAsync(http, () => GatewayReport.Get("/health/live", null), Connections, duration),
                        await GatewayReport.ClosedLoopAsync(http, () => board, Connections, duration)));
        var ratio = GatewayReport.Median(rounds.Select(r => r.Board / r.Health));
        Console.WriteLine($"  /health/live           {GatewayReport.Median(rounds.Select(r => r.Health)):N0} req/s (median of {Rounds} rounds, {Connections} connections)");
        Console.WriteLine($"  /emplois               {GatewayReport.Median(rounds.Select(r => r.Board)):N0} req/s (median of {Rounds} rounds) = {ratio:P0} of /health/live, median of the per-round ratios " +
                          $"({string.Join(", ", rounds.Select(r => (r.Board / r.Health).ToString("P0", CultureInfo.InvariantCulture)))})");
        return 0;
    }

    /// <summary>Four organisations with 50 open postings each, as their admins would publish them; returns one posting's page.</summary>
    private static async Task<string> PublishAsync(HttpClient http)
    {
        var applyBy = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(60).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        string? first = null;
        for (var t = 0; t < Tenants; t++)
        {
            var tenantId = $"bench-jobs-{t}";
            var created = await HarnessHttp.SendAsync(http, HttpMethod.Post, "/api/v1/tenants", OperatorKey,
                new { id = tenantId, kind = t % 2 == 0 ? "federation" : "organization", name = new { fr = $"Réseau d'essai {t}", en = $"Test network {t}" }, region = t % 2 == 0 ? "06" : "05" });
            var key = created.GetProperty("adminKey").GetString()!;
            for (var r = 0; r < OpenPostings / Tenants; r++)
            {
                var roleId = $"poste-{r}";
                first ??= $"/emplois/{tenantId}/{roleId}";
                await HarnessHttp.SendAsync(http, HttpMethod.Put, $"/api/v1/tenants/{tenantId}/roles/{roleId}", key, new
                {
                    title = new { fr = $"Coordination de projets {r}", en = $"Project coordinator {r}" },
                    conditions = new { hoursPerWeek = 28 + r % 10, salary = new { min = 24 + r % 7, max = 30 + r % 7, per = "hour" } },
                    posting = new
                    {
                        status = "open",
                        applyBy,
                        description = new { fr = "Coordonner les projets du réseau avec les membres.", en = "Coordinate the network's projects with its members." },
                        requirements = new[] { new { fr = "Expérience en gestion de projets.", en = "Project management experience." } },
                        howToApply = new { fr = "Écrire à l'équipe.", en = "Write to the team." },
                        languages = r % 3 == 0 ? new[] { "fr", "en" } : new[] { "fr" },
                    },
                });
            }
        }
        return first!;
    }

    private static Func<HttpClient, Task<bool>> Get(string path) => GatewayReport.Get(path, null);

    private sealed record Timings(double Median, double P95, int Count);

    private static async Task<Timings> SequentialAsync(HttpClient http, Func<HttpClient, Task<bool>> send, TimeSpan duration)
    {
        var times = new List<double>();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            var started = Stopwatch.GetTimestamp();
            if (!await send(http)) throw new InvalidOperationException("a job board page did not answer 200");
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        return new Timings(GatewayReport.Percentile(times, 0.5), GatewayReport.Percentile(times, 0.95), times.Count);
    }
}
