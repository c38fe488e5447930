using Platform.Abstractions;

namespace Platform.Grains.Tests.Federations;

public sealed class AffiliationTests
{
    [Fact]
    public async Task RequestStaysPendingUntilTheParentAccepts()
    {
        await using var world = await FederationWorld.CreateAsync();
        await world.CreateFederationAsync("fcct");
        await world.CreateFederationAsync("reseau-coop");

        var pending = await world.Registry.RequestAsync("reseau-coop", "fcct");
        Assert.Equal(AffiliationStatus.Pending, pending.Status);
        Assert.Empty(await world.Registry.GetDescendantsAsync("fcct"));

        var accepted = await world.Registry.AcceptAsync("fcct", "reseau-coop");
        Assert.Equal(AffiliationStatus.Accepted, accepted.Status);
        Assert.Equal(world.Runtime.Clock.GetUtcNow(), accepted.AcceptedAt);
        Assert.Equal(["reseau-coop"], await world.Registry.GetDescendantsAsync("fcct"));
        Assert.Equal([accepted], await world.Registry.ListAsync("fcct"));
        Assert.Equal([accepted], await world.Registry.ListAsync("reseau-coop"));
    }

    [Fact]
    public async Task AcceptWithoutARequestIsNotFound()
    {
        await using var world = await FederationWorld.CreateAsync();
        await world.CreateFederationAsync("fcct");
        await world.CreateFederationAsync("reseau-coop");

        await Assert.ThrowsAsync<NotFoundException>(() => world.Registry.AcceptAsync("fcct", "reseau-coop"));
        // Only the parent accepts: the child "accepting" its own request finds nothing to accept.
        await world.Registry.RequestAsync("reseau-coop", "fcct");
        await Assert.ThrowsAsync<NotFoundException>(() => world.Registry.AcceptAsync("reseau-coop", "fcct"));
    }

    [Fact]
    public async Task AcceptingAnAncestorAsAffiliateIsACycle()
    {
        await using var world = await FederationWorld.CreateAsync();
        foreach (var id in new[] { "a", "b", "c" }) await world.CreateFederationAsync(id);
        // c ⊂ b ⊂ a
        await world.Registry.RequestAsync("b", "a");
        await world.Registry.AcceptAsync("a", "b");
        await world.Registry.RequestAsync("c", "b");
        await world.Registry.AcceptAsync("b", "c");

        await world.Registry.RequestAsync("a", "c");
        await Assert.ThrowsAsync<ConflictException>(() => world.Registry.AcceptAsync("c", "a"));
        await world.Registry.RequestAsync("b", "c");
        await Assert.ThrowsAsync<ConflictException>(() => world.Registry.AcceptAsync("c", "b"));

        Assert.Equal(["b", "c"], await world.Registry.GetDescendantsAsync("a"));
        Assert.Empty(await world.Registry.GetDescendantsAsync("c"));
    }

    [Fact]
    public async Task FederationCannotJoinItself()
    {
        await using var world = await FederationWorld.CreateAsync();
        await world.CreateFederationAsync("a");
        await Assert.ThrowsAsync<ConflictException>(() => world.Registry.RequestAsync("a", "a"));
    }

    [Fact]
    public async Task ParentMustBeAnExistingFederationAndChildAFederation()
    {
        await using var world = await FederationWorld.CreateAsync();
        await world.CreateFederationAsync("fcct");
        await world.CreateFederationAsync("exeko", TenantKind.Organization);
        await world.CreateFederationAsync("consortium", TenantKind.Consortium);

        await Assert.ThrowsAsync<NotFoundException>(() => world.Registry.RequestAsync("fcct", "ghost"));
        await Assert.ThrowsAsync<NotFoundException>(() => world.Registry.RequestAsync("fcct", "consortium"));
        await Assert.ThrowsAsync<ConflictException>(() => world.Registry.RequestAsync("exeko", "fcct"));
        await Assert.ThrowsAsync<ValidationFailedException>(() => world.Registry.RequestAsync("fcct", "../x"));
        Assert.Empty(await world.Registry.ListAsync("fcct"));
    }

