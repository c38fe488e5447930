using Platform.Grains;
using Platform.Host.Configuration;
using Platform.Host.Security;
using Platform.Runtime;
using Platform.Storage.AzureTable;

namespace Platform.Host.Hosting;

/// <summary>Co-hosts the grain runtime in the gateway process, on the store the configuration names.</summary>
public static class RuntimeSetup
{
    public static IServiceCollection AddPlatformRuntime(this IServiceCollection services, IConfiguration configuration)
    {
        var platform = configuration.GetSection(PlatformOptions.Section).Get<PlatformOptions>() ?? new PlatformOptions();
        services.Configure<PlatformOptions>(configuration.GetSection(PlatformOptions.Section));

        var runtime = services
            .AddGrainRuntime(options => configuration.GetSection("Platform:Runtime").Bind(options))
            .AddPlatformGrains()
            .AddIncomingGrainCallFilter<TenantBoundaryCallFilter>();

        switch (platform.Storage.Provider)
        {
            case StorageProvider.Memory:
                runtime.AddMemoryGrainStorage();
                break;
            case StorageProvider.AzureTable:
                runtime.AddAzureTableGrainStorage(options =>
                {
                    options.ConnectionString = platform.Storage.ConnectionString;
                    options.TableEndpoint = string.IsNullOrWhiteSpace(platform.Storage.TableEndpoint) ? null : new Uri(platform.Storage.TableEndpoint);
                    options.TableName = platform.Storage.TableName;
                    options.ServiceId = platform.ServiceId;
                });
                break;
            default:
                runtime.AddFileGrainStorage(platform.Storage.Path);
                break;
        }
        return services;
    }
}
