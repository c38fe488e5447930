using Platform.Abstractions;

namespace Platform.Grains.Tests.Consortium;

public sealed class AgreementTests
{
    private static AgreementInput Offer(string id = "ag-1", string client = ConsortiumWorld.Client, AgreementAccess access = AgreementAccess.Read,
        string starts = "2026-01-01", string ends = "2026-12-31", params string[] fields) =>
        new(id, client, fields.Length == 0 ? ["events"] : fields, DateOnly.Parse(starts), DateOnly.Parse(ends), access);

    [Fact]
    public async Task AnOfferIsPendingOnBothSidesAndCoversNothingUntilAccepted()
    {
        await using var world = await ConsortiumWorld.CreateAsync();

        var offered = await world.Consortium.OfferAgreementAsync(Offer());

        Assert.Equal(AgreementStatus.Pending, offered.Status);
        ConsortiumWorld.AssertSame(offered, await world.AgreementsOf(ConsortiumWorld.Client).FindAsync("ag-1"));
        Assert.False(offered.IsInForceAt(world.Clock.GetUtcNow()));
        await Assert.ThrowsAsync<ConflictException>(() => world.SubmitAsync("r1"));
        Assert.Null(await world.AgreementsOf(ConsortiumWorld.Client).FindDelegatedReadAsync(ConsortiumWorld.ConsortiumId));
    }

    [Fact]
    public async Task AcceptanceByTheClientPutsItInForceOnBothSides()
    {
        await using var world = await ConsortiumWorld.CreateAsync();
        await world.Consortium.OfferAgreementAsync(Offer());

        var accepted = await world.Consortium.AcceptAgreementAsync("ag-1", ConsortiumWorld.Client);

        Assert.Equal(AgreementStatus.Accepted, accepted.Status);
        Assert.Equal(world.Clock.GetUtcNow(), accepted.AcceptedAt);
        Assert.True(accepted.IsInForceAt(world.Clock.GetUtcNow()));
        ConsortiumWorld.AssertSame(accepted, await world.AgreementsOf(ConsortiumWorld.Client).FindAsync("ag-1"));
        Assert.Equal(ServiceRequestStatus.Open, (await world.SubmitAsync("r1")).Status);
    }

    [Fact]
    public async Task AnotherClientCannotAcceptDeclineOrEndIt()
    {
        await using var world = await ConsortiumWorld.CreateAsync();
        await world.Consortium.OfferAgreementAsync(Offer());

        await Assert.ThrowsAsync<NotFoundException>(() => world.Consortium.AcceptAgreementAsync("ag-1", ConsortiumWorld.OtherClient));
        await Assert.ThrowsAsync<NotFoundException>(() => world.Consortium.DeclineAgreementAsync("ag-1", ConsortiumWorld.OtherClient));
        await Assert.ThrowsAsync<NotFoundException>(() => world.Consortium.EndAgreementAsync("ag-1", ConsortiumWorld.OtherClient));
        Assert.Equal(AgreementStatus.Pending, (await world.Consortium.GetAgreementAsync("ag-1")).Status);
        Assert.Empty(await world.AgreementsOf(ConsortiumWorld.OtherClient).ListAsync());
    }

    [Fact]
    public async Task AcceptingTwiceIsHarmlessButADeclinedOrEndedOfferCannotBeAccepted()
    {
        await using var world = await ConsortiumWorld.CreateAsync();
        await world.Consortium.OfferAgreementAsync(Offer("ag-1"));
        await world.Consortium.OfferAgreementAsync(Offer("ag-2"));
        await world.Consortium.OfferAgreementAsync(Offer("ag-3"));

        var first = await world.Consortium.AcceptAgreementAsync("ag-1", ConsortiumWorld.Client);
        world.Clock.Advance(TimeSpan.FromHours(1));
        ConsortiumWorld.AssertSame(first, await world.Consortium.AcceptAgreementAsync("ag-1", ConsortiumWorld.Client));

        Assert.Equal(AgreementStatus.Declined, (await world.Consortium.DeclineAgreementAsync("ag-2", ConsortiumWorld.Client)).Status);
        await Assert.ThrowsAsync<ConflictException>(() => world.Consortium.AcceptAgreementAsync("ag-2", ConsortiumWorld.Client));
        await world.Consortium.EndAgreementAsync("ag-3", null);
        await Assert.ThrowsAsync<ConflictException>(() => world.Consortium.AcceptAgreementAsync("ag-3", ConsortiumWorld.Client));
        await Assert.ThrowsAsync<ConflictException>(() => world.Consortium.DeclineAgreementAsync("ag-1", ConsortiumWorld.Client));
    }

