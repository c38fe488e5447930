using System.Text.Json;
using Platform.Abstractions;

namespace Platform.Host.Seeding;

/// <summary>Creates the demo tenants listed in <c>seeds/tenants.json</c>.</summary>
public sealed class TenantSeed : ISeedStep
{
    public int Order => 0;
    public string Name => "tenants";

    public sealed record SeedTenant(string Id, TenantKind Kind, LocalizedText Name, string? Region = null);

    public async Task RunAsync(SeedContext context, CancellationToken cancellationToken)
    {
        var options = new JsonSerializerOptions();
        PlatformJson.Configure(options);
        await using var file = File.OpenRead(Path.Combine(context.SeedsPath, "tenants.json"));
        var tenants = await JsonSerializer.DeserializeAsync<List<SeedTenant>>(file, options, cancellationToken)
            ?? throw new InvalidDataException("seeds/tenants.json is empty.");
        foreach (var tenant in tenants) await context.CreateTenantAsync(tenant.Id, tenant.Kind, tenant.Name, tenant.Region);
    }
}
