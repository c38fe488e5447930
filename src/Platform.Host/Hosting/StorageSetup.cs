using Azure.Data.Tables;
using Orleans.Providers;
using Orleans.Storage;
using Platform.Abstractions.Storage;
using Platform.Grains.Storage;
using Platform.Host.Configuration;
using Platform.Storage.AzureTable;
using Platform.Storage.FileStore;

namespace Platform.Host.Hosting;

/// <summary>The grain store the configuration names, with the tenant-level operations beside it.</summary>
public static class StorageSetup
{
    public const string Default = ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME;

    public static ISiloBuilder AddPlatformStorage(this ISiloBuilder silo, PlatformOptions platform)
    {
        switch (platform.Storage.Provider)
        {
            case StorageProvider.Memory:
                silo.AddPlatformMemoryStorage();
                break;
            case StorageProvider.AzureTable:
                silo.AddPlatformAzureTableStorageAsDefault(PlatformTableClients.Settings(platform.Storage));
                break;
            default:
                silo.AddFileGrainStorageAsDefault(options => options.RootPath = Path.GetFullPath(platform.Storage.Path));
                break;
        }
        return silo;
    }
}

/// <summary>One Azure Table account for grain storage and cluster membership alike.</summary>
public static class PlatformTableClients
{
    /// <summary>The connection string (Azurite, a keyed account) or, in Azure, the table endpoint with the app's managed identity.</summary>
    public static PlatformTableStorageSettings Settings(StorageOptions storage) => new()
    {
        ConnectionString = string.IsNullOrWhiteSpace(storage.ConnectionString) ? null : storage.ConnectionString,
        TableEndpoint = string.IsNullOrWhiteSpace(storage.TableEndpoint) ? null : new Uri(storage.TableEndpoint),
        TableName = storage.TableName,
    };

    public static TableServiceClient Create(StorageOptions storage) => TableServiceClients.Create(Settings(storage));
}
