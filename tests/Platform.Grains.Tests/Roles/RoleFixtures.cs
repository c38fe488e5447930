using Orleans.Runtime;
using Platform.Abstractions;
using Platform.Abstractions.Roles;
using Platform.Testing;

namespace Platform.Grains.Tests.Roles;

/// <summary>Clusters and documents shared by the role tests.</summary>
internal static class RoleFixtures
{
    /// <summary>
    /// A two-silo cluster with every platform grain over a store whose writes a test can make fail
    /// through <paramref name="storage"/>, the one switch every silo's store obeys.
    /// </summary>
    public static Task<PlatformTestCluster> CreateAsync(StorageFaults? storage = null, ManualTimeProvider? clock = null)
    {
        storage ??= new StorageFaults();
        return PlatformTestCluster.StartAsync(silo: b => b.AddFlakyGrainStorage(storage), clock: clock);
    }

    /// <summary>
    /// Asserts that <paramref name="call"/> failed with the failure <see cref="StorageFaults"/>
    /// injected, as a caller of the cluster receives it: Orleans wraps a store's exception (any that
    /// is not an <see cref="OrleansException"/>) in an <see cref="OrleansException"/> whose inner
    /// exception is the store's own.
    /// </summary>
    public static async Task<IOException> ThrowsInjectedAsync(Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<OrleansException>(call);
        Assert.True(IsInjected(error), $"expected the injected storage failure, got: {error}");
        return (IOException)error.InnerException!;
    }

    /// <summary>Whether <paramref name="error"/> is the failure <see cref="StorageFaults"/> injected.</summary>
    public static bool IsInjected(Exception error) =>
        error is OrleansException { InnerException: IOException inner } && inner.Message.StartsWith("Injected failure", StringComparison.Ordinal);

    public static LocalizedText Text(string fr, string en) => new(fr, en);

    public static RoleDocument Titled(string fr, string en) => new(Text(fr, en));

    public static RoleConditions Hourly(decimal min, decimal max, decimal hours = 32) =>
        new(hours, null, new SalaryRange(min, max, SalaryPeriod.Hour), 6, null);

    public static RoleConditions Yearly(decimal min, decimal max, decimal hours) =>
        new(hours, null, new SalaryRange(min, max, SalaryPeriod.Year), 6, null);

    /// <summary>A full document in the shape of the CTROC posting (hourly range, 32 h week).</summary>
    public static RoleDocument Coordination() => new(
        Text("Coordination – représentation et analyse politique", "Coordinator – representation and policy analysis"),
        ReportsTo: "board",
        Purpose: Text("Porter la représentation politique du réseau.", "Carry the network's policy representation."),
        Objectives: [Text("Faire entendre les organismes.", "Make the organisations heard.")],
        Responsibilities: [new ResponsibilityArea(Text("Représentation", "Representation"), [Text("Siéger aux comités.", "Sit on committees.")])],
        SharedResponsibilities: [Text("Préparer les instances.", "Prepare the meetings of the bodies.")],
        Competencies: [new Competency(Text("Analyse politique", "Policy analysis"), CompetencyLevel.Essential)],
        Conditions: Hourly(30.67m, 36.55m),
        Posting: new RolePosting(PostingStatus.Open, new DateOnly(2026, 2, 24), new DateOnly(2026, 2, 24), new DateOnly(2026, 5, 25),
            Text("Écrire au réseau.", "Write to the network."), null),
        Holders: [new RoleHolder("Camille Tremblay", new DateOnly(2019, 9, 3), new DateOnly(2026, 6, 19))]);

    public static IRoleGrain Role(this PlatformTestCluster runtime, string tenantId, string roleId) =>
        runtime.Grains.GetGrain<IRoleGrain>(Ids.Key(tenantId, roleId));

    public static ITenantRolesGrain Roles(this PlatformTestCluster runtime, string tenantId) =>
        runtime.Grains.GetGrain<ITenantRolesGrain>(tenantId);

    public static IPostingBoardGrain Board(this PlatformTestCluster runtime) =>
        runtime.Grains.GetGrain<IPostingBoardGrain>(RoleKeys.PostingBoard);
}
