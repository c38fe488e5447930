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
