using Orleans.Dashboard;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Orleans.Configuration;
using Platform.Grains;
using Platform.Host.Configuration;
using Platform.Host.Security;

namespace Platform.Host.Hosting;

/// <summary>
/// Makes this host an Orleans silo co-hosting the gateway: its cluster, its grain store, the tenant
/// boundary filter and trace propagation through grain calls.
/// </summary>
public static class SiloSetup
{
    public static WebApplicationBuilder AddPlatformSilo(this WebApplicationBuilder builder)
    {
        var platform = builder.Configuration.GetSection(PlatformOptions.Section).Get<PlatformOptions>() ?? new PlatformOptions();
        builder.Services.Configure<PlatformOptions>(builder.Configuration.GetSection(PlatformOptions.Section));
        builder.Services.AddPlatformGrains();

        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(options =>
            {
                options.ServiceId = platform.ServiceId;
                options.ClusterId = platform.Cluster.ClusterId;
            });
            ConfigureClustering(silo, platform);
            silo.AddPlatformStorage(platform);
            silo.AddIncomingGrainCallFilter<TenantBoundaryCallFilter>();
            // One trace from the HTTP request through every grain call to storage.
            silo.AddActivityPropagation();
            if (platform.Dashboard.Enabled) silo.AddDashboard();
            silo.Configure<SiloMessagingOptions>(options => options.ResponseTimeout = platform.Runtime.ResponseTimeout);
            silo.Configure<GrainCollectionOptions>(options => options.CollectionAge = platform.Runtime.CollectionAge);
        });
        return builder;
    }

    private static void ConfigureClustering(ISiloBuilder silo, PlatformOptions platform)
    {
        var cluster = platform.Cluster;
        if (cluster.Provider == ClusterProvider.Localhost)
        {
            var primary = cluster.PrimarySiloPort is { } port ? new IPEndPoint(IPAddress.Loopback, port) : null;
            silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, primary, platform.ServiceId, cluster.ClusterId);
        }
        else
        {
            var tables = PlatformTableClients.Create(platform.Storage);
            silo.UseAzureStorageClustering(options => options.TableServiceClient = tables);
            silo.ConfigureEndpoints(AdvertisedAddress(cluster), cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: true);
        }

        if (cluster.FastMembership)
        {
            silo.Configure<ClusterMembershipOptions>(options =>
            {
                options.ProbeTimeout = TimeSpan.FromSeconds(1);
                options.NumMissedProbesLimit = 2;
                options.NumVotesForDeathDeclaration = 1;
                options.NumProbedSilos = 1;
                options.TableRefreshTimeout = TimeSpan.FromSeconds(1);
                options.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
                options.DeathVoteExpirationTimeout = TimeSpan.FromSeconds(10);
            });
        }
    }

    /// <summary>The configured address, or this machine's first up, non-loopback IPv4 address (a container's own IP in Azure).</summary>
    private static IPAddress AdvertisedAddress(ClusterSettings cluster)
    {
        if (!string.IsNullOrWhiteSpace(cluster.AdvertisedAddress))
            return IPAddress.TryParse(cluster.AdvertisedAddress, out var configured)
                ? configured
                : Dns.GetHostAddresses(cluster.AdvertisedAddress).First(a => a.AddressFamily == AddressFamily.InterNetwork);
        var address = NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
        return address ?? IPAddress.Loopback;
    }
}
