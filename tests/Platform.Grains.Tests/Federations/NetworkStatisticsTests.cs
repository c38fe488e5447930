using Orleans;
using Orleans.Runtime;
using System.Text.Json;
using Platform.Abstractions;
using static Platform.Grains.Tests.Federations.FederationWorld;

namespace Platform.Grains.Tests.Federations;

public sealed class NetworkStatisticsTests
{
    private static readonly StatisticsPeriod Year2024 = new(new DateOnly(2024, 1, 1), new DateOnly(2024, 12, 31));

    private static async Task AffiliateAsync(FederationWorld world, string child, string parent)
    {
        await world.Registry.RequestAsync(child, parent);
        await world.Registry.AcceptAsync(parent, child);
    }

    /// <summary>ctroc ⊃ {troc-a, troc-b}; one organisation (NEQ 1111111111) belongs to both groupings.</summary>
    private static async Task<IFederationGrain> ConfederationAsync(FederationWorld world)
    {
        var ctroc = await world.CreateFederationAsync("ctroc");
        var a = await world.CreateFederationAsync("troc-a");
        var b = await world.CreateFederationAsync("troc-b");
        await a.AddMemberAsync(Member("org-1", region: "01", type: MemberType.CommunityOrganization, registryId: "1111111111"));
        await a.AddMemberAsync(Member("org-2", region: "01", type: MemberType.CommunityOrganization, registryId: "2222222222"));
        await a.AddMemberAsync(Member("org-3", region: "01", type: MemberType.CommunityOrganization));
        await b.AddMemberAsync(Member("org-x", region: "01", type: MemberType.CommunityOrganization, registryId: "1111111111"));
        await b.AddMemberAsync(Member("org-y", region: "02", type: MemberType.CommunityOrganization, registryId: "3333333333"));
        await b.AddMemberAsync(Member("org-z", region: "02", type: MemberType.CommunityOrganization));
        await AffiliateAsync(world, "troc-a", "ctroc");
        await AffiliateAsync(world, "troc-b", "ctroc");
        return ctroc;
    }

    [Fact]
    public async Task OrganisationInTwoAffiliatesWithTheSameRegistryNumberCountsOnce()
    {
        await using var world = await CreateAsync();
        var ctroc = await ConfederationAsync(world);

        var network = await ctroc.GetNetworkStatisticsAsync(StatisticsPeriod.AllTime);

        Assert.Equal(5, network.Members.Active);
        Assert.Equal(3, network.Federations);
        Assert.Equal(2, network.Affiliates);
        Assert.Equal(new Dictionary<string, int> { ["01"] = 3, ["02"] = 2 }, network.Members.ByRegion);
        Assert.Equal(new Dictionary<string, int> { ["community-organization"] = 5 }, network.Members.ByType);
    }

    [Fact]
    public async Task OrganisationsWithoutRegistryNumberCannotBeMatchedAndCountEachTime()
    {
        await using var world = await CreateAsync();
        var parent = await world.CreateFederationAsync("parent");
        var child = await world.CreateFederationAsync("child");
        await parent.AddMemberAsync(Member("same-name", name: "Coop Le Chêne"));
        await child.AddMemberAsync(Member("same-name", name: "Coop Le Chêne"));
        await AffiliateAsync(world, "child", "parent");

        Assert.Equal(2, (await parent.GetNetworkStatisticsAsync(StatisticsPeriod.AllTime)).Members.Active);
    }

    [Fact]
    public async Task NetworkIsRecursiveAndCountsAFederationReachedTwiceOnce()
    {
        await using var world = await CreateAsync();
        // national ⊃ {prov-1, prov-2}; local ⊂ prov-1 and local ⊂ prov-2 (a diamond).
        var national = await world.CreateFederationAsync("national");
        var prov1 = await world.CreateFederationAsync("prov-1");
        var prov2 = await world.CreateFederationAsync("prov-2");
        var local = await world.CreateFederationAsync("local");
        await national.AddMemberAsync(Member("n1"));
        await prov1.AddMemberAsync(Member("p1"));
        await prov2.AddMemberAsync(Member("p2"));
        await local.AddMemberAsync(Member("l1"));
        await local.AddMemberAsync(Member("l2"));
        await local.AddActivityAsync(FederationActivity("screening", ActivityKind.Screening, new DateOnly(2024, 4, 1), audience: 250));
        await AffiliateAsync(world, "prov-1", "national");
        await AffiliateAsync(world, "prov-2", "national");
        await AffiliateAsync(world, "local", "prov-1");
        await AffiliateAsync(world, "local", "prov-2");

        var network = await national.GetNetworkStatisticsAsync(StatisticsPeriod.AllTime);

        Assert.Equal(4, network.Federations);
        Assert.Equal(5, network.Members.Active);
        Assert.Equal(250, network.Reach);
        Assert.Equal(1, network.Participation.ActivitiesByKind["screening"]);
        Assert.Equal(3, (await prov1.GetNetworkStatisticsAsync(StatisticsPeriod.AllTime)).Members.Active);
    }

