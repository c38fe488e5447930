using System.Globalization;
using BenchmarkDotNet.Running;
using Platform.Benchmarks;

// `startup [runs]`: host start-to-ready with seeds and stored state sizes.
// `gateway [seconds]`: gateway throughput, latency at 1,000 req/s and the noisy-neighbour figure.
// `jobs [seconds]`: the public job board with 200 open postings: server render median and p95, /emplois req/s against /health/live.
// `failover [runs] [hosts] [--memory-store]`: SIGKILL of the host holding a grain, until a survivor serves it (Azurite, 2 or 3 hosts;
//   --memory-store: cluster-only check, membership on Azurite but each host on its own memory store).
// `web [samples]`: server render time of the dashboard and the members table, and the browser's time to the dashboard's charts.
// Anything else: every public benchmark class of this assembly; pick with --filter, e.g. --filter '*GrainCall*'.
if (args is ["startup", ..])
    return await StartupReport.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5);

if (args is ["gateway", ..])
    return await GatewayReport.RunAsync(TimeSpan.FromSeconds(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10));

if (args is ["web", ..])
    return await WebReport.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200);

if (args is ["jobs", ..])
    return await JobBoardReport.RunAsync(TimeSpan.FromSeconds(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10));

if (args is ["failover", ..])
{
    var numbers = args.Skip(1).Where(a => !a.StartsWith("--", StringComparison.Ordinal)).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToList();
    return await FailoverReport.RunAsync(numbers.ElementAtOrDefault(0) is > 0 and var runs ? runs : 3, numbers.ElementAtOrDefault(1) is > 0 and var hosts ? hosts : 2,
        memoryStore: args.Contains("--memory-store"));
}

MeasuredColumn.ForgetAll();
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, HarnessConfig.Create());
return 0;
