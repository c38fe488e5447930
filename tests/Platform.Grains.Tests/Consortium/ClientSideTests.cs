using Platform.Abstractions;

namespace Platform.Grains.Tests.Consortium;

/// <summary>What a client does through its own grain, acting as itself only.</summary>
public sealed class ClientSideTests
{
    private static IConsortiumClientGrain ClientOf(ConsortiumWorld world, string clientId) =>
        world.Runtime.Grains.GetGrain<IConsortiumClientGrain>(clientId);

    private static ServiceRequestInput Input(string id, string consortiumId = ConsortiumWorld.ConsortiumId, string field = "events") =>
        new(id, consortiumId, field, new LocalizedText("Assemblée générale", "General assembly"), new DateOnly(2026, 3, 20), ServiceRequestUrgency.Urgent);

    [Fact]
    public async Task TheClientFindsItsOfferByIdAndAcceptsIt()
    {
        await using var world = await ConsortiumWorld.CreateAsync();
        await world.Consortium.OfferAgreementAsync(new AgreementInput("ag-1", ConsortiumWorld.Client, ["events"], new(2026, 1, 1), new(2026, 12, 31), AgreementAccess.Read));
        var client = ClientOf(world, ConsortiumWorld.Client);

        Assert.Equal(AgreementStatus.Pending, Assert.Single(await client.ListAgreementsAsync()).Status);
        var accepted = await client.AcceptAgreementAsync("ag-1");

        Assert.Equal(AgreementStatus.Accepted, accepted.Status);
        Assert.Equal(AgreementStatus.Accepted, (await world.Consortium.GetAgreementAsync("ag-1")).Status);
        await Assert.ThrowsAsync<NotFoundException>(() => client.AcceptAgreementAsync("ag-2"));
        await Assert.ThrowsAsync<NotFoundException>(() => ClientOf(world, ConsortiumWorld.OtherClient).AcceptAgreementAsync("ag-1"));
        await Assert.ThrowsAsync<ValidationFailedException>(() => client.AcceptAgreementAsync("../ag-1"));
    }

    [Fact]
    public async Task TheClientDeclinesOrEndsOnlyItsOwnAgreements()
    {
        await using var world = await ConsortiumWorld.CreateAsync();
        await world.Consortium.OfferAgreementAsync(new AgreementInput("ag-1", ConsortiumWorld.Client, ["events"], new(2026, 1, 1), new(2026, 12, 31), AgreementAccess.Read));
        await world.AgreeAsync("ag-2");
        var client = ClientOf(world, ConsortiumWorld.Client);

        Assert.Equal(AgreementStatus.Declined, (await client.DeclineAgreementAsync("ag-1")).Status);
        await Assert.ThrowsAsync<NotFoundException>(() => ClientOf(world, ConsortiumWorld.OtherClient).EndAgreementAsync("ag-2"));
        var ended = await client.EndAgreementAsync("ag-2");
        Assert.Equal((AgreementStatus.Ended, AgreementParty.Client), (ended.Status, ended.EndedBy));
    }

    [Fact]
    public async Task RequestsGoToTheNamedConsortiumAsThisClient()
    {
        await using var world = await ConsortiumWorld.CreateAsync();
        await world.AgreeAsync();
        await world.AgreeAsync("ag-o", ConsortiumWorld.OtherClient);
        var client = ClientOf(world, ConsortiumWorld.Client);

        var request = await client.SubmitRequestAsync(Input("r1"));
        await ClientOf(world, ConsortiumWorld.OtherClient).SubmitRequestAsync(Input("o1"));

        Assert.Equal(ConsortiumWorld.Client, request.ClientId);
        Assert.Equal(["r1"], (await client.ListRequestsAsync()).Select(r => r.Id));
        Assert.Equal(request, await client.GetRequestAsync("r1", null));
        Assert.Equal(request, await client.GetRequestAsync("r1", ConsortiumWorld.ConsortiumId));
        await Assert.ThrowsAsync<NotFoundException>(() => client.GetRequestAsync("o1", null));
        await Assert.ThrowsAsync<NotFoundException>(() => client.CancelRequestAsync("o1", null));
        await Assert.ThrowsAsync<NotFoundException>(() => client.GetRequestAsync("r1", "elsewhere"));

        Assert.Equal(ServiceRequestStatus.Cancelled, (await client.CancelRequestAsync("r1", null)).Status);
    }

    [Fact]
    public async Task ARequestToAConsortiumWithoutAnyAgreementIsAConflictAndABadIdA400()
    {
        await using var world = await ConsortiumWorld.CreateAsync();
        var client = ClientOf(world, ConsortiumWorld.Client);

        await Assert.ThrowsAsync<ConflictException>(() => client.SubmitRequestAsync(Input("r1")));
        await Assert.ThrowsAsync<ConflictException>(() => client.SubmitRequestAsync(Input("r1", "some-federation")));
        await Assert.ThrowsAsync<ValidationFailedException>(() => client.SubmitRequestAsync(Input("r1", "A/B")));
        Assert.Empty(await world.Consortium.ListActiveRequestsAsync(null));
    }