    [Fact]
    public async Task RepeatedRequestIsIdempotentWhilePendingAndAConflictOnceAccepted()
    {
        await using var world = await FederationWorld.CreateAsync();
        await world.CreateFederationAsync("fcct");
        await world.CreateFederationAsync("reseau-coop");

        var first = await world.Registry.RequestAsync("reseau-coop", "fcct");
        world.Runtime.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(first, await world.Registry.RequestAsync("reseau-coop", "fcct"));
        await world.Registry.AcceptAsync("fcct", "reseau-coop");

        await Assert.ThrowsAsync<ConflictException>(() => world.Registry.RequestAsync("reseau-coop", "fcct"));
        Assert.Single(await world.Registry.ListAsync("fcct"));
    }

    [Fact]
    public async Task RemovedAffiliationLeavesTheNetwork()
    {
        await using var world = await FederationWorld.CreateAsync();
        await world.CreateFederationAsync("fcct");
        await world.CreateFederationAsync("reseau-coop");
        await world.Registry.RequestAsync("reseau-coop", "fcct");
        await world.Registry.AcceptAsync("fcct", "reseau-coop");

        await Assert.ThrowsAsync<NotFoundException>(() => world.Registry.RemoveAsync("reseau-coop", "fcct", AffiliationEndedBy.Parent));
        await world.Registry.RemoveAsync("fcct", "reseau-coop", AffiliationEndedBy.Parent);

        Assert.Empty(await world.Registry.ListAsync("fcct"));
        Assert.Empty(await world.Registry.GetDescendantsAsync("fcct"));
        await Assert.ThrowsAsync<NotFoundException>(() => world.Registry.RemoveAsync("fcct", "reseau-coop", AffiliationEndedBy.Parent));
    }

    [Fact]
    public async Task TwoFederationsAcceptingEachOtherAtOnceLeaveNoCycle()
    {
        await using var world = await FederationWorld.CreateAsync();
        await world.CreateFederationAsync("a");
        await world.CreateFederationAsync("b");
        await world.Registry.RequestAsync("a", "b");
        await world.Registry.RequestAsync("b", "a");

        var outcomes = await Task.WhenAll(
            Task.Run(() => Outcome(world.Registry.AcceptAsync("a", "b"))),
            Task.Run(() => Outcome(world.Registry.AcceptAsync("b", "a"))));

        Assert.Equal(1, outcomes.Count(o => o == "accepted"));
        Assert.Equal(1, outcomes.Count(o => o == "conflict"));
        Assert.Single(await world.Registry.ListAsync("a"), x => x.Status == AffiliationStatus.Accepted);

        static async Task<string> Outcome(Task<Affiliation> accept)
        {
            try
            {
                await accept;
                return "accepted";
            }
            catch (ConflictException)
            {
                return "conflict";
            }
        }
    }

    [Fact]
    public async Task ImportLoadsAnEmptyRegistryAndRefusesCycles()
    {
        await using var world = await FederationWorld.CreateAsync();
        foreach (var id in new[] { "a", "b", "c" }) await world.CreateFederationAsync(id);
        var at = world.Runtime.Clock.GetUtcNow();
        Affiliation Edge(string parent, string child) => new(parent, child, AffiliationStatus.Accepted, at, at);

        await Assert.ThrowsAsync<ConflictException>(() => world.Registry.ImportAsync([Edge("a", "b"), Edge("b", "c"), Edge("c", "a")]));
        Assert.Empty(await world.Registry.ListAsync("a"));
        await Assert.ThrowsAsync<NotFoundException>(() => world.Registry.ImportAsync([Edge("a", "ghost")]));

        await world.Registry.ImportAsync([Edge("a", "b"), Edge("b", "c")]);
        Assert.Equal(["b", "c"], await world.Registry.GetDescendantsAsync("a"));
        await Assert.ThrowsAsync<ConflictException>(() => world.Registry.ImportAsync([Edge("a", "c")]));
    }

