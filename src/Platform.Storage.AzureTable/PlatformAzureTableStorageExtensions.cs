using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Configuration.Overrides;
using Orleans.Hosting;
using Orleans.Metadata;
using Orleans.Providers;
using Orleans.Runtime;
using Orleans.Storage;
using Platform.Abstractions.Storage;

namespace Platform.Storage.AzureTable;

public static class PlatformAzureTableStorageExtensions
{
    /// <summary><see cref="AddPlatformAzureTableStorage"/> under Orleans's default storage name, also as the unnamed <see cref="ITenantStateStore"/>.</summary>
    public static ISiloBuilder AddPlatformAzureTableStorageAsDefault(this ISiloBuilder builder, PlatformTableStorageSettings settings) =>
        builder.AddPlatformAzureTableStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, settings);

    /// <summary>
    /// Orleans's Azure Table grain storage under <paramref name="name"/>, configured for the platform: one
    /// <see cref="Azure.Data.Tables.TableServiceClient"/> from <paramref name="settings"/> (retries and timeouts that
    /// fail fast), binary format, a cleared state deletes its row, the ServiceId of the silo's
    /// <see cref="ClusterOptions"/>, the storage serializer Orleans resolves (a keyed <see cref="IGrainStorageSerializer"/>
    /// under <paramref name="name"/>, else the default one), checked at silo start to write JSON without <c>$type</c>.
    /// Registers, all keyed by <paramref name="name"/>: <see cref="IGrainStorage"/> (a
    /// <see cref="PlatformAzureTableGrainStorage"/> over the stock provider), <see cref="AzureTableTenantStateStore"/>
    /// and <see cref="ITenantStateStore"/>. The settings are checked here, so a wrong one fails at startup.
    /// </summary>
    public static ISiloBuilder AddPlatformAzureTableStorage(this ISiloBuilder builder, string name, PlatformTableStorageSettings settings)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(settings);
        var client = TableServiceClients.Create(settings);
        var tableName = settings.TableName;
        var grainTypes = settings.GrainTypes?.ToArray();
        var healthCheckTimeout = settings.HealthCheckTimeout;
        var compress = settings.Compress;

        builder.AddAzureTableGrainStorage(name, (OptionsBuilder<AzureTableStorageOptions> options) => options.Configure<IServiceProvider>((options, sp) =>
        {
            options.TableServiceClient = client;
            options.TableName = tableName;
            // Binary: the string format silently truncates states over 491,520 characters.
            options.UseStringFormat = false;
            // A cleared state leaves no row behind, as in the file store (and nothing for export to show).
            options.DeleteStateOnClear = true;
            // JSON (the keyed serializer of this storage, else the platform's), compressed to fit large states in one entity.
            var json = sp.GetKeyedService<IGrainStorageSerializer>(name) ?? sp.GetRequiredService<IGrainStorageSerializer>();
            options.GrainStorageSerializer = compress ? new CompressedStateSerializer(json) : json;
        }));

        var services = builder.Services;
        // Registered after the stock provider, so this is the IGrainStorage the name resolves to; the stock
        // registration's lifecycle participant resolves it too and is forwarded to the stock provider.
        services.AddKeyedSingleton<IGrainStorage>(name, (sp, _) => new PlatformAzureTableGrainStorage(name, AzureTableGrainStorageFactory.Create(sp, name)));
        services.AddKeyedSingleton(name, (sp, _) => new AzureTableTenantStateStore(
            client.GetTableClient(tableName),
            sp.GetProviderClusterOptions(name).Value.ServiceId,
            grainTypes is null ? ManifestGrainTypes(sp.GetRequiredService<IClusterManifestProvider>()) : () => grainTypes,
            // Reads plain and compressed rows alike, whichever serializer the options hold.
            () => sp.GetRequiredService<IOptionsMonitor<AzureTableStorageOptions>>().Get(name).GrainStorageSerializer is var serializer && serializer is CompressedStateSerializer
                ? serializer
                : new CompressedStateSerializer(serializer),
            healthCheckTimeout));
        services.AddKeyedSingleton<ITenantStateStore>(name, (sp, _) => sp.GetRequiredKeyedService<AzureTableTenantStateStore>(name));
        if (name == ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME)
            services.TryAddSingleton(sp => sp.GetRequiredKeyedService<ITenantStateStore>(name));
        services.AddTransient<IConfigurationValidator>(sp => new JsonStorageSerializerValidator(
            name, sp.GetRequiredService<IOptionsMonitor<AzureTableStorageOptions>>().Get(name).GrainStorageSerializer is CompressedStateSerializer compressed
                ? compressed.Json
                : sp.GetRequiredService<IOptionsMonitor<AzureTableStorageOptions>>().Get(name).GrainStorageSerializer));
        return builder;
    }

    /// <summary>
    /// Every grain type any silo of the cluster hosts, Orleans's own left out (<c>sys.*</c>, and the grain classes
    /// of Orleans's namespaces: management, reminders, streams, memory storage, … which never hold tenant keys).
    /// </summary>
    private static Func<IEnumerable<string>> ManifestGrainTypes(IClusterManifestProvider manifest) => () =>
        manifest.Current.AllGrainManifests.Append(manifest.LocalGrainManifest)
            .SelectMany(m => m.Grains)
            .Where(grain => !grain.Value.Properties.TryGetValue(WellKnownGrainTypeProperties.FullTypeName, out var typeName)
                            || !typeName.StartsWith("Orleans.", StringComparison.Ordinal))
            .Select(grain => grain.Key.ToString()!)
            .Where(type => !type.StartsWith("sys.", StringComparison.Ordinal));

    /// <summary>
    /// Refuses, at silo start, a storage serializer whose output is not JSON or carries <c>$type</c>: Orleans's
    /// default (Newtonsoft.Json with TypeNameHandling.All) writes assembly-qualified type names into every row, which
    /// ties stored data to assembly and namespace names, and tenant export reads rows as JSON.
    /// </summary>
    private sealed class JsonStorageSerializerValidator(string name, IGrainStorageSerializer serializer) : IConfigurationValidator
    {
        public void ValidateConfiguration()
        {
            string json;
            try
            {
                json = serializer.Serialize(new SerializerProbe()).ToString();
                using var _ = JsonDocument.Parse(json);
            }
            catch (Exception e)
            {
                throw Refused("does not write JSON", e);
            }
            if (json.Contains("\"$type\"", StringComparison.Ordinal))
                throw Refused($"writes type names into the stored JSON ({json})", null);
        }

        private OrleansConfigurationException Refused(string why, Exception? cause) => new(
            $"The grain storage serializer of Azure Table storage '{name}' ({serializer.GetType().FullName}) {why}. " +
            "Register a System.Text.Json IGrainStorageSerializer (for example UseSystemTextJsonGrainStorageSerializer(), or one keyed by the storage name).",
            cause!);
    }

    private sealed class SerializerProbe
    {
        public string Name { get; set; } = "probe";
        public int[] Values { get; set; } = [1, 2];
    }
}