    [Fact]
    public async Task AClientReadsItsOwnStatementOnlyFromAConsortiumItAccepted()
    {
        await using var world = await ConsortiumWorld.CreateAsync();
        await world.HireAsync("p1", 80m);
        await world.AgreeAsync();
        await world.AssignedAsync("r1", "p1");
        await world.RecordAsync("r1", "p1", world.Today, 1.5m);
        var march = new YearMonth(2026, 3);

        var mine = await ClientOf(world, ConsortiumWorld.Client).GetStatementAsync(ConsortiumWorld.ConsortiumId, march);

        Assert.Equal((ConsortiumWorld.Client, 120m), (mine.ClientId, mine.Total));
        await Assert.ThrowsAsync<NotFoundException>(() => ClientOf(world, ConsortiumWorld.OtherClient).GetStatementAsync(ConsortiumWorld.ConsortiumId, march));
    }
}

/// <summary>What a tenant's deletion ends between a consortium and its clients.</summary>
public sealed class ConsortiumDepartureTests
{
    [Fact]
    public async Task ADepartingClientsAgreementsEndAndItsRequestsInProgressAreCancelledButTheAccountsStay()
    {
        await using var world = await ConsortiumWorld.CreateAsync();
        await world.HireAsync("ana", 45.30m);
        await world.AgreeAsync("ag-1");
        await world.Consortium.OfferAgreementAsync(new AgreementInput("ag-2", ConsortiumWorld.Client, ["web"], new(2026, 1, 1), new(2026, 12, 31), AgreementAccess.None));
        await world.AgreeAsync("ag-o", ConsortiumWorld.OtherClient);
        await world.AssignedAsync("r1", "ana");
        await world.RecordAsync("r1", "ana", world.Today, 3m);
        await world.SubmitAsync("r2");
        await world.AssignedAsync("r3", "ana");
        await world.Consortium.CompleteRequestAsync("r3");
        await world.SubmitAsync("o1", clientId: ConsortiumWorld.OtherClient);

        var departure = await world.Consortium.ClientDepartingAsync(ConsortiumWorld.Client);

        Assert.Equal(["ag-1", "ag-2"], departure.EndedAgreements.Select(a => a.Id));
        Assert.All(departure.EndedAgreements, a => Assert.Equal((AgreementStatus.Ended, AgreementParty.Client), (a.Status, a.EndedBy)));
        Assert.Equal(["r1", "r2"], departure.CancelledRequestIds);
        Assert.Equal(ServiceRequestStatus.Cancelled, (await world.Request("r1").GetAsync())!.Status);
        Assert.Equal(ServiceRequestStatus.Done, (await world.Request("r3").GetAsync())!.Status);
        Assert.Equal(["o1"], (await world.Consortium.ListActiveRequestsAsync(null)).Select(r => r.Id));
        Assert.Equal(AgreementStatus.Accepted, (await world.Consortium.GetAgreementAsync("ag-o")).Status);
        // The hours already worked are still the consortium's to account for.
        Assert.Equal(135.90m, (await world.Consortium.GetStatementAsync(ConsortiumWorld.Client, YearMonth.Of(world.Today))).Total);

        var again = await world.Consortium.ClientDepartingAsync(ConsortiumWorld.Client);
        Assert.Empty(again.EndedAgreements);
        Assert.Empty(again.CancelledRequestIds);
    }

    [Fact]
    public async Task ADepartingConsortiumEndsEveryLiveAgreementAndTheClientsCopiesSaySo()
    {
        await using var world = await ConsortiumWorld.CreateAsync();
        await world.AgreeAsync("ag-1");
        await world.Consortium.OfferAgreementAsync(new AgreementInput("ag-p", ConsortiumWorld.OtherClient, ["events"], new(2026, 1, 1), new(2026, 12, 31), AgreementAccess.Read));
        await world.AgreeAsync("ag-old");
        await world.Consortium.EndAgreementAsync("ag-old", null);
        Assert.NotNull(await world.AgreementsOf(ConsortiumWorld.Client).FindDelegatedReadAsync(ConsortiumWorld.ConsortiumId));

        var departure = await world.Consortium.DepartingAsync();

        Assert.Equal(["ag-1", "ag-p"], departure.EndedAgreements.Select(a => a.Id));
        Assert.Empty(departure.CancelledRequestIds);
        var copy = await world.AgreementsOf(ConsortiumWorld.Client).FindAsync("ag-1");
        Assert.Equal((AgreementStatus.Ended, AgreementParty.Consortium), (copy!.Status, copy.EndedBy));
        Assert.Equal(AgreementStatus.Ended, (await world.AgreementsOf(ConsortiumWorld.OtherClient).FindAsync("ag-p"))!.Status);
        Assert.Null(await world.AgreementsOf(ConsortiumWorld.Client).FindDelegatedReadAsync(ConsortiumWorld.ConsortiumId));
        Assert.Empty((await world.Consortium.DepartingAsync()).EndedAgreements);
    }
}
