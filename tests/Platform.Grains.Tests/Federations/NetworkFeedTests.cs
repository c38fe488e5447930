using Platform.Abstractions;
using Platform.Grains.Federations;

namespace Platform.Grains.Tests.Federations;

/// <summary>
/// The network feed (issue 12 §6): joins and departures at any depth, newest first, seen by every
/// federation above them and by no other.
/// </summary>
public sealed class NetworkFeedTests
{
    /// <summary>nat ⊃ prov ⊃ local, and apart from them other ⊃ x.</summary>
    private static async Task<FederationWorld> NetworkAsync()
    {
        var world = await FederationWorld.CreateAsync();
        foreach (var id in new[] { "nat", "prov", "local", "other", "x" }) await world.CreateFederationAsync(id);
        await JoinAsync(world, "prov", "nat");
        await JoinAsync(world, "local", "prov");
        await JoinAsync(world, "x", "other");
        return world;
    }

    private static async Task JoinAsync(FederationWorld world, string child, string parent)
    {
        world.Runtime.Clock.Advance(TimeSpan.FromDays(1));
        await world.Registry.RequestAsync(child, parent);
        await world.Registry.AcceptAsync(parent, child);
    }

    private static (NetworkEventKind, string, string, int, AffiliationEndedBy?) Line(NetworkEvent e) => (e.Kind, e.FederationId, e.ParentId, e.Depth, e.EndedBy);

    [Fact]
    public async Task AnAffiliateOfAnAffiliateLeavingShowsInTheGrandparentsFeedAndItsParents()
    {
        await using var world = await NetworkAsync();
        var joinedAt = (await world.Registry.ListAsync("local")).Single().AcceptedAt;
        world.Runtime.Clock.Advance(TimeSpan.FromDays(3));
        var leftAt = world.Runtime.Clock.GetUtcNow();

        await world.Registry.RemoveAsync("prov", "local", AffiliationEndedBy.Child);

        var feed = await world.Federation("nat").GetNetworkFeedAsync(null);
        Assert.Equal(
            [(NetworkEventKind.Left, "local", "prov", 2, AffiliationEndedBy.Child),
             (NetworkEventKind.Joined, "local", "prov", 2, null),
             (NetworkEventKind.Joined, "prov", "nat", 1, null)],
            feed.Select(Line));
        Assert.Equal([leftAt, joinedAt!.Value], feed.Take(2).Select(e => e.At));
        Assert.Equal(new LocalizedText("local", "local"), feed[0].Name);
        Assert.Equal(new LocalizedText("prov", "prov"), feed[0].ParentName);
        // The parent it left reads it one level down; the federation that left reads nothing of its own departure.
        Assert.Equal((NetworkEventKind.Left, "local", "prov", 1, AffiliationEndedBy.Child), Line((await world.Federation("prov").GetNetworkFeedAsync(null))[0]));
        Assert.Empty(await world.Federation("local").GetNetworkFeedAsync(null));
        // The network's figures dropped with it.
        Assert.Equal(["prov"], await world.Registry.GetDescendantsAsync("nat"));
    }

    [Fact]
    public async Task ADepartureOutsideTheReadersNetworkIsNotShown()
    {
        await using var world = await NetworkAsync();
        world.Runtime.Clock.Advance(TimeSpan.FromDays(1));
        await world.Registry.RemoveAsync("other", "x", AffiliationEndedBy.Parent);

        Assert.DoesNotContain(await world.Federation("nat").GetNetworkFeedAsync(null), e => e.FederationId == "x" || e.ParentId == "other");
        Assert.Equal((NetworkEventKind.Left, "x", "other", 1, AffiliationEndedBy.Parent), Line((await world.Federation("other").GetNetworkFeedAsync(null))[0]));

        // Once prov has left nat, what happened under prov is no longer nat's: only prov's own departure is.
        world.Runtime.Clock.Advance(TimeSpan.FromDays(1));
        await world.Registry.RemoveAsync("prov", "local", AffiliationEndedBy.Child);
        world.Runtime.Clock.Advance(TimeSpan.FromDays(1));
        await world.Registry.RemoveAsync("nat", "prov", AffiliationEndedBy.Parent);
        Assert.Equal(
            [(NetworkEventKind.Left, "prov", "nat", 1, AffiliationEndedBy.Parent), (NetworkEventKind.Joined, "prov", "nat", 1, null)],
            (await world.Federation("nat").GetNetworkFeedAsync(null)).Select(Line));
    }

    [Fact]
    public async Task RejoiningAfterLeavingShowsTheJoinTheDepartureAndTheNewJoinInOrder()
    {
        await using var world = await NetworkAsync();
        world.Runtime.Clock.Advance(TimeSpan.FromDays(2));
        await world.Registry.RemoveAsync("prov", "local", AffiliationEndedBy.Child);
        await JoinAsync(world, "local", "prov");

        var feed = await world.Federation("nat").GetNetworkFeedAsync(null);

        Assert.Equal(
            [(NetworkEventKind.Joined, "local", "prov", 2, null),
             (NetworkEventKind.Left, "local", "prov", 2, AffiliationEndedBy.Child),
             (NetworkEventKind.Joined, "local", "prov", 2, null),
             (NetworkEventKind.Joined, "prov", "nat", 1, null)],
            feed.Select(Line));
        Assert.Equal(feed.Select(e => e.At).OrderDescending(), feed.Select(e => e.At));
        Assert.Equal(["prov", "local"], await world.Registry.GetDescendantsAsync("nat"));
    }

