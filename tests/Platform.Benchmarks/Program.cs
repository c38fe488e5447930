using System.Globalization;
using BenchmarkDotNet.Running;
using Platform.Benchmarks;

// `startup [runs]`: host start-to-ready with seeds and stored state sizes.
// `gateway [seconds]`: gateway throughput, latency at 1,000 req/s and the noisy-neighbour figure.
// Anything else: every public benchmark class of this assembly; pick with --filter, e.g. --filter '*GrainCall*'.
if (args is ["startup", ..])
    return await StartupReport.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5);

if (args is ["gateway", ..])
    return await GatewayReport.RunAsync(TimeSpan.FromSeconds(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10));

MeasuredColumn.ForgetAll();
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, HarnessConfig.Create());
return 0;
