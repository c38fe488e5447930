using Platform.Abstractions;
using Platform.Abstractions.Governance;

namespace Platform.Host.Seeding;

/// <summary>
/// The governance bodies listed in <c>seeds/roles/{tenant}.json</c>: CTROC's board with its staff
/// sitting without a vote, and the co-directions built from paired co-roles (so after <see cref="RoleSeed"/>).
/// </summary>
public sealed class GovernanceSeed : ISeedStep
{
    public int Order => 41;
    public string Name => "governance";

    public async Task RunAsync(SeedContext context, CancellationToken cancellationToken)
    {
        foreach (var file in await RoleSeedFile.ReadAllAsync(context, cancellationToken))
            foreach (var body in file.Bodies ?? [])
                await context.Grains.GetGrain<IGovernanceBodyGrain>(Ids.Key(file.Tenant, body.Id)).DefineAsync(body.Definition);
    }
}