    [Fact]
    public async Task PendingAndRemovedAffiliatesAreNotCounted()
    {
        await using var world = await CreateAsync();
        var parent = await world.CreateFederationAsync("parent");
        var child = await world.CreateFederationAsync("child");
        await child.AddMemberAsync(Member("c1"));
        await world.Registry.RequestAsync("child", "parent");

        Assert.Equal(0, (await parent.GetNetworkStatisticsAsync(StatisticsPeriod.AllTime)).Members.Active);
        await world.Registry.AcceptAsync("parent", "child");
        Assert.Equal(1, (await parent.GetNetworkStatisticsAsync(StatisticsPeriod.AllTime)).Members.Active);
        await world.Registry.RemoveAsync("parent", "child", AffiliationEndedBy.Parent);
        var after = await parent.GetNetworkStatisticsAsync(StatisticsPeriod.AllTime);
        Assert.Equal(0, after.Members.Active);
        Assert.Equal(1, after.Federations);
    }

    [Fact]
    public async Task SharedOrganisationIsActiveIfActiveAnywhereAndParticipatesIfItTookPartAnywhere()
    {
        await using var world = await CreateAsync();
        var parent = await world.CreateFederationAsync("parent");
        var child = await world.CreateFederationAsync("child");
        await parent.AddMemberAsync(Member("p-shared", registryId: "1234567890", joinedOn: new DateOnly(2019, 5, 1)));
        await parent.AddMemberAsync(Member("p-other", registryId: "5555555555"));
        await parent.WithdrawMemberAsync("p-shared", new DateOnly(2024, 2, 1));
        // Issue 13: the parent's own membership is matched only with a consenting affiliate's.
        await child.AddMemberAsync(Member("c-shared", registryId: "1234567890", joinedOn: new DateOnly(2024, 3, 1), countOnce: true));
        await parent.AddActivityAsync(FederationActivity("t1", ActivityKind.Training, new DateOnly(2024, 1, 15)));
        await parent.RecordParticipantsAsync("t1", ["p-shared"]);
        await AffiliateAsync(world, "child", "parent");

        var network = await parent.GetNetworkStatisticsAsync(new StatisticsPeriod(new DateOnly(2024, 1, 1), new DateOnly(2024, 12, 31)));

        Assert.Equal(2, network.Members.Active);
        Assert.Equal(0, network.Members.Withdrawn);
        Assert.Equal(1, network.Participation.ParticipatingMembers);
        Assert.Equal(0.5m, network.Participation.Rate);
        // It joined the network in 2019: joining a second federation in 2024 is not a new member.
        Assert.Empty(network.Members.JoinedByMonth);
    }

    [Fact]
    public async Task NetworkParticipationRateIsRuleOneOverDistinctOrganisations()
    {
        await using var world = await CreateAsync();
        var ctroc = await ConfederationAsync(world);
        var a = world.Federation("troc-a");
        var b = world.Federation("troc-b");
        await a.AddActivityAsync(FederationActivity("ag", ActivityKind.Networking, new DateOnly(2024, 6, 1)));
        await b.AddActivityAsync(FederationActivity("ag", ActivityKind.Networking, new DateOnly(2024, 6, 1)));
        await a.RecordParticipantsAsync("ag", ["org-1", "org-3"]);
        await b.RecordParticipantsAsync("ag", ["org-x", "org-y"]);

        var participation = (await ctroc.GetNetworkStatisticsAsync(StatisticsPeriod.AllTime)).Participation;

        // org-1 and org-x are one organisation: 3 of 5 distinct organisations took part.
        Assert.Equal(5, participation.ActiveMembers);
        Assert.Equal(3, participation.ParticipatingMembers);
        Assert.Equal(0.6m, participation.Rate);
        Assert.Equal(2, participation.ActivitiesByKind["networking"]);
    }

    [Fact]
    public async Task NoMemberRowCrossesToTheParent()
    {
        await using var world = await CreateAsync();
        var child = await world.CreateFederationAsync("child");
        var names = new[] { "Coopérative Zéphyr", "Atelier Mésange" };
        await child.AddMemberAsync(Member("secret-member-1", name: names[0], registryId: "1170009999", selfIdentification: new SelfIdentification(true, [EquityGroup.Indigenous])));
        await child.AddMemberAsync(Member("secret-member-2", name: names[1]));
        await child.AddActivityAsync(FederationActivity("a1", ActivityKind.Training, new DateOnly(2024, 1, 1)));
        await child.RecordParticipantsAsync("a1", ["secret-member-1"]);

        // Everything a parent receives from an affiliate is this contribution.
        var contribution = await child.GetContributionAsync(StatisticsPeriod.AllTime);
        var json = JsonSerializer.Serialize(contribution);

        Assert.DoesNotContain("secret-member", json);
        Assert.DoesNotContain("1170009999", json);
        foreach (var name in names)
        {
            Assert.DoesNotContain(name, json);
            Assert.DoesNotContain(JsonSerializer.Serialize(name).Trim('"'), json);
        }
        Assert.Equal(1, contribution.Unregistered.Active);
        Assert.Single(contribution.Registered);
    }

