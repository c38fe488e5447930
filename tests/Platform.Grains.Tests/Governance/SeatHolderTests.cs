using Platform.Abstractions;
using Platform.Abstractions.Governance;
using Platform.Grains.Governance;
using Platform.Testing;
using static Platform.Grains.Tests.Roles.RoleFixtures;

namespace Platform.Grains.Tests.Governance;

/// <summary>Seats held by people of the tenant, who state their own seat's position; staff on their behalf, recorded as such (rule 8).</summary>
public sealed class SeatHolderTests
{
    private const string Tenant = "ctroc";

    private static IGovernanceBodyGrain Body(PlatformTestCluster runtime, string tenantId = Tenant, string bodyId = "ca") =>
        runtime.Grains.GetGrain<IGovernanceBodyGrain>(Ids.Key(tenantId, bodyId));

    private static BodyDefinition Board() => new(
        BodyKind.Board,
        Text("Conseil d'administration", "Board of directors"),
        [
            new SeatDefinition("estrie", "Délégation — Estrie", true),
            new SeatDefinition("montreal", "Délégation — Montréal", true),
            new SeatDefinition("outaouais", "Délégation — Outaouais", true),
            new SeatDefinition("coordination", "Coordination", false),
        ]);

    private static PositionAuthor PersonAuthor(string personId, string name, bool staff = false) => new($"person:{personId}", personId, name, staff);

    /// <summary>A person of the tenant, through the tenant's own invitation flow.</summary>
    internal static async Task<string> JoinAsync(PlatformTestCluster runtime, string tenantId, string name)
    {
        var people = runtime.Grains.GetGrain<ITenantPeopleGrain>(tenantId);
        var issued = await people.InviteAsync($"{Guid.NewGuid():N}@example.org", name, TenantRole.Viewer, null);
        Assert.True(PeopleKeys.TryParseInvitationToken(issued.Token, out _, out var invitationId, out var secret));
        var personId = "p" + Guid.NewGuid().ToString("N")[..12];
        await people.AcceptInvitationAsync(invitationId, secret, personId, name, $"{personId}@example.org");
        return personId;
    }

    [Fact]
    public async Task TheHolderStatesTheirOwnSeatsPositionWhateverTheirRole()
    {
        await using var runtime = await CreateAsync();
        var body = Body(runtime);
        await body.DefineAsync(Board());
        var nadia = await JoinAsync(runtime, Tenant, "Nadia Lévesque");
        await body.AssignSeatAsync("estrie", nadia);
        await body.OpenProposalAsync(new NewProposal("plan", Text("Plan", "Plan"), DecisionMode.Majority));

        var proposal = await body.StatePositionAsync("plan", "estrie", Position.Agree, PersonAuthor(nadia, "Nadia Lévesque"));

        var stated = Assert.Single(proposal.Positions);
        Assert.Equal($"person:{nadia}", stated.StatedBy);
        Assert.Equal("Nadia Lévesque", stated.StatedByName);
        Assert.Null(stated.OnBehalfOf);
    }

    [Fact]
    public async Task SomeoneWhoNeitherHoldsTheSeatNorIsStaffIsRefusedAndNothingIsRecorded()
    {
        await using var runtime = await CreateAsync();
        var body = Body(runtime);
        await body.DefineAsync(Board());
        var nadia = await JoinAsync(runtime, Tenant, "Nadia Lévesque");
        var other = await JoinAsync(runtime, Tenant, "Louis Côté");
        await body.AssignSeatAsync("estrie", nadia);
        await body.OpenProposalAsync(new NewProposal("plan", Text("Plan", "Plan"), DecisionMode.Majority));

        await Assert.ThrowsAsync<AccessDeniedException>(() => body.StatePositionAsync("plan", "estrie", Position.Block, PersonAuthor(other, "Louis Côté")));
        // Holding one seat gives no say over another.
        await Assert.ThrowsAsync<AccessDeniedException>(() => body.StatePositionAsync("plan", "montreal", Position.Block, PersonAuthor(nadia, "Nadia Lévesque")));

        Assert.Empty((await body.GetProposalAsync("plan"))!.Positions);
    }