    [Fact]
    public async Task ADeclinedOrWithdrawnRequestIsNoEvent()
    {
        await using var world = await NetworkAsync();
        var before = await world.Federation("nat").GetNetworkFeedAsync(null);
        await world.CreateFederationAsync("newcomer");

        await world.Registry.RequestAsync("newcomer", "prov");
        await world.Registry.DeclineAsync("prov", "newcomer");
        await world.Registry.RequestAsync("newcomer", "nat");
        await world.Registry.RemoveAsync("nat", "newcomer", AffiliationEndedBy.Child); // withdrawn while pending
        await world.Registry.RequestAsync("newcomer", "prov");
        await world.Registry.RemoveAsync("prov", "newcomer", AffiliationEndedBy.Parent); // refused by removing it

        Assert.Equal(before, await world.Federation("nat").GetNetworkFeedAsync(null));
        Assert.DoesNotContain(await world.Registry.GetNetworkChangesAsync("prov"), c => c.ChildId == "newcomer");
    }

    [Fact]
    public async Task ADeletedAffiliateLeavesItsParentsFeedAndTakesItsOwnNetworksHistoryWithIt()
    {
        await using var world = await NetworkAsync();
        world.Runtime.Clock.Advance(TimeSpan.FromDays(1));
        await world.Registry.RemoveAsync("other", "x", AffiliationEndedBy.Child);

        await world.Registry.RemoveTenantAsync("local");
        await world.Registry.RemoveTenantAsync("other");

        Assert.Equal((NetworkEventKind.Left, "local", "prov", 2, AffiliationEndedBy.Deletion), Line((await world.Federation("nat").GetNetworkFeedAsync(null))[0]));
        // A tenant that takes the freed id later does not inherit the deleted one's history.
        Assert.Empty(await world.Registry.GetNetworkChangesAsync("other"));
    }

    [Fact]
    public async Task EndedAffiliationsAreForgottenAfterFiveYears()
    {
        await using var world = await NetworkAsync();
        await world.Registry.RemoveAsync("prov", "local", AffiliationEndedBy.Child);
        world.Runtime.Clock.Advance(AffiliationRegistryGrain.EndedKeptFor - TimeSpan.FromDays(1));
        Assert.Contains(await world.Federation("nat").GetNetworkFeedAsync(null), e => e.Kind == NetworkEventKind.Left);

        world.Runtime.Clock.Advance(TimeSpan.FromDays(2));
        Assert.DoesNotContain(await world.Federation("nat").GetNetworkFeedAsync(null), e => e.FederationId == "local");
    }

    [Fact]
    public async Task TheLimitKeepsTheNewestAndMustBeInRange()
    {
        await using var world = await NetworkAsync();
        world.Runtime.Clock.Advance(TimeSpan.FromDays(1));
        await world.Registry.RemoveAsync("prov", "local", AffiliationEndedBy.Child);

        Assert.Equal([(NetworkEventKind.Left, "local", "prov", 2, AffiliationEndedBy.Child)], (await world.Federation("nat").GetNetworkFeedAsync(1)).Select(Line));
        foreach (var limit in new[] { 0, -1, MemberQuery.MaxLimit + 1 })
            Assert.Contains("limit", (await Assert.ThrowsAsync<ValidationFailedException>(() => world.Federation("nat").GetNetworkFeedAsync(limit))).Errors.Keys);
    }

    [Fact]
    public async Task DeparturesSurviveReactivation()
    {
        await using var world = await NetworkAsync();
        world.Runtime.Clock.Advance(TimeSpan.FromDays(1));
        await world.Registry.RemoveAsync("prov", "local", AffiliationEndedBy.Parent);
        var before = await world.Registry.GetNetworkChangesAsync("nat");

        await world.Runtime.DeactivateAllAsync();

        Assert.Equal(before, await world.Registry.GetNetworkChangesAsync("nat"));
        Assert.Contains(before, c => c is { Kind: NetworkEventKind.Left, ChildId: "local", EndedBy: AffiliationEndedBy.Parent });
    }

    [Fact]
    public void ARegistryStoredBeforeDeparturesWereKeptStillLoadsAndRoundTrips()
    {
        // The shape stored before the registry remembered ended affiliations: no "ended".
        const string stored = """
            {"affiliations":[{"parentId":"nat","childId":"prov","status":"accepted",
            "requestedAt":"2026-01-10T09:00:00+00:00","acceptedAt":"2026-01-11T09:00:00+00:00"}]}
            """;
        var state = PlatformStateSerializer.Instance.Deserialize<AffiliationRegistryState>(BinaryData.FromString(stored));

        Assert.Equal("prov", Assert.Single(state.Affiliations).ChildId);
        Assert.Empty(state.Ended);

        var ended = new EndedAffiliation("prov", "local", new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 1, 12, 15, 30, 0, TimeSpan.Zero), AffiliationEndedBy.Deletion);
        state.Ended.Add(ended);
        var written = PlatformStateSerializer.Instance.Serialize(state);
        Assert.Contains("\"endedBy\":\"deletion\"", written.ToString());
        var again = PlatformStateSerializer.Instance.Deserialize<AffiliationRegistryState>(written);
        Assert.Equal([ended], again.Ended);
        Assert.Equal(state.Affiliations, again.Affiliations);
    }
}
