using System.Text.Json;
using Platform.Abstractions;
using Platform.Abstractions.Governance;
using Platform.Abstractions.Roles;
using Platform.Grains;
using Platform.Host.Seeding;
using Platform.Testing;

namespace Platform.Host.Tests.Roles;

/// <summary>
/// The role and governance seed steps, run on a bare runtime after the tenants step: what a
/// newcomer finds for FCCT, CTROC and Exeko (facts of seed documents 000, 002 and 003).
/// </summary>
public sealed class RoleSeedTests : IAsyncLifetime
{
    private PlatformTestCluster _runtime = null!;

    public async Task InitializeAsync()
    {
        _runtime = await PlatformTestCluster.StartAsync();
        var context = new SeedContext(_runtime.Grains, new BusinessClock(_runtime.Clock), SeedsFolder());
        await new TenantSeed().RunAsync(context, CancellationToken.None);
        await new RoleSeed().RunAsync(context, CancellationToken.None);
        await new GovernanceSeed().RunAsync(context, CancellationToken.None);
    }

    public async Task DisposeAsync() => await _runtime.DisposeAsync();

    private static string SeedsFolder()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "seeds", "tenants.json"))) return Path.Combine(folder.FullName, "seeds");
        throw new InvalidOperationException("seeds/ not found above the test binaries.");
    }

    private Task<Role?> RoleAsync(string tenantId, string roleId) =>
        _runtime.Grains.GetGrain<IRoleGrain>(Ids.Key(tenantId, roleId)).GetAsync();

    private Task<GovernanceBody?> BodyAsync(string tenantId, string bodyId) =>
        _runtime.Grains.GetGrain<IGovernanceBodyGrain>(Ids.Key(tenantId, bodyId)).GetAsync();

    [Fact]
    public async Task FcctHasTwoPairedCoDirectionRolesWithTheirCompetencyLevels()
    {
        var movement = await RoleAsync("fcct", "codirection-mouvement");
        var operations = await RoleAsync("fcct", "codirection-operations");

        Assert.NotNull(movement);
        Assert.NotNull(operations);
        Assert.Equal("codirection-operations", movement.PairedWith);
        Assert.Equal("codirection-mouvement", operations.PairedWith);
        Assert.Equal("board", movement.ReportsTo);
        Assert.Equal(2, movement.Objectives.Count);
        Assert.Equal(5, movement.Responsibilities.Count);
        Assert.Equal(3, movement.SharedResponsibilities.Count);
        // Seed 000: 12 and 13 competencies; 7 and 8 of them essential.
        Assert.Equal((12, 7, 3, 1, 1), Levels(movement));
        Assert.Equal((13, 8, 3, 1, 1), Levels(operations));
        Assert.Contains(operations.Responsibilities.SelectMany(a => a.Items!), i => i.En.Contains("Common Good Capital"));

        var coDirection = await BodyAsync("fcct", "codirection");
        Assert.Equal(BodyKind.CoDirection, coDirection!.Kind);
        Assert.Equal(2, coDirection.Quorum);
    }

    private static (int All, int Essential, int DeepMastery, int WorkingKnowledge, int Developing) Levels(Role role) => (
        role.Competencies.Count,
        role.Competencies.Count(c => c.Level == CompetencyLevel.Essential),
        role.Competencies.Count(c => c.Level == CompetencyLevel.DeepMastery),
        role.Competencies.Count(c => c.Level == CompetencyLevel.WorkingKnowledge),
        role.Competencies.Count(c => c.Level == CompetencyLevel.Developing));

    [Fact]
    public async Task CtrocHasTwoPairedCoordinationRolesOneOpenPostingOverlappingTheOutgoingHolder()
    {
        var representation = await RoleAsync("ctroc", "coordination-representation");
        var memberLife = await RoleAsync("ctroc", "coordination-vie-associative");

        Assert.Equal("coordination-vie-associative", representation!.PairedWith);
        Assert.Equal("coordination-representation", memberLife!.PairedWith);
        var conditions = representation.Conditions!;
        Assert.Equal(32m, conditions.HoursPerWeek);
        Assert.Equal(new SalaryRange(30.67m, 36.55m, SalaryPeriod.Hour), conditions.Salary);
        Assert.Equal(6, conditions.ProbationMonths);
        var posting = representation.Posting!;
        Assert.Equal(PostingStatus.Open, posting.Status);
        // Dates follow the seeding day: interviews in two weeks, the start in about three months,
        // before the outgoing coordinator leaves (a handover).
        var today = DateOnly.FromDateTime(_runtime.Clock.GetUtcNow().UtcDateTime);
        Assert.Equal(today.AddDays(14), posting.InterviewsFrom);
        Assert.Equal(today.AddDays(105), posting.StartsOn);
        Assert.False(string.IsNullOrWhiteSpace(posting.HowToApply?.Fr));
        var outgoing = Assert.Single(representation.Holders);
        Assert.True(outgoing.From < today && outgoing.To > today, "the outgoing coordinator holds the role today");
        Assert.True(posting.StartsOn <= outgoing.To, "the new coordinator starts before the outgoing one leaves");
        Assert.Null(memberLife.Posting);
    }

    [Fact]
    public async Task CtrocBoardSeatsItsStaffWithoutAVoteAndItsCoordinatorsDecideByConsensus()
    {
        var board = await BodyAsync("ctroc", "conseil");
        Assert.Equal(BodyKind.Board, board!.Kind);
        var staff = board.Seats.Where(s => !s.Voting).ToList();
        Assert.Equal(["coordination-representation", "coordination-vie-associative"], staff.Select(s => s.Role));
        Assert.Equal(7, board.Seats.Count(s => s.Voting));
        Assert.Equal(4, board.Quorum);

        var coManagement = await BodyAsync("ctroc", "cogestion");
        Assert.Equal(BodyKind.CoDirection, coManagement!.Kind);
        var proposal = await _runtime.Grains.GetGrain<IGovernanceBodyGrain>(Ids.Key("ctroc", "cogestion"))
            .OpenProposalAsync(new NewProposal("essai", new LocalizedText("Essai", "Trial")));
        Assert.Equal(DecisionMode.Consensus, proposal.Mode);
    }

    [Fact]
    public async Task ExekoPracticeRoleHasAYearlyRangeOverAThirtyToThirtyFourHourWeek()
    {
        var role = await RoleAsync("exeko", "developpement-pratiques");

        var conditions = role!.Conditions!;
        Assert.Equal(new SalaryRange(45_000m, 60_000m, SalaryPeriod.Year), conditions.Salary);
        Assert.Equal(new HoursRange(30m, 34m), conditions.HoursPerWeekRange);
        Assert.Equal(32m, conditions.HoursPerWeek);
        Assert.Equal(PostingStatus.Closed, role.Posting!.Status);
        Assert.Equal("direction-generale", role.ReportsTo);

        var line = Assert.Single((await _runtime.Grains.GetGrain<ITenantRolesGrain>("exeko").GetPayScaleAsync()).Roles);
        Assert.Equal((27.04m, 36.06m), (line.HourlyMin, line.HourlyMax));
    }

    [Fact]
    public async Task JobBoardShowsCtrocsOpenPostingOnly()
    {
        var board = await _runtime.Grains.GetGrain<IPostingBoardGrain>(RoleKeys.PostingBoard).ListAsync(new PostingQuery());
        var posting = Assert.Single(board);
        Assert.Equal(("ctroc", "coordination-representation", "QC"), (posting.TenantId, posting.RoleId, posting.Region));
        Assert.Equal((30.67m, 36.55m), (posting.HourlyMin, posting.HourlyMax));
    }

    [Fact]
    public void SeedSentencesAreNotCopiedFromTheSeedDocuments()
    {
        // None of our strings may repeat 8 consecutive words of a seed document (names of
        // programmes and competencies are shorter). The documents sit beside the repository on
        // the team's machines (shared/seeds); where they are absent there is nothing to compare.
        var sources = FindSharedSeeds();
        if (sources.Length == 0) return;
        var sourceShingles = sources.SelectMany(f => Shingles(File.ReadAllText(f))).ToHashSet();
        foreach (var file in Directory.GetFiles(Path.Combine(SeedsFolder(), "roles"), "*.json"))
        {
            foreach (var text in Strings(JsonDocument.Parse(File.ReadAllText(file)).RootElement))
            {
                var copied = Shingles(text).FirstOrDefault(sourceShingles.Contains);
                Assert.True(copied is null, $"{Path.GetFileName(file)} repeats the seed documents word for word: '{copied}'");
            }
        }
    }

    private static string[] FindSharedSeeds()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "shared", "seeds");
            if (Directory.Exists(candidate)) return Directory.GetFiles(candidate, "00*.txt");
        }
        return [];
    }

    private static IEnumerable<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Strings),
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Strings(p.Value)),
        _ => [],
    };

    private static IEnumerable<string> Shingles(string text)
    {
        var words = text.ToLowerInvariant()
            .Split((char[])[' ', '\n', '\r', '\t', ',', '.', ';', ':', '(', ')', '«', '»', '"', '’', '\''], StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i + 8 <= words.Length; i++) yield return string.Join(' ', words, i, 8);
    }
}