    [Fact]
    public async Task AnOfferWhoseEndDatePassedCanNoLongerBeAccepted()
    {
        await using var world = await ConsortiumWorld.CreateAsync();
        await world.Consortium.OfferAgreementAsync(Offer(ends: "2026-03-31"));
        world.AdvanceTo(new DateOnly(2026, 4, 1));

        await Assert.ThrowsAsync<ConflictException>(() => world.Consortium.AcceptAgreementAsync("ag-1", ConsortiumWorld.Client));
    }

    [Fact]
    public async Task AnAcceptedAgreementIsInForceOnlyBetweenItsDatesInclusive()
    {
        await using var world = await ConsortiumWorld.CreateAsync();
        await world.AgreeAsync(startsOn: new DateOnly(2026, 3, 10), endsOn: new DateOnly(2026, 3, 20));
        var client = world.AgreementsOf(ConsortiumWorld.Client);

        await Assert.ThrowsAsync<ConflictException>(() => world.SubmitAsync("before"));
        Assert.Null(await client.FindDelegatedReadAsync(ConsortiumWorld.ConsortiumId));

        world.AdvanceTo(new DateOnly(2026, 3, 10));
        await world.SubmitAsync("first-day");
        Assert.NotNull(await client.FindDelegatedReadAsync(ConsortiumWorld.ConsortiumId));

        world.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 20, 23, 59, 59, TimeSpan.Zero));
        await world.SubmitAsync("last-day");
        Assert.NotNull(await client.FindDelegatedReadAsync(ConsortiumWorld.ConsortiumId));

        world.Clock.Advance(TimeSpan.FromSeconds(1));
        await Assert.ThrowsAsync<ConflictException>(() => world.SubmitAsync("expired"));
        Assert.Null(await client.FindDelegatedReadAsync(ConsortiumWorld.ConsortiumId));
    }

    [Fact]
    public async Task EitherSideEndingItStopsRequestsAndDelegatedReadsAtOnce()
    {
        await using var world = await ConsortiumWorld.CreateAsync();
        await world.AgreeAsync("by-consortium");
        await world.AgreeAsync("by-client", clientId: ConsortiumWorld.OtherClient);

        var ended = await world.Consortium.EndAgreementAsync("by-consortium", null);
        var endedByClient = await world.Consortium.EndAgreementAsync("by-client", ConsortiumWorld.OtherClient);

        Assert.Equal((AgreementStatus.Ended, AgreementParty.Consortium), (ended.Status, ended.EndedBy));
        Assert.Equal((AgreementStatus.Ended, AgreementParty.Client), (endedByClient.Status, endedByClient.EndedBy));
        ConsortiumWorld.AssertSame(ended, await world.AgreementsOf(ConsortiumWorld.Client).FindAsync("by-consortium"));
        await Assert.ThrowsAsync<ConflictException>(() => world.SubmitAsync("r1"));
        await Assert.ThrowsAsync<ConflictException>(() => world.SubmitAsync("r2", clientId: ConsortiumWorld.OtherClient));
        Assert.Null(await world.AgreementsOf(ConsortiumWorld.Client).FindDelegatedReadAsync(ConsortiumWorld.ConsortiumId));
        await Assert.ThrowsAsync<ConflictException>(() => world.Consortium.EndAgreementAsync("by-consortium", null));
    }

    [Fact]
    public async Task OnlyAReadAgreementOfThatConsortiumGrantsDelegatedReads()
    {
        await using var world = await ConsortiumWorld.CreateAsync();
        await world.AgreeAsync("no-access", access: AgreementAccess.None);
        var client = world.AgreementsOf(ConsortiumWorld.Client);
        Assert.Null(await client.FindDelegatedReadAsync(ConsortiumWorld.ConsortiumId));

        await world.AgreeAsync("read", access: AgreementAccess.Read, fields: "legal");
        Assert.Equal("read", (await client.FindDelegatedReadAsync(ConsortiumWorld.ConsortiumId))?.Id);
        Assert.Null(await client.FindDelegatedReadAsync("another-consortium"));
        Assert.Null(await world.AgreementsOf(ConsortiumWorld.OtherClient).FindDelegatedReadAsync(ConsortiumWorld.ConsortiumId));
    }

    [Fact]
    public async Task RequestsAreCoveredOnlyForTheFieldsOfTheAgreement()
    {
        await using var world = await ConsortiumWorld.CreateAsync();
        await world.AgreeAsync(fields: "events");

        Assert.Equal("ag-1", (await world.SubmitAsync("r1", "events")).AgreementId);
        await Assert.ThrowsAsync<ConflictException>(() => world.SubmitAsync("r2", "web"));
        await Assert.ThrowsAsync<ConflictException>(() => world.SubmitAsync("r3", "events", ConsortiumWorld.OtherClient));
    }

    [Fact]
    public async Task ASecondConsortiumCannotReuseAnAgreementIdTheClientAlreadyHolds()
    {
        await using var world = await ConsortiumWorld.CreateAsync();
        await world.CreateTenantAsync("conso-2", TenantKind.Consortium);
        var second = world.Runtime.Grains.GetGrain<IConsortiumGrain>("conso-2");
        await second.PutFieldAsync("events", new LocalizedText("Événements", "Events"));
        await world.Consortium.OfferAgreementAsync(Offer());

        await Assert.ThrowsAsync<ConflictException>(() => second.OfferAgreementAsync(Offer()));
        Assert.Empty(await second.ListAgreementsAsync());
        Assert.Equal(ConsortiumWorld.ConsortiumId, (await world.AgreementsOf(ConsortiumWorld.Client).FindAsync("ag-1"))!.ConsortiumId);
    }

    public static TheoryData<string, AgreementInput> BadOffers => new()
    {
        { "id", Offer(id: "Bad Id") },
        { "id", Offer(id: "..") },
        { "id", Offer(id: new string('a', 64)) },
        { "clientId", Offer(client: "a/b") },
        { "clientId", Offer(client: "nobody-here") },
        { "clientId", Offer(client: ConsortiumWorld.ConsortiumId) },
        { "clientId", Offer(client: "conso-b") },
        { "fields", new AgreementInput("ag-x", ConsortiumWorld.Client, [], new(2026, 1, 1), new(2026, 12, 31), AgreementAccess.Read) },
        { "fields", Offer(fields: "cooking") },
        { "fields", Offer(fields: ["events", "events"]) },
        { "endsOn", Offer(starts: "2026-06-01", ends: "2026-05-31") },
        { "endsOn", Offer(starts: "2025-01-01", ends: "2025-12-31") },
        { "startsOn", Offer(starts: "1900-01-01") },
        { "access", new AgreementInput("ag-x", ConsortiumWorld.Client, ["events"], new(2026, 1, 1), new(2026, 12, 31), (AgreementAccess)7) },
    };

    [Theory]
    [MemberData(nameof(BadOffers))]
    public async Task BadOffersAre400AndStoreNothing(string field, AgreementInput input)
    {
        await using var world = await ConsortiumWorld.CreateAsync();
        await world.CreateTenantAsync("conso-b", TenantKind.Consortium);

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => world.Consortium.OfferAgreementAsync(input));

        Assert.Contains(field, error.Errors.Keys);
        Assert.Empty(await world.Consortium.ListAgreementsAsync());
        Assert.Empty(await world.AgreementsOf(ConsortiumWorld.Client).ListAsync());
    }

    [Fact]
    public async Task ADuplicateAgreementIdIsAConflict()
    {
        await using var world = await ConsortiumWorld.CreateAsync();
        await world.Consortium.OfferAgreementAsync(Offer());
        await Assert.ThrowsAsync<ConflictException>(() => world.Consortium.OfferAgreementAsync(Offer(client: ConsortiumWorld.OtherClient)));
        Assert.Empty(await world.AgreementsOf(ConsortiumWorld.OtherClient).ListAsync());
    }
}
