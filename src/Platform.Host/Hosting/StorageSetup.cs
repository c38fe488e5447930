using Azure.Data.Tables;
using Azure.Identity;
using Orleans.Providers;
using Orleans.Storage;
using Platform.Abstractions.Storage;
using Platform.Grains.Storage;
using Platform.Host.Configuration;
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
                throw new NotSupportedException("azuretable storage is being moved onto Orleans's provider.");
            default:
                silo.AddFileGrainStorageAsDefault(options => options.RootPath = Path.GetFullPath(platform.Storage.Path));
                break;
        }
        return silo;
    }
}

/// <summary>One Azure Table client for grain storage and cluster membership alike.</summary>
public static class PlatformTableClients
{
    /// <summary>From the connection string (Azurite, a keyed account) or, in Azure, the table endpoint with the app's managed identity.</summary>
    public static TableServiceClient Create(StorageOptions storage)
    {
        if (!string.IsNullOrWhiteSpace(storage.ConnectionString)) return new TableServiceClient(storage.ConnectionString);
        if (!string.IsNullOrWhiteSpace(storage.TableEndpoint)) return new TableServiceClient(new Uri(storage.TableEndpoint), new DefaultAzureCredential());
        throw new InvalidOperationException("Platform:Storage:ConnectionString or Platform:Storage:TableEndpoint is required with azuretable.");
    }
}
