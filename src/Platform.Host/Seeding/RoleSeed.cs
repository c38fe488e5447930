using System.Text.Json;
using Platform.Abstractions;
using Platform.Abstractions.Governance;
using Platform.Abstractions.Roles;

namespace Platform.Host.Seeding;

/// <summary>
/// The roles of the demo world, from <c>seeds/roles/{tenant}.json</c>: role documents written
/// from the seed documents 000, 002 and 003 (their facts, our sentences), then their pairs.
/// The same files list the tenants' governance bodies, loaded by <see cref="GovernanceSeed"/>.
/// </summary>
public sealed class RoleSeed : ISeedStep
{
    public int Order => 40;
    public string Name => "roles";

    public async Task RunAsync(SeedContext context, CancellationToken cancellationToken)
    {
        foreach (var file in await RoleSeedFile.ReadAllAsync(context, cancellationToken))
        {
            foreach (var role in file.Roles)
                await context.Grains.GetGrain<IRoleGrain>(Ids.Key(file.Tenant, role.Id)).PutAsync(role.Document);
            foreach (var pair in file.Pairs ?? [])
            {
                if (pair.Count != 2) throw new InvalidDataException($"seeds/roles/{file.Tenant}.json: a pair names exactly two roles.");
                await context.Grains.GetGrain<ITenantRolesGrain>(file.Tenant).PairAsync(pair[0], pair[1]);
            }
        }
    }
}

/// <summary>One tenant's seed file under <c>seeds/roles/</c>, read with the API's strict JSON rules.</summary>
public sealed record RoleSeedFile(string Tenant, IReadOnlyList<RoleSeedFile.SeedRole> Roles, IReadOnlyList<IReadOnlyList<string>>? Pairs = null, IReadOnlyList<RoleSeedFile.SeedBody>? Bodies = null)
{
    public sealed record SeedRole(string Id, RoleDocument Document);

    public sealed record SeedBody(string Id, BodyDefinition Definition);

    /// <summary>Every file, in name order; a file naming a tenant the tenants step did not create is an error.</summary>
    public static async Task<IReadOnlyList<RoleSeedFile>> ReadAllAsync(SeedContext context, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(context.SeedsPath, "roles");
        if (!Directory.Exists(folder)) return [];
        var options = new JsonSerializerOptions();
        PlatformJson.Configure(options);
        var files = new List<RoleSeedFile>();
        foreach (var path in Directory.GetFiles(folder, "*.json").OrderBy(p => p, StringComparer.Ordinal))
        {
            await using var stream = File.OpenRead(path);
            var file = await JsonSerializer.DeserializeAsync<RoleSeedFile>(stream, options, cancellationToken)
                ?? throw new InvalidDataException($"{path} is empty.");
            if (!context.Tenants.ContainsKey(file.Tenant))
                throw new InvalidDataException($"{path} names tenant '{file.Tenant}', which seeds/tenants.json does not create.");
            files.Add(file);
        }
        return files;
    }
}