    [Fact]
    public async Task StaffRecordOnTheHoldersBehalfAndThePositionSaysSo()
    {
        await using var runtime = await CreateAsync();
        var body = Body(runtime);
        await body.DefineAsync(Board());
        var nadia = await JoinAsync(runtime, Tenant, "Nadia Lévesque");
        var camille = await JoinAsync(runtime, Tenant, "Camille Roy");
        await body.AssignSeatAsync("estrie", nadia);
        await body.OpenProposalAsync(new NewProposal("plan", Text("Plan", "Plan"), DecisionMode.Majority));

        await body.StatePositionAsync("plan", "estrie", Position.Agree, PersonAuthor(camille, "Camille Roy", staff: true));
        // A seat nobody with an account holds: named by its label.
        var proposal = await body.StatePositionAsync("plan", "montreal", Position.Disagree, PersonAuthor(camille, "Camille Roy", staff: true));

        var forNadia = proposal.Positions.Single(p => p.Seat == "estrie");
        Assert.Equal("Nadia Lévesque", forNadia.OnBehalfOf);
        Assert.Equal("Camille Roy", forNadia.StatedByName);
        Assert.Equal("Délégation — Montréal", proposal.Positions.Single(p => p.Seat == "montreal").OnBehalfOf);
    }

    [Fact]
    public async Task OnlyAPersonOfTheTenantMayHoldASeat()
    {
        await using var runtime = await CreateAsync();
        var body = Body(runtime);
        await body.DefineAsync(Board());
        var outsider = await JoinAsync(runtime, "exeko", "Sam Gagnon");

        await Assert.ThrowsAsync<ValidationFailedException>(() => body.AssignSeatAsync("estrie", outsider));
        await Assert.ThrowsAsync<ValidationFailedException>(() => body.AssignSeatAsync("nulle-part", null));
        await Assert.ThrowsAsync<ValidationFailedException>(() => body.AssignSeatAsync("estrie", "../x"));
        await Assert.ThrowsAsync<ValidationFailedException>(() => body.DefineAsync(Board() with { Seats = [new SeatDefinition("estrie", null, true, null, outsider)] }));

        var stored = await body.GetAsync();
        Assert.All(stored!.Seats, s => Assert.Null(s.Person));
        Assert.Equal(4, stored.Seats.Count);
    }

    [Fact]
    public async Task AnOpenProposalFollowsTheSeatsNewHolderAndAClosedOneKeepsItsHistory()
    {
        await using var runtime = await CreateAsync();
        var body = Body(runtime);
        await body.DefineAsync(Board());
        var nadia = await JoinAsync(runtime, Tenant, "Nadia Lévesque");
        var louis = await JoinAsync(runtime, Tenant, "Louis Côté");
        await body.AssignSeatAsync("estrie", nadia);
        await body.OpenProposalAsync(new NewProposal("closed", Text("A", "A"), DecisionMode.Majority));
        await body.CloseProposalAsync("closed");
        await body.OpenProposalAsync(new NewProposal("open", Text("B", "B"), DecisionMode.Majority));

        await body.AssignSeatAsync("estrie", louis);

        await body.StatePositionAsync("open", "estrie", Position.Agree, PersonAuthor(louis, "Louis Côté"));
        await Assert.ThrowsAsync<AccessDeniedException>(() => body.StatePositionAsync("open", "estrie", Position.Block, PersonAuthor(nadia, "Nadia Lévesque")));
        Assert.Equal(nadia, (await body.GetProposalAsync("closed"))!.Seats.Single(s => s.Id == "estrie").Person);
        Assert.Equal(louis, (await body.GetAsync())!.Seats.Single(s => s.Id == "estrie").Person);
    }

