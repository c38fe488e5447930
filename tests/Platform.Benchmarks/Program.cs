using BenchmarkDotNet.Running;
using Platform.Benchmarks;

// `startup [runs]`: host start-to-ready with seeds and stored state sizes.
// Anything else: every public benchmark class of this assembly; pick with --filter, e.g. --filter '*GrainCall*'.
if (args is ["startup", ..])
    return await StartupReport.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5);

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
