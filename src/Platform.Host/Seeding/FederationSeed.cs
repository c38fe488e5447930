using System.Text.Json;
using Platform.Abstractions;

namespace Platform.Host.Seeding;

/// <summary>
/// The federations of the demo world (DOMAIN.md "Seed data"): profiles, affiliations (Réseau COOP in
/// the FCCT's network, the 14 regional groupings in the CTROC's), members, activities,
/// participations, ambassadors (people, as contacts of their co-ops), sector tables and programmes, generated from
/// <c>seeds/federations/network.json</c>. Each federation is written once, its ~3,300 member records
/// go into a few bundles (bulk import), so the step writes ~150 states instead of ~3,400: a durable
/// file write costs about half a millisecond here and does not get cheaper in parallel.
/// </summary>
public sealed class FederationSeed : ISeedStep
{
    public int Order => 20;
    public string Name => "federations";

    public async Task RunAsync(SeedContext context, CancellationToken cancellationToken)
    {
        var data = await LoadAsync(context.SeedsPath, cancellationToken);
        var at = context.Clock.GetUtcNow();
        var world = FederationSeedGenerator.Generate(
            data, context.Tenants.ToDictionary(t => t.Key, t => t.Value.Name, StringComparer.Ordinal), DateOnly.FromDateTime(at.UtcDateTime));

        var registry = context.Grains.GetGrain<IAffiliationRegistryGrain>(IAffiliationRegistryGrain.Key);
        var writes = world.Federations
            .Where(f => context.Tenants.ContainsKey(f.Key))
            .Select(f => context.Grains.GetGrain<IFederationGrain>(f.Key).ImportAsync(f.Value))
            .Append(registry.ImportAsync(world.Affiliations
                .Where(a => context.Tenants.ContainsKey(a.Parent) && context.Tenants.ContainsKey(a.Child))
                .Select(a => new Affiliation(a.Parent, a.Child, AffiliationStatus.Accepted, at, at))
                .ToList()));
        await Task.WhenAll(writes);
        // Contacts after their federations: each import tells its federation how many ambassadors each co-op has.
        await Task.WhenAll(world.Contacts
            .Where(c => context.Tenants.ContainsKey(c.Key))
            .Select(c => context.Grains.GetGrain<ITenantContactsGrain>(c.Key).ImportAsync(c.Value)));
    }

    public static async Task<FederationSeedData> LoadAsync(string seedsPath, CancellationToken cancellationToken)
    {
        var options = new JsonSerializerOptions();
        PlatformJson.Configure(options);
        await using var file = File.OpenRead(Path.Combine(seedsPath, "federations", "network.json"));
        return await JsonSerializer.DeserializeAsync<FederationSeedData>(file, options, cancellationToken)
            ?? throw new InvalidDataException("seeds/federations/network.json is empty.");
    }
}
