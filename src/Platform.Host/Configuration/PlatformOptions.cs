namespace Platform.Host.Configuration;

/// <summary>The <c>Platform</c> configuration section (API.md "Running").</summary>
public sealed class PlatformOptions
{
    public const string Section = "Platform";

    /// <summary>Prefix of Azure Table partition keys, so several deployments can share one account.</summary>
    public string ServiceId { get; set; } = "intercoop";

    /// <summary>Load <c>seeds/</c> into an empty store at start. Default: on with the file store, off otherwise.</summary>
    public bool? Seed { get; set; }

    /// <summary>The operator credential; generated and printed once when unset on an embedded store.</summary>
    public string? OperatorKey { get; set; }

    /// <summary>Where the seed data files are; default: the <c>seeds</c> folder next to the app or above it.</summary>
    public string? SeedsPath { get; set; }

    public StorageOptions Storage { get; set; } = new();

    public RateLimitOptions RateLimit { get; set; } = new();

    public ClusterSettings Cluster { get; set; } = new();

    public RuntimeSettings Runtime { get; set; } = new();

    /// <summary>The Orleans Dashboard at /dashboard (operator only). It profiles every grain call, so it can be turned off.</summary>
    public DashboardSettings Dashboard { get; set; } = new();

    public bool SeedEnabled => Seed ?? Storage.Provider == StorageProvider.File;
}

public enum StorageProvider { File, Memory, AzureTable }

public sealed class StorageOptions
{
    public StorageProvider Provider { get; set; } = StorageProvider.File;

    /// <summary>Data folder of the file store.</summary>
    public string Path { get; set; } = "./.data";

    /// <summary>Azure Storage connection string (keyed account or <c>UseDevelopmentStorage=true</c>).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Table endpoint reached with a managed identity (production: no key at all).</summary>
    public string? TableEndpoint { get; set; }

    public string TableName { get; set; } = "grainstate";
}

/// <summary>Per-tenant token bucket: every tenant has its own, so one tenant's flood never throttles another.</summary>
public sealed class RateLimitOptions
{
    public int PermitsPerSecond { get; set; } = 200;
    public int Burst { get; set; } = 400;
}

public enum ClusterProvider { Localhost, AzureTable }

/// <summary>
/// How this host finds the other silos of its cluster (API.md "Running"). <c>localhost</c> is one
/// silo on its own; <c>azuretable</c> is Orleans's membership table on the storage account of
/// <see cref="StorageOptions"/>.
/// </summary>
public sealed class ClusterSettings
{
    public ClusterProvider Provider { get; set; } = ClusterProvider.Localhost;

    /// <summary>Silos with the same cluster id (and service id) form one cluster.</summary>
    public string ClusterId { get; set; } = "intercoop";

    /// <summary>Silo-to-silo port.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Orleans client gateway port (the platform's own gateway is HTTP; this is for Orleans clients and tools).</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos reach this one at; default: the first non-loopback IPv4 address of the machine (loopback with <c>localhost</c>).</summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>
    /// With <c>localhost</c>: the silo port of another silo on this machine to join (development
    /// and tests: several hosts on one machine without a membership table). Unset: this silo is
    /// the cluster.
    /// </summary>
    public int? PrimarySiloPort { get; set; }

    /// <summary>Tests only: probe every second, declare a silo dead after 2 missed probes and 1 vote (about 2 s instead of 15).</summary>
    public bool FastMembership { get; set; }
}

/// <summary>Orleans's own knobs that the platform exposes.</summary>
public sealed class RuntimeSettings
{
    /// <summary>A grain call that takes longer fails (503 at the gateway).</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Idle activations are collected after this long.</summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);
}

public sealed class DashboardSettings
{
    public bool Enabled { get; set; } = true;
}
