using Platform.Abstractions;
using Platform.Abstractions.Governance;
using Platform.Testing;
using static Platform.Grains.Tests.Roles.RoleFixtures;

namespace Platform.Grains.Tests.Governance;

/// <summary>A co-direction is made of two paired co-roles and decides by consensus of both.</summary>
public sealed class CoDirectionTests
{
    private static IGovernanceBodyGrain Body(PlatformTestCluster runtime) =>
        runtime.Grains.GetGrain<IGovernanceBodyGrain>(Ids.Key("fcct", "codirection"));

    private static BodyDefinition CoDirection(int? quorum = null) => new(
        BodyKind.CoDirection,
        Text("Codirection générale", "Co-direction"),
        [new SeatDefinition("mouvement", "Codirection mouvement", true, "mouvement"), new SeatDefinition("operations", "Codirection opérations", true, "operations")],
        quorum);

    private static async Task<PlatformTestCluster> PairedAsync()
    {
        var runtime = await CreateAsync();
        await runtime.Role("fcct", "mouvement").PutAsync(Titled("Codirection – mouvement", "Co-director – movement"));
        await runtime.Role("fcct", "operations").PutAsync(Titled("Codirection – opérations", "Co-director – operations"));
        await runtime.Roles("fcct").PairAsync("mouvement", "operations");
        return runtime;
    }

    private static async Task<DecisionOutcome> DecideAsync(PlatformTestCluster runtime, string id, params (string Seat, Position Position)[] positions)
    {
        var body = Body(runtime);
        await body.OpenProposalAsync(new NewProposal(id, Text("Embaucher", "Hire"), null));
        foreach (var (seat, position) in positions) await body.StatePositionAsync(id, seat, position);
        return await body.CloseProposalAsync(id);
    }

    [Fact]
    public async Task CoDirectionOfTwoPairedRolesDecidesByConsensusWithAQuorumOfTwo()
    {
        await using var runtime = await PairedAsync();
        var body = await Body(runtime).DefineAsync(CoDirection());
        Assert.Equal(2, body.Quorum);

        Assert.Equal(DecisionResult.Passed, (await DecideAsync(runtime, "p1", ("mouvement", Position.Agree), ("operations", Position.Agree))).Outcome);
        Assert.Equal(DecisionResult.Rejected, (await DecideAsync(runtime, "p2", ("mouvement", Position.Agree), ("operations", Position.Block))).Outcome);
        // One co-lead alone cannot decide.
        var alone = await DecideAsync(runtime, "p3", ("mouvement", Position.Agree));
        Assert.Equal(DecisionResult.NoQuorum, alone.Outcome);
        Assert.Equal(DecisionMode.Consensus, alone.Mode);
    }

    [Fact]
    public async Task CoDirectionOfUnpairedRolesIsRefused()
    {
        await using var runtime = await CreateAsync();
        await runtime.Role("fcct", "mouvement").PutAsync(Titled("Codirection – mouvement", "Co-director – movement"));
        await runtime.Role("fcct", "operations").PutAsync(Titled("Codirection – opérations", "Co-director – operations"));

        var error = await Assert.ThrowsAsync<ConflictException>(() => Body(runtime).DefineAsync(CoDirection()));
        Assert.Contains("not paired", error.Message);
        Assert.Null(await Body(runtime).GetAsync());
    }

    [Fact]
    public async Task CoDirectionOfRolesPairedWithOthersIsRefused()
    {
        await using var runtime = await PairedAsync();
        await runtime.Role("fcct", "tiers").PutAsync(Titled("Tiers", "Third"));
        var definition = CoDirection() with
        {
            Seats = [new SeatDefinition("mouvement", null, true, "mouvement"), new SeatDefinition("tiers", null, true, "tiers")],
        };
        await Assert.ThrowsAsync<ConflictException>(() => Body(runtime).DefineAsync(definition));
    }

    [Fact]
    public async Task CoDirectionShapeIsChecked()
    {
        await using var runtime = await PairedAsync();
        var seats = CoDirection().Seats!;
        await Assert.ThrowsAsync<ValidationFailedException>(() => Body(runtime).DefineAsync(CoDirection(quorum: 1)));
        await Assert.ThrowsAsync<ValidationFailedException>(() => Body(runtime).DefineAsync(CoDirection() with { Seats = [seats[0]] }));
        await Assert.ThrowsAsync<ValidationFailedException>(() => Body(runtime).DefineAsync(CoDirection() with { Seats = [seats[0], seats[1] with { Voting = false }] }));
        await Assert.ThrowsAsync<ValidationFailedException>(() => Body(runtime).DefineAsync(CoDirection() with { Seats = [seats[0], seats[1] with { Role = null }] }));
        await Assert.ThrowsAsync<ValidationFailedException>(() => Body(runtime).DefineAsync(CoDirection() with { Seats = [seats[0], seats[1] with { Role = "mouvement" }] }));
        await Assert.ThrowsAsync<ValidationFailedException>(() => Body(runtime).DefineAsync(CoDirection() with
        {
            Seats = [.. seats, new SeatDefinition("personnel", null, false)],
        }));
    }

    [Fact]
    public async Task CoDirectionRefusesAnyModeButConsensus()
    {
        await using var runtime = await PairedAsync();
        await Body(runtime).DefineAsync(CoDirection());
        await Assert.ThrowsAsync<ValidationFailedException>(() =>
            Body(runtime).OpenProposalAsync(new NewProposal("p1", Text("Embaucher", "Hire"), DecisionMode.Majority)));
        Assert.Equal(DecisionMode.Consensus,
            (await Body(runtime).OpenProposalAsync(new NewProposal("p2", Text("Embaucher", "Hire"), DecisionMode.Consensus))).Mode);
    }

    [Fact]
    public async Task CoDirectionWhoseRolesWereUnpairedOpensNoNewProposal()
    {
        await using var runtime = await PairedAsync();
        await Body(runtime).DefineAsync(CoDirection());
        await runtime.Roles("fcct").UnpairAsync("operations");

        await Assert.ThrowsAsync<ConflictException>(() =>
            Body(runtime).OpenProposalAsync(new NewProposal("p1", Text("Embaucher", "Hire"), null)));
    }
}
