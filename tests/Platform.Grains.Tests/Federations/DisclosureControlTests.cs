using System.Security.Cryptography;
using Platform.Abstractions;
using Platform.Grains.Statistics;
using static Platform.Grains.Tests.Federations.FederationWorld;

namespace Platform.Grains.Tests.Federations;

/// <summary>
/// Issue 13 §4: rule 3 cannot be bypassed. Equity-group breakdowns go upward for whole report
/// years only (two periods a month apart cannot be subtracted), published cells are randomly
/// rounded to base 5 the same way every time, and a parent cannot learn an affiliate's members by
/// adding registry numbers to its own roster.
/// </summary>
public sealed class DisclosureControlTests
{
    private static readonly StatisticsPeriod Year2024 = new(new DateOnly(2024, 1, 1), new DateOnly(2024, 12, 31));

    private static async Task AffiliateAsync(FederationWorld world, string child, string parent)
    {
        await world.Registry.RequestAsync(child, parent);
        await world.Registry.AcceptAsync(parent, child);
    }

    private static SelfIdentification Group(EquityGroup group) => new(true, [group]);

    [Fact]
    public async Task PeriodsThatDifferByAMonthRevealNoEquityGroup()
    {
        await using var world = await CreateAsync();
        var parent = await world.CreateFederationAsync("parent");
        var child = await world.CreateFederationAsync("child");
        for (var i = 0; i < 12; i++) await child.AddMemberAsync(Member($"w{i}", selfIdentification: Group(EquityGroup.Women), joinedOn: new DateOnly(2023, 1, 10)));
        for (var i = 0; i < 9; i++) await child.AddMemberAsync(Member($"n{i}", joinedOn: new DateOnly(2023, 1, 10)));
        // Two organisations join in June, both led by Black women: a cell of 2, recoverable by subtracting May from June.
        await child.AddMemberAsync(Member("j1", selfIdentification: Group(EquityGroup.Black), joinedOn: new DateOnly(2024, 6, 5)));
        await child.AddMemberAsync(Member("j2", selfIdentification: Group(EquityGroup.Black), joinedOn: new DateOnly(2024, 6, 20)));
        await AffiliateAsync(world, "child", "parent");

        var may = await parent.GetNetworkStatisticsAsync(new StatisticsPeriod(new DateOnly(2024, 1, 1), new DateOnly(2024, 5, 31)));
        var june = await parent.GetNetworkStatisticsAsync(new StatisticsPeriod(new DateOnly(2024, 1, 1), new DateOnly(2024, 6, 30)));
        var toDate = await parent.GetNetworkStatisticsAsync(new StatisticsPeriod(null, new DateOnly(2024, 6, 30)));
        var allTime = await parent.GetNetworkStatisticsAsync(StatisticsPeriod.AllTime);

        foreach (var partial in new[] { may, june, toDate, allTime })
        {
            Assert.Empty(partial.SelfIdentification);
            Assert.Empty(partial.Suppressed);
            Assert.Null(partial.SelfIdentificationYear);
        }
        // The counts that are not equity groups stay exact.
        Assert.Equal(21, may.Members.Active);
        Assert.Equal(23, june.Members.Active);

        var year = await parent.GetNetworkStatisticsAsync(Year2024);
        Assert.Equal(2024, year.SelfIdentificationYear);
        Assert.True(year.SelfIdentification["black"].IsSuppressed);
        Assert.All(year.SelfIdentification.Values, cell => Assert.True(cell.IsSuppressed || cell.Count % 5 == 0, $"{cell} is not a multiple of 5"));
    }

    [Fact]
    public async Task RoundedCellsAreTheSameForEveryQueryOfTheSameYear()
    {
        await using var world = await CreateAsync();
        var parent = await world.CreateFederationAsync("parent");
        var child = await world.CreateFederationAsync("child");
        for (var i = 0; i < 13; i++) await child.AddMemberAsync(Member($"w{i}", selfIdentification: Group(EquityGroup.Women)));
        for (var i = 0; i < 7; i++) await child.AddMemberAsync(Member($"y{i}", selfIdentification: Group(EquityGroup.Youth)));
        for (var i = 0; i < 11; i++) await child.AddMemberAsync(Member($"n{i}"));
        await AffiliateAsync(world, "child", "parent");

        var first = await parent.GetNetworkStatisticsAsync(Year2024);
        Assert.Contains(first.SelfIdentification["women"].Count, new int?[] { 10, 15 });
        // The smallest published cell hides the empty ones (complementary suppression, rule 3).
        Assert.True(first.SelfIdentification["youth"].IsSuppressed);
        Assert.Contains(first.SelfIdentification["not-provided"].Count, new int?[] { 10, 15 });
        for (var i = 0; i < 20; i++)
        {
            // A write elsewhere in the network drops every cache: the draw is the same all the same.
            await parent.AddActivityAsync(FederationActivity($"a{i}", ActivityKind.Training, new DateOnly(2024, 3, 1)));
            var again = await parent.GetNetworkStatisticsAsync(Year2024);
            Assert.Equal(first.SelfIdentification, again.SelfIdentification);
        }
        // Another federation of the cluster, with the same counts, rounds them the same way: the key is the platform's.
        var other = await world.CreateFederationAsync("other");
        for (var i = 0; i < 13; i++) await other.AddMemberAsync(Member($"w{i}", selfIdentification: Group(EquityGroup.Women)));
        for (var i = 0; i < 7; i++) await other.AddMemberAsync(Member($"y{i}", selfIdentification: Group(EquityGroup.Youth)));
        for (var i = 0; i < 11; i++) await other.AddMemberAsync(Member($"n{i}"));
        Assert.Equal(first.SelfIdentification, (await other.GetNetworkStatisticsAsync(Year2024)).SelfIdentification);
    }

