using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Grains;
using Platform.Grains.Storage;
using Platform.Storage.FileStore;
using Platform.Testing;

namespace Platform.Benchmarks;

/// <summary>
/// One Orleans silo in this process, on localhost clustering and free ports, called through the
/// silo's own <see cref="IGrainFactory"/>: every call stays in the process (no client, no socket),
/// but goes through Orleans's whole local path (message, scheduler, argument and result copies).
/// </summary>
public sealed class InProcessSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private InProcessSilo(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    /// <summary>A silo with only this assembly's grains in use and no store unless <paramref name="configure"/> adds one.</summary>
    public static async Task<InProcessSilo> StartAsync(Action<ISiloBuilder>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(Loopback.FreePort(), Loopback.FreePort(), serviceId: "intercoop-bench", clusterId: $"bench-{Guid.NewGuid():N}");
            configure?.Invoke(silo);
        });
        var host = builder.Build();
        await host.StartAsync();
        return new InProcessSilo(host);
    }

    /// <summary>Every platform grain, on Orleans's memory store (tracked per tenant) or, given a folder, on the file store.</summary>
    public static Task<InProcessSilo> StartPlatformAsync(string? fileStorePath = null) =>
        StartAsync(silo =>
        {
            silo.Services.AddPlatformGrains();
            if (fileStorePath is null) silo.AddPlatformMemoryStorage();
            else silo.AddFileGrainStorageAsDefault(options => options.RootPath = fileStorePath);
        });

    /// <summary>Ends every idle activation and waits for it: the next call to any grain reads its state from the store.</summary>
    public Task DeactivateAllAsync() => Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

    /// <summary>Ends one grain's activation and waits until it is gone.</summary>
    public Task DeactivateAsync(GrainId grain) => Grains.GetGrain<IManagementGrain>(0).DeactivateGrain(grain);

    public Task<int> ActivationCountAsync() => Grains.GetGrain<IManagementGrain>(0).GetTotalActivationCount();

    /// <summary>A graceful stop: Orleans deactivates every grain, the store releases its folder.</summary>
    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
