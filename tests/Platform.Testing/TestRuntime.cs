using Microsoft.Extensions.DependencyInjection;
using Platform.Runtime;

namespace Platform.Testing;

/// <summary>A runtime with a memory store and a manual clock, built the way the host builds it.</summary>
public sealed class TestRuntime : IAsyncDisposable
{
    private TestRuntime(ServiceProvider services)
    {
        Services = services;
        Runtime = services.GetRequiredService<GrainRuntime>();
        Clock = (ManualTimeProvider)services.GetRequiredService<TimeProvider>();
    }

    public ServiceProvider Services { get; }
    public GrainRuntime Runtime { get; }
    public IGrainFactory Grains => Runtime;
    public ManualTimeProvider Clock { get; }

    public static TestRuntime Create(
        Action<GrainRuntimeBuilder> configure,
        Action<GrainRuntimeOptions>? options = null,
        Action<IServiceCollection>? services = null,
        ManualTimeProvider? clock = null)
    {
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddSingleton<TimeProvider>(clock ?? new ManualTimeProvider());
        var builder = collection.AddGrainRuntime(options);
        configure(builder);
        services?.Invoke(collection);
        return new TestRuntime(collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = false }));
    }

    public async ValueTask DisposeAsync()
    {
        // Bounded, so a test that left a turn hanging fails instead of hanging the run.
        await Runtime.DeactivateAllAsync().WaitAsync(TimeSpan.FromSeconds(15));
        await Services.DisposeAsync();
    }
}
