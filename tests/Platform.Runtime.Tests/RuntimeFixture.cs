using Microsoft.Extensions.DependencyInjection;
using Platform.Testing;

namespace Platform.Runtime.Tests;

internal static class Runtimes
{
    /// <summary>A runtime with every test grain, a memory store, a probe and gates.</summary>
    public static TestRuntime Create(out Probe probe, out Gates gates, Action<GrainRuntimeOptions>? options = null, Action<GrainRuntimeBuilder>? more = null)
    {
        var p = new Probe();
        var g = new Gates();
        probe = p;
        gates = g;
        return TestRuntime.Create(
            builder =>
            {
                builder.AddGrainsFromAssembly(typeof(Runtimes).Assembly).AddMemoryGrainStorage();
                more?.Invoke(builder);
            },
            options,
            services => services.AddSingleton(p).AddSingleton(g));
    }
}
