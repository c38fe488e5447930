using Microsoft.Extensions.DependencyInjection;
using Platform.Abstractions;
using Platform.Abstractions.Roles;
using Platform.Runtime;
using Platform.Testing;

namespace Platform.Grains.Tests.Roles;

/// <summary>Runtimes and documents shared by the role tests.</summary>
internal static class RoleFixtures
{
    /// <summary>A runtime with every platform grain over a store whose writes a test can make fail.</summary>
    public static TestRuntime Create(out FlakyGrainStorage storage, ManualTimeProvider? clock = null)
    {
        var runtime = TestRuntime.Create(
            builder => builder.AddPlatformGrains().AddGrainStorage(
                GrainStorageNames.Default,
                sp => new FlakyGrainStorage(new MemoryGrainStorage(sp.GetRequiredService<GrainStateSerializer>()))),
            clock: clock);
        storage = runtime.Services.GetRequiredKeyedService<FlakyGrainStorage>(GrainStorageNames.Default);
        return runtime;
    }

    public static TestRuntime Create() => Create(out _);

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

    public static IRoleGrain Role(this TestRuntime runtime, string tenantId, string roleId) =>
        runtime.Grains.GetGrain<IRoleGrain>(Ids.Key(tenantId, roleId));

    public static ITenantRolesGrain Roles(this TestRuntime runtime, string tenantId) =>
        runtime.Grains.GetGrain<ITenantRolesGrain>(tenantId);

    public static IPostingBoardGrain Board(this TestRuntime runtime) =>
        runtime.Grains.GetGrain<IPostingBoardGrain>(RoleKeys.PostingBoard);
}
