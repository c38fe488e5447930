using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
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
    // Needs only the tenants: side by side with the federations and the consortium.
    public int Order => 20;
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
        var today = DateOnly.FromDateTime(context.Clock.GetUtcNow().UtcDateTime);
        foreach (var path in Directory.GetFiles(folder, "*.json").OrderBy(p => p, StringComparer.Ordinal))
        {
            var node = JsonNode.Parse(await File.ReadAllTextAsync(path, cancellationToken))
                ?? throw new InvalidDataException($"{path} is empty.");
            MoveDatesToSeedingDay(node, today, path);
            var file = node.Deserialize<RoleSeedFile>(options)
                ?? throw new InvalidDataException($"{path} is empty.");
            if (!context.Tenants.ContainsKey(file.Tenant))
                throw new InvalidDataException($"{path} names tenant '{file.Tenant}', which seeds/tenants.json does not create.");
            files.Add(file);
        }
        return files;
    }

    /// <summary>
    /// A file with <c>"datesAsOf": "YYYY-MM-DD"</c> tells the story as seen that day: every date in it
    /// moves by the days between that day and the seeding day, so a posting stays open with its
    /// interviews ahead, and seat holders hold their seats, whenever the world is seeded
    /// (DOMAIN.md "Seed data"). The property itself is removed before the file is read.
    /// </summary>
    public static void MoveDatesToSeedingDay(JsonNode root, DateOnly today, string path)
    {
        if (root is not JsonObject obj || !obj.TryGetPropertyValue(DatesAsOf, out var asOfNode)) return;
        obj.Remove(DatesAsOf);
        if (!DateOnly.TryParseExact(asOfNode?.GetValue<string>(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var asOf))
            throw new InvalidDataException($"{path}: '{DatesAsOf}' must be a date written YYYY-MM-DD.");
        var shift = today.DayNumber - asOf.DayNumber;
        Shift(root, shift);
    }

    private const string DatesAsOf = "datesAsOf";

    private static void Shift(JsonNode node, int days)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj.ToList())
                {
                    if (child is JsonValue value && value.TryGetValue<string>(out var text) && IsDate(text, out var date))
                        obj[name] = date.AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                    else if (child is not null) Shift(child, days);
                }
                break;
            case JsonArray array:
                foreach (var child in array) if (child is not null) Shift(child, days);
                break;
        }
    }

    private static bool IsDate(string text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
}