    [Fact]
    public async Task WarmNetworkStatisticsAreReusedUntilAnAffiliateChanges()
    {
        await using var world = await CreateAsync();
        var ctroc = await ConfederationAsync(world);

        var first = await ctroc.GetNetworkStatisticsAsync(StatisticsPeriod.AllTime);
        var second = await ctroc.GetNetworkStatisticsAsync(StatisticsPeriod.AllTime);
        Assert.Equal(1, Merges(world, "ctroc"));
        MemberTests.AssertSame(first, second);

        await world.Federation("troc-b").AddMemberAsync(Member("org-new"));
        var third = await ctroc.GetNetworkStatisticsAsync(StatisticsPeriod.AllTime);

        Assert.Equal(2, Merges(world, "ctroc"));
        Assert.Equal(first.Members.Active + 1, third.Members.Active);
        Assert.Equal(first.Members.Active + 1, third.Members.Active);
    }

    [Fact]
    public async Task NetworkStatisticsOfAFederationWithoutAffiliatesCoverItsOwnMembers()
    {
        await using var world = await CreateAsync();
        var alone = await world.CreateFederationAsync("alone");
        for (var i = 0; i < 7; i++) await alone.AddMemberAsync(Member($"m{i}"));

        var network = await alone.GetNetworkStatisticsAsync(Year2024);

        Assert.Equal(1, network.Federations);
        Assert.Equal(0, network.Affiliates);
        Assert.Equal(7, network.Members.Active);
        // Every other cell is 0: publishing "not-provided" = 7 would show them all to be 0.
        Assert.NotEmpty(network.SelfIdentification);
        Assert.All(network.SelfIdentification.Values, cell => Assert.True(cell.IsSuppressed));
    }

    [Fact]
    public async Task SmallSelfIdentificationCellsAreSuppressedUpwardWithASecondCell()
    {
        await using var world = await CreateAsync();
        var parent = await world.CreateFederationAsync("parent");
        var child = await world.CreateFederationAsync("child");
        for (var i = 0; i < 3; i++) await child.AddMemberAsync(Member($"ind-{i}", registryId: $"900000000{i}", selfIdentification: new SelfIdentification(true, [EquityGroup.Indigenous]), countOnce: true));
        for (var i = 0; i < 8; i++) await child.AddMemberAsync(Member($"wom-{i}", selfIdentification: new SelfIdentification(true, [EquityGroup.Women])));
        for (var i = 0; i < 20; i++) await parent.AddMemberAsync(Member($"np-{i}"));
        // The same indigenous-led organisations, joined to the parent too: still 3, not 6.
        for (var i = 0; i < 3; i++) await parent.AddMemberAsync(Member($"p-ind-{i}", registryId: $"900000000{i}", selfIdentification: new SelfIdentification(true, [EquityGroup.Indigenous])));
        await AffiliateAsync(world, "child", "parent");

        // Issue 13: equity groups go upward for a whole report year only, published cells rounded to base 5.
        var network = await parent.GetNetworkStatisticsAsync(Year2024);
        var cells = network.SelfIdentification;

        Assert.Equal(31, network.Members.Active);
        Assert.True(cells["indigenous"].IsSuppressed);
        Assert.True(cells["black"].IsSuppressed);
        // The eight empty cells are hidden too: a reader learns that 31 − 28 = 3 organisations sit somewhere
        // in nine hidden cells, not which.
        Assert.Contains(cells["women"].Count, new int?[] { 5, 10 });
        Assert.Equal(new CellValue(20), cells["not-provided"]);
        Assert.Equal(9, network.Suppressed.Count);
        Assert.Contains("selfIdentification.indigenous", network.Suppressed);

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(network, JsonOptions()));
        var published = json.RootElement.GetProperty("selfIdentification");
        Assert.Equal("<5", published.GetProperty("indigenous").GetString());
        Assert.Equal(cells["women"].Count, published.GetProperty("women").GetInt32());
    }

    [Fact]
    public async Task AFederationsOwnStatisticsAreNotSuppressed()
    {
        await using var world = await CreateAsync();
        var federation = await world.CreateFederationAsync("f");
        await federation.AddMemberAsync(Member("m1", selfIdentification: new SelfIdentification(true, [EquityGroup.Black])));

        Assert.Equal(1, (await federation.GetStatisticsAsync(StatisticsPeriod.AllTime)).SelfIdentification["black"]);
        Assert.True((await federation.GetNetworkStatisticsAsync(Year2024)).SelfIdentification["black"].IsSuppressed);
    }

    private static JsonSerializerOptions JsonOptions()
    {
        var options = new JsonSerializerOptions();
        PlatformJson.Configure(options);
        return options;
    }

    /// <summary>The merge count of the federation's one activation, wherever in the cluster it lives.</summary>
    private static int Merges(FederationWorld world, string federationId)
    {
        var grain = world.Federation(federationId);
        Assert.True(world.Runtime.Cluster.TryGetGrainContext(grain.GetGrainId(), out var context), $"{federationId} is not active on any silo.");
        return ((Platform.Grains.Federations.FederationGrain)context.GrainInstance!).NetworkMerges;
    }
}
