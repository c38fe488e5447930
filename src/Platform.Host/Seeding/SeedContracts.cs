using Platform.Abstractions;

namespace Platform.Host.Seeding;

/// <summary>
/// One part of the demo world, loaded into an empty store at first start. Steps run in
/// <see cref="Order"/> (tenants first, at 0), and steps of the same order side by side: a step
/// that reads what another writes takes a higher order. Every class implementing this in the host
/// assembly is picked up. Steps write through grain interfaces only, and must be deterministic.
/// </summary>
public interface ISeedStep
{
    int Order { get; }
    string Name { get; }
    Task RunAsync(SeedContext context, CancellationToken cancellationToken);
}

/// <summary>What a seed step gets: the grains, the clock, the seeds folder, and the tenants created so far.</summary>
public sealed class SeedContext(IGrainFactory grains, BusinessClock clock, string seedsPath)
{
    private readonly Dictionary<string, TenantSummary> _tenants = [];
    private readonly Dictionary<string, string> _adminKeys = [];

    public IGrainFactory Grains { get; } = grains;
    public BusinessClock Clock { get; } = clock;

    /// <summary>The <c>seeds/</c> folder; data files of each area live in its subfolder.</summary>
    public string SeedsPath { get; } = seedsPath;

    public IReadOnlyDictionary<string, TenantSummary> Tenants => _tenants;

    /// <summary>Admin keys of the seeded tenants, printed once at the end of seeding.</summary>
    public IReadOnlyDictionary<string, string> AdminKeys => _adminKeys;

    /// <summary>A random source fixed by a name, so every run generates the same data.</summary>
    public static Random RandomFor(string name) => new(StableHash(name));

    public async Task<string> CreateTenantAsync(string id, TenantKind kind, LocalizedText name, string? region)
    {
        if (!await Grains.GetGrain<ITenantDirectoryGrain>(GrainKeys.Directory).RegisterAsync(new TenantSummary(id, kind, name)))
            throw new InvalidOperationException($"Seed tenant '{id}' already exists.");
        var key = await Grains.GetGrain<ITenantGrain>(id).CreateAsync(kind, name, region);
        _tenants[id] = new TenantSummary(id, kind, name);
        _adminKeys[id] = key.Key;
        return key.Key;
    }

    // string.GetHashCode is randomized per process; this one is not.
    private static int StableHash(string text)
    {
        unchecked
        {
            var hash = (int)2166136261;
            foreach (var c in text) hash = (hash ^ c) * 16777619;
            return hash & int.MaxValue;
        }
    }
}