    [Fact]
    public async Task TheTenantListsItsBodiesAndNoOtherTenantsOnes()
    {
        await using var runtime = await CreateAsync();
        await Body(runtime).DefineAsync(Board());
        await Body(runtime, bodyId: "comite").DefineAsync(new BodyDefinition(BodyKind.Committee, Text("Comité des finances", "Finance committee"),
            [new SeatDefinition("a", null, true), new SeatDefinition("b", null, true)], 2));
        await Body(runtime, "exeko", "ca").DefineAsync(Board());
        // Redefining a body replaces its entry, never adds a second one.
        await Body(runtime).DefineAsync(Board() with { Quorum = 3 });

        var listed = await runtime.Grains.GetGrain<ITenantBodiesGrain>(Tenant).ListAsync();

        Assert.Equal(["ca", "comite"], listed.Select(b => b.Id));
        var board = listed[0];
        Assert.Equal((3, 1, 3), (board.VotingSeats, board.NonVotingSeats, board.Quorum));
        Assert.Equal("Finance committee", listed[1].Name.En);
        Assert.Single(await runtime.Grains.GetGrain<ITenantBodiesGrain>("exeko").ListAsync());
    }

    [Fact]
    public async Task AnInvalidDefinitionIsNotListed()
    {
        await using var runtime = await CreateAsync();
        await Assert.ThrowsAsync<ValidationFailedException>(() => Body(runtime).DefineAsync(Board() with { Quorum = 9 }));
        Assert.Empty(await runtime.Grains.GetGrain<ITenantBodiesGrain>(Tenant).ListAsync());
    }

    [Fact]
    public async Task TheRegisterHoldsClosedProposalsOnlyLatestClosedFirst()
    {
        await using var runtime = await CreateAsync();
        var body = Body(runtime);
        await body.DefineAsync(Board());
        foreach (var id in new[] { "first", "second", "still-open" })
            await body.OpenProposalAsync(new NewProposal(id, Text(id, id), DecisionMode.Majority));
        await body.CloseProposalAsync("second");
        runtime.Clock.Advance(TimeSpan.FromDays(30));
        await body.CloseProposalAsync("first");

        Assert.Equal(["first", "second"], (await body.ListDecisionsAsync()).Select(p => p.Id));
    }

    [Fact]
    public async Task TheTallyAsOfNowIsWhatClosingWouldDecideAndTheStoredOutcomeOnceClosed()
    {
        await using var runtime = await CreateAsync();
        var body = Body(runtime);
        await body.DefineAsync(Board());
        await body.OpenProposalAsync(new NewProposal("plan", Text("Plan", "Plan"), DecisionMode.Consensus));
        await body.StatePositionAsync("plan", "estrie", Position.Agree);
        Assert.Equal(DecisionResult.NoQuorum, (await body.TallyAsync("plan"))!.Outcome); // 1 of a quorum of 2

        await body.StatePositionAsync("plan", "montreal", Position.Abstain);
        await body.StatePositionAsync("plan", "coordination", Position.Block);
        var projected = await body.TallyAsync("plan");
        Assert.Equal((DecisionResult.Passed, 2, 1), (projected!.Outcome, projected.Quorum.Present, projected.Uncounted.Block));
        Assert.Equal(ProposalStatus.Open, (await body.GetProposalAsync("plan"))!.Status); // a tally closes nothing

        var closed = await body.CloseProposalAsync("plan");
        runtime.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(closed.ClosedAt, (await body.TallyAsync("plan"))!.ClosedAt);
        Assert.Null(await body.TallyAsync("inconnue"));
    }

    [Fact]
    public async Task ANewBodyPastTheTenantsBoundIsRefusedWithNothingStored()
    {
        await using var runtime = await CreateAsync();
        var list = runtime.Grains.GetGrain<ITenantBodiesGrain>(Tenant);
        for (var i = 0; i < TenantBodiesGrain.MaxBodies; i++)
            await list.RecordAsync(new BodySummary($"b{i}", BodyKind.Committee, Text($"Comité {i}", $"Committee {i}"), 1, 0, 1, runtime.Clock.GetUtcNow()));

        var error = await Assert.ThrowsAsync<ConflictException>(() => Body(runtime, bodyId: "one-too-many").DefineAsync(Board()));

        Assert.Contains($"{TenantBodiesGrain.MaxBodies}", error.Message);
        Assert.Null(await Body(runtime, bodyId: "one-too-many").GetAsync());
        // An existing entry is still replaced at the bound.
        await list.RecordAsync(new BodySummary("b0", BodyKind.Board, Text("Conseil", "Board"), 3, 0, 2, runtime.Clock.GetUtcNow()));
        Assert.Equal(BodyKind.Board, (await list.ListAsync()).Single(b => b.Id == "b0").Kind);
    }
}