    [Fact]
    public async Task AffiliationsSurviveReactivation()
    {
        await using var world = await FederationWorld.CreateAsync();
        await world.CreateFederationAsync("fcct");
        await world.CreateFederationAsync("reseau-coop");
        await world.Registry.RequestAsync("reseau-coop", "fcct");
        await world.Registry.AcceptAsync("fcct", "reseau-coop");

        await world.Runtime.DeactivateAllAsync();

        Assert.Equal(["reseau-coop"], await world.Registry.GetDescendantsAsync("fcct"));
    }
}

public sealed class AffiliationDeclineTests
{
    [Fact]
    public async Task DecliningAPendingRequestRemovesItAndTheChildMayAskAgain()
    {
        await using var world = await FederationWorld.CreateAsync();
        await world.CreateFederationAsync("nat");
        await world.CreateFederationAsync("prov");
        await world.Registry.RequestAsync("prov", "nat");

        await world.Registry.DeclineAsync("nat", "prov");

        Assert.Empty(await world.Registry.ListAsync("nat"));
        Assert.Empty(await world.Registry.GetDescendantsAsync("nat"));
        // Only the parent declines: the child "declining" finds no request made to it.
        await world.Registry.RequestAsync("prov", "nat");
        await Assert.ThrowsAsync<NotFoundException>(() => world.Registry.DeclineAsync("prov", "nat"));
        Assert.Equal(AffiliationStatus.Pending, Assert.Single(await world.Registry.ListAsync("nat")).Status);
    }

    [Fact]
    public async Task DecliningAnAcceptedAffiliateIsAConflictAndKeepsIt()
    {
        await using var world = await FederationWorld.CreateAsync();
        await world.CreateFederationAsync("nat");
        await world.CreateFederationAsync("prov");
        await world.Registry.RequestAsync("prov", "nat");
        await world.Registry.AcceptAsync("nat", "prov");

        await Assert.ThrowsAsync<ConflictException>(() => world.Registry.DeclineAsync("nat", "prov"));
        await Assert.ThrowsAsync<NotFoundException>(() => world.Registry.DeclineAsync("nat", "nobody"));
        await Assert.ThrowsAsync<ValidationFailedException>(() => world.Registry.DeclineAsync("nat", "../prov"));
        Assert.Equal(["prov"], await world.Registry.GetDescendantsAsync("nat"));
    }
}

public sealed class AffiliationDepartureTests
{
    [Fact]
    public async Task RemovingADepartingTenantTakesEveryEdgeInBothDirectionsAndNoOther()
    {
        await using var world = await FederationWorld.CreateAsync();
        foreach (var id in new[] { "nat", "prov", "local", "other" }) await world.CreateFederationAsync(id);
        await world.Registry.RequestAsync("prov", "nat");
        await world.Registry.AcceptAsync("nat", "prov");
        await world.Registry.RequestAsync("local", "prov");
        await world.Registry.AcceptAsync("prov", "local");
        await world.Registry.RequestAsync("other", "prov"); // still pending
        await world.Registry.RequestAsync("other", "nat");
        Assert.Equal(["prov", "local"], await world.Registry.GetDescendantsAsync("nat"));

        var removed = await world.Registry.RemoveTenantAsync("prov");

        Assert.Equal([("nat", "prov"), ("prov", "local"), ("prov", "other")], removed.Select(a => (a.ParentId, a.ChildId)));
        Assert.Empty(await world.Registry.ListAsync("prov"));
        Assert.Empty(await world.Registry.ListAsync("local"));
        Assert.Empty(await world.Registry.GetDescendantsAsync("nat"));
        Assert.Equal([("nat", "other")], (await world.Registry.ListAsync("other")).Select(a => (a.ParentId, a.ChildId)));
        // Again: nothing left to remove, nothing written.
        Assert.Empty(await world.Registry.RemoveTenantAsync("prov"));
        await Assert.ThrowsAsync<ValidationFailedException>(() => world.Registry.RemoveTenantAsync("../prov"));
    }
}
