using Microsoft.Extensions.DependencyInjection;
using Platform.Abstractions;
using Platform.Abstractions.Governance;
using Platform.Abstractions.Roles;

namespace Platform.Host.Tests.Federations;

/// <summary>
/// The seeded world on the day it is seeded (issue 12 §8): its people hold their seats today and the
/// consortium serves every co-op network, whatever day the store was seeded.
/// </summary>
public sealed class SeededWorldTests(SeededPlatformApp app) : IClassFixture<SeededPlatformApp>
{
    private IGrainFactory Grains => app.Services.GetRequiredService<IGrainFactory>();

    private DateOnly SeedingDay => DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);

    [Fact]
    public async Task EveryBoardSeatHeldThroughARoleIsHeldByThatRolesCurrentHolder()
    {
        var board = await Grains.GetGrain<IGovernanceBodyGrain>(Ids.Key("ctroc", "conseil")).GetAsync();

        var staffSeats = board!.Seats.Where(s => s.Role is not null).ToList();
        Assert.Equal(2, staffSeats.Count);
        foreach (var seat in staffSeats)
        {
            var role = await Grains.GetGrain<IRoleGrain>(Ids.Key("ctroc", seat.Role!)).GetAsync();
            var current = role!.Holders.Where(h => h.From <= SeedingDay && (h.To is null || h.To >= SeedingDay)).Select(h => h.Name).ToList();
            Assert.Contains(seat.Holder, current);
        }
    }

    [Fact]
    public async Task TheConsortiumServesSeveralCoopNetworksUnderAgreementsInForce()
    {
        var agreements = new List<Agreement>();
        foreach (var client in new[] { "cqch", "fcct", "reseau-coop", "ctroc" })
            agreements.AddRange((await Grains.GetGrain<IServiceAgreementsGrain>(client).ListAsync()).Where(a => a.ConsortiumId == "consortium"));

        var inForce = agreements.Where(a => a.IsInForceAt(app.Clock.GetUtcNow())).Select(a => a.ClientId).Order().ToList();
        Assert.Equal(["cqch", "fcct", "reseau-coop"], inForce);
        // Only the housing confederation opened its member list to the consortium.
        Assert.Equal(["cqch"], agreements.Where(a => a.Access == AgreementAccess.Read).Select(a => a.ClientId));
    }
}