    [Fact]
    public async Task TheRoundingKeyIsDrawnOnceAndKept()
    {
        await using var world = await CreateAsync();
        var keys = world.Grains.GetGrain<IDisclosureKeyGrain>(IDisclosureKeyGrain.Key);
        var key = await keys.GetKeyAsync();
        Assert.Equal(32, key.Length);
        Assert.Equal(key, await keys.GetKeyAsync());
    }

    [Fact]
    public void RandomRoundingIsUnbiasedAndDeterministic()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        for (var count = 0; count <= 40; count++)
        {
            var rounded = DisclosureControl.Round(count, "women", 2024, key);
            Assert.Equal(0, rounded % 5);
            Assert.InRange(rounded, count - 4, count + 4);
            Assert.Equal(rounded, DisclosureControl.Round(count, "women", 2024, key));
            if (count % 5 == 0) Assert.Equal(count, rounded);
        }
        // Over many independent keys, 7 rounds to 10 about 2 times in 5 and to 5 otherwise: the mean stays 7.
        var total = 0;
        const int draws = 4000;
        for (var i = 0; i < draws; i++) total += DisclosureControl.Round(7, "women", 2024, RandomNumberGenerator.GetBytes(32));
        Assert.InRange(total / (double)draws, 6.7, 7.3);
    }

    [Fact]
    public async Task AParentCannotTellAnAffiliatesMemberByAddingItsRegistryNumber()
    {
        await using var world = await CreateAsync();
        var parent = await world.CreateFederationAsync("parent");
        var child = await world.CreateFederationAsync("child");
        for (var i = 0; i < 10; i++) await parent.AddMemberAsync(Member($"p{i}"));
        // The affiliate's member with NEQ 1170000001 did not consent to be matched across the network.
        await child.AddMemberAsync(Member("secret", registryId: "1170000001", selfIdentification: new SelfIdentification(true)));
        for (var i = 0; i < 10; i++) await child.AddMemberAsync(Member($"c{i}"));
        await AffiliateAsync(world, "child", "parent");
        var before = await parent.GetNetworkStatisticsAsync(StatisticsPeriod.AllTime);

        // The parent tries a number the affiliate holds and one it does not: the total moves the same way.
        await parent.AddMemberAsync(Member("probe-held", registryId: "1170000001"));
        var afterHeld = await parent.GetNetworkStatisticsAsync(StatisticsPeriod.AllTime);
        await parent.AddMemberAsync(Member("probe-free", registryId: "1170000002"));
        var afterFree = await parent.GetNetworkStatisticsAsync(StatisticsPeriod.AllTime);

        Assert.Equal(before.Members.Active + 1, afterHeld.Members.Active);
        Assert.Equal(afterHeld.Members.Active + 1, afterFree.Members.Active);
        Assert.Equal(before.Members.ByRegion["06"] + 1, afterHeld.Members.ByRegion["06"]);

        // With the member's consent, it counts once (rule 2), as the member agreed to.
        await child.UpdateMemberAsync("secret", new MemberPatch { CountOnceAcrossNetwork = true });
        var consented = await parent.GetNetworkStatisticsAsync(StatisticsPeriod.AllTime);
        Assert.Equal(afterFree.Members.Active - 1, consented.Members.Active);
    }

    [Fact]
    public async Task AffiliatesStillCountASharedOrganisationOnceWithoutConsent()
    {
        // Only the requesting federation's own roster is the oracle; two affiliates' rosters are not its to change.
        await using var world = await CreateAsync();
        var parent = await world.CreateFederationAsync("parent");
        var a = await world.CreateFederationAsync("a");
        var b = await world.CreateFederationAsync("b");
        await a.AddMemberAsync(Member("x", registryId: "1170000009"));
        await b.AddMemberAsync(Member("x", registryId: "1170000009"));
        await AffiliateAsync(world, "a", "parent");
        await AffiliateAsync(world, "b", "parent");

        Assert.Equal(1, (await parent.GetNetworkStatisticsAsync(StatisticsPeriod.AllTime)).Members.Active);
    }
}
