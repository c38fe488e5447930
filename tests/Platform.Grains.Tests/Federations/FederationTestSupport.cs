using Platform.Abstractions;
using Platform.Abstractions.Storage;
using Platform.Testing;

namespace Platform.Grains.Tests.Federations;

/// <summary>A two-silo cluster with every platform grain on a memory store, and shortcuts to build federations.</summary>
internal sealed class FederationWorld : IAsyncDisposable
{
    private FederationWorld(PlatformTestCluster runtime) => Runtime = runtime;

    public PlatformTestCluster Runtime { get; }

    public IGrainFactory Grains => Runtime.Grains;

    /// <summary>The test clock reads 2026-01-15.</summary>
    public static readonly DateOnly Today = new(2026, 1, 15);

    public static async Task<FederationWorld> CreateAsync(Action<Orleans.Hosting.ISiloBuilder>? silo = null) => new(await PlatformTestCluster.StartAsync(silo));

    public IFederationGrain Federation(string id) => Grains.GetGrain<IFederationGrain>(id);

    public IAffiliationRegistryGrain Registry => Grains.GetGrain<IAffiliationRegistryGrain>(IAffiliationRegistryGrain.Key);

    /// <summary>Creates the tenant account (kind federation unless told) and returns its federation grain.</summary>
    public async Task<IFederationGrain> CreateFederationAsync(string id, TenantKind kind = TenantKind.Federation)
    {
        await Grains.GetGrain<ITenantGrain>(id).CreateAsync(kind, new LocalizedText(id, id), null);
        return Federation(id);
    }

    public static NewMember Member(
        string id,
        string region = "06",
        MemberType type = MemberType.Worker,
        string? sector = null,
        DateOnly? joinedOn = null,
        string? registryId = null,
        SelfIdentification? selfIdentification = null,
        bool? ambassador = null,
        string? name = null,
        bool? countOnce = null) =>
        new(id, name ?? $"Coopérative {id}", type, region, sector, joinedOn ?? new DateOnly(2020, 1, 1),
            RegistryId: registryId, SelfIdentification: selfIdentification, Ambassador: ambassador, CountOnceAcrossNetwork: countOnce);

    public static NewActivity FederationActivity(string id, ActivityKind kind, DateOnly on, int? audience = null) =>
        new(id, kind, new LocalizedText($"Activité {id}", $"Activity {id}"), on, Audience: audience);

    /// <summary>Every stored state of a tenant, as raw JSON, straight from the store.</summary>
    public Task<List<StoredGrainState>> StoredAsync(string tenantId) => Runtime.StoredAsync(tenantId);

    public ValueTask DisposeAsync() => Runtime.DisposeAsync();
}
