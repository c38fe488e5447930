using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Platform.Abstractions;

namespace Platform.Host.Security;

/// <summary>
/// ASP.NET Core Data Protection's key store on the cluster's own storage (<see cref="IDataProtectionKeysGrain"/>)
/// instead of each machine's disk: with several replicas, a cookie protected by one host must be
/// readable by the others. The keys are in the platform's grain store with its tenants' data, under
/// the same protection (the storage account's encryption at rest in Azure).
/// </summary>
public sealed class GrainXmlRepository(IGrainFactory grains) : IXmlRepository
{
    private IDataProtectionKeysGrain Ring => grains.GetGrain<IDataProtectionKeysGrain>(IDataProtectionKeysGrain.Key);

    // The interface is synchronous; Data Protection reads the ring once and caches it (about every 24 h).
    public IReadOnlyCollection<XElement> GetAllElements() =>
        Ring.ListAsync().GetAwaiter().GetResult().Select(k => XElement.Parse(k.Xml)).ToList();

    public void StoreElement(XElement element, string friendlyName) =>
        Ring.AddAsync(new DataProtectionKey(friendlyName, element.ToString(SaveOptions.DisableFormatting))).GetAwaiter().GetResult();

    public static void AddTo(IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName("intercoop");
        services.AddOptions<KeyManagementOptions>().Configure<IGrainFactory>((options, grains) => options.XmlRepository = new GrainXmlRepository(grains));
        services.AddHostedService<KeyRingAtStart>();
    }

    /// <summary>
    /// Loads (and on a new cluster creates) the key ring as the host starts, once its silo is up: a
    /// host that joins later then reads a ring that already has the key, instead of making a second
    /// default key of its own that the first host's cached ring would not know for up to a day.
    /// </summary>
    private sealed class KeyRingAtStart(IDataProtectionProvider protection) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            protection.CreateProtector("intercoop.key-ring-at-start").Protect([0]);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
