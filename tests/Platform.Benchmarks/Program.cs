using BenchmarkDotNet.Running;

// Every public benchmark class of this assembly; pick with --filter, e.g. --filter '*GrainCall*'.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
