using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.Serialization.Serializers;
using Orleans.Storage;
using Platform.Abstractions.Storage;

namespace Platform.Storage.FileStore;

/// <summary>
/// Registers the file store on a silo the way Orleans's own providers are registered: named
/// options, a keyed <see cref="IGrainStorage"/> singleton (the default one under
/// <see cref="ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME"/>, also unkeyed), a lifecycle
/// participant. The same instance is also the <see cref="ITenantStateStore"/> of that name (and,
/// for the default provider, the unkeyed one), and is resolvable as the keyed <see cref="FileGrainStorage"/>.
/// </summary>
public static class FileGrainStorageSiloBuilderExtensions
{
    /// <summary>Adds the file store as the default grain storage.</summary>
    public static ISiloBuilder AddFileGrainStorageAsDefault(this ISiloBuilder builder, Action<FileGrainStorageOptions> configureOptions) =>
        builder.AddFileGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configureOptions);

    /// <summary>Adds the file store as the default grain storage, its options from an options builder (binding, validation).</summary>
    public static ISiloBuilder AddFileGrainStorageAsDefault(this ISiloBuilder builder, Action<OptionsBuilder<FileGrainStorageOptions>>? configureOptions = null) =>
        builder.AddFileGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configureOptions);

    /// <summary>Adds a file store under <paramref name="name"/> (the <c>storageName</c> of <c>[PersistentState]</c>).</summary>
    public static ISiloBuilder AddFileGrainStorage(this ISiloBuilder builder, string name, Action<FileGrainStorageOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(configureOptions);
        return builder.AddFileGrainStorage(name, optionsBuilder => optionsBuilder.Configure(configureOptions));
    }

    /// <summary>Adds a file store under <paramref name="name"/>, its options from an options builder (binding, validation).</summary>
    public static ISiloBuilder AddFileGrainStorage(this ISiloBuilder builder, string name, Action<OptionsBuilder<FileGrainStorageOptions>>? configureOptions = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        builder.Services.AddFileGrainStorage(name, configureOptions);
        return builder;
    }

    internal static IServiceCollection AddFileGrainStorage(this IServiceCollection services, string name, Action<OptionsBuilder<FileGrainStorageOptions>>? configureOptions)
    {
        configureOptions?.Invoke(services.AddOptions<FileGrainStorageOptions>(name));
        services.AddTransient<IConfigurationValidator>(sp =>
            new FileGrainStorageOptionsValidator(sp.GetRequiredService<IOptionsMonitor<FileGrainStorageOptions>>().Get(name), name));
        // Fills GrainStorageSerializer when unset: the serializer keyed by this name, else the silo's default.
        services.AddTransient<IPostConfigureOptions<FileGrainStorageOptions>, DefaultStorageProviderSerializerOptionsConfigurator<FileGrainStorageOptions>>();
        services.ConfigureNamedOptionForLogging<FileGrainStorageOptions>(name);

        services.AddKeyedSingleton(name, static (sp, key) => Create(sp, (string)key!));
        services.AddKeyedSingleton<ITenantStateStore>(name, static (sp, key) => sp.GetRequiredKeyedService<FileGrainStorage>(key));
        if (string.Equals(name, ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, StringComparison.Ordinal))
            services.TryAddSingleton<ITenantStateStore>(static sp => sp.GetRequiredKeyedService<FileGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME));
        // Keyed IGrainStorage (and the unkeyed default), and the lifecycle participant.
        return services.AddGrainStorage(name, static (sp, key) => sp.GetRequiredKeyedService<FileGrainStorage>(key));
    }

    private static FileGrainStorage Create(IServiceProvider services, string name) =>
        new(name,
            services.GetRequiredService<IOptionsMonitor<FileGrainStorageOptions>>().Get(name),
            services.GetService<IActivatorProvider>(),
            services.GetService<ILogger<FileGrainStorage>>());
}
