using System.Reflection;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Platform.Runtime;

/// <summary>Registers grains, stores and filters with the runtime.</summary>
public sealed class GrainRuntimeBuilder(IServiceCollection services)
{
    public IServiceCollection Services { get; } = services;

    /// <summary>Makes one grain class known.</summary>
    public GrainRuntimeBuilder AddGrain<TGrain>() where TGrain : Grain => AddGrain(typeof(TGrain));

    public GrainRuntimeBuilder AddGrain(Type grainClass)
    {
        if (!typeof(Grain).IsAssignableFrom(grainClass) || grainClass.IsAbstract)
            throw new ArgumentException($"{grainClass.Name} is not a concrete grain class.", nameof(grainClass));
        Services.AddSingleton(new GrainClassRegistration(grainClass));
        return this;
    }

    /// <summary>Makes every concrete grain class of an assembly known.</summary>
    public GrainRuntimeBuilder AddGrainsFromAssembly(Assembly assembly)
    {
        foreach (var type in assembly.GetTypes().Where(t => typeof(Grain).IsAssignableFrom(t) && !t.IsAbstract && t.IsClass))
            AddGrain(type);
        return this;
    }

    public GrainRuntimeBuilder AddMemoryGrainStorage(string name = GrainStorageNames.Default)
    {
        Services.AddKeyedSingleton<MemoryGrainStorage>(name, (sp, _) => new MemoryGrainStorage(sp.GetRequiredService<GrainStateSerializer>()));
        return AddStorageAliases<MemoryGrainStorage>(name);
    }

    public GrainRuntimeBuilder AddFileGrainStorage(string path, string name = GrainStorageNames.Default)
    {
        Services.AddKeyedSingleton<FileGrainStorage>(name, (sp, _) => new FileGrainStorage(path, sp.GetRequiredService<GrainStateSerializer>()));
        return AddStorageAliases<FileGrainStorage>(name);
    }

    /// <summary>Registers a store class under a name, as both <see cref="IGrainStorage"/> and <see cref="IGrainStorageAdmin"/>.</summary>
    public GrainRuntimeBuilder AddGrainStorage<TStorage>(string name, Func<IServiceProvider, TStorage> factory)
        where TStorage : class, IGrainStorage, IGrainStorageAdmin
    {
        Services.AddKeyedSingleton<TStorage>(name, (sp, _) => factory(sp));
        return AddStorageAliases<TStorage>(name);
    }

    private GrainRuntimeBuilder AddStorageAliases<TStorage>(string name) where TStorage : class, IGrainStorage, IGrainStorageAdmin
    {
        Services.AddKeyedSingleton<IGrainStorage>(name, (sp, key) => sp.GetRequiredKeyedService<TStorage>(key));
        Services.AddKeyedSingleton<IGrainStorageAdmin>(name, (sp, key) => sp.GetRequiredKeyedService<TStorage>(key));
        return this;
    }

    /// <summary>Adds a filter that runs around every grain call, in registration order.</summary>
    public GrainRuntimeBuilder AddIncomingGrainCallFilter<TFilter>() where TFilter : class, IIncomingGrainCallFilter
    {
        Services.AddSingleton<IIncomingGrainCallFilter, TFilter>();
        return this;
    }

    /// <summary>Adds a JSON converter used for every grain state (e.g. enums as strings).</summary>
    public GrainRuntimeBuilder AddStateConverter(System.Text.Json.Serialization.JsonConverter converter)
    {
        Services.AddSingleton(converter);
        return this;
    }

    /// <summary>Adds a source-generated JSON context for grain states.</summary>
    public GrainRuntimeBuilder AddStateSerializerContext(IJsonTypeInfoResolver resolver)
    {
        Services.AddSingleton(resolver);
        return this;
    }
}

public static class GrainRuntimeServiceCollectionExtensions
{
    /// <summary>Adds the grain runtime (factory, catalog, idle collection) to a service collection.</summary>
    public static GrainRuntimeBuilder AddGrainRuntime(this IServiceCollection services, Action<GrainRuntimeOptions>? configure = null)
    {
        var options = services.AddOptions<GrainRuntimeOptions>();
        if (configure is not null) options.Configure(configure);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<GrainStateSerializer>();
        services.TryAddSingleton(sp => new GrainRuntime(
            sp,
            sp.GetRequiredService<IOptions<GrainRuntimeOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetServices<GrainClassRegistration>(),
            sp.GetServices<IIncomingGrainCallFilter>(),
            sp.GetService<ILogger<GrainRuntime>>() ?? Microsoft.Extensions.Logging.Abstractions.NullLogger<GrainRuntime>.Instance));
        services.TryAddSingleton<IGrainFactory>(sp => sp.GetRequiredService<GrainRuntime>());
        services.AddHostedService<GrainRuntimeService>();
        return new GrainRuntimeBuilder(services);
    }
}

/// <summary>Runs idle collection on a timer and deactivates every grain on shutdown (so OnDeactivateAsync runs).</summary>
internal sealed class GrainRuntimeService(GrainRuntime runtime) : IHostedService, IAsyncDisposable
{
    private ITimer? _timer;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var quantum = runtime.Options.CollectionQuantum;
        _timer = runtime.TimeProvider.CreateTimer(_ => _ = runtime.CollectIdleActivationsAsync(), null, quantum, quantum);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_timer is not null) await _timer.DisposeAsync().ConfigureAwait(false);
        await runtime.DeactivateAllAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_timer is not null) await _timer.DisposeAsync().ConfigureAwait(false);
    }
}
