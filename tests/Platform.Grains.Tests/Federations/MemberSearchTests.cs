using Platform.Abstractions;
using static Platform.Grains.Tests.Federations.FederationWorld;

namespace Platform.Grains.Tests.Federations;

/// <summary>
/// Issue 12 §2, in the federation grain: the member list found by a part of a name (case and
/// accents ignored) or of a registry number, by ambassador and by sector table, with the other
/// filters and the paging cursor.
/// </summary>
public sealed class MemberSearchTests
{
    private static async Task<IFederationGrain> SearchableAsync(FederationWorld world)
    {
        var federation = world.Federation("reseau");
        await federation.SetSectorTableAsync(new SectorTable("brasseries", new LocalizedText("Table des microbrasseries", "Microbreweries table"), null));
        await federation.AddMemberAsync(Member("erable", registryId: "1170001234") with { Name = "Coopérative L'Érablière", Ambassador = true });
        await federation.AddMemberAsync(Member("houblon") with { Name = "Brasserie du Houblon", SectorTables = ["brasseries"] });
        await federation.AddMemberAsync(Member("plateau", region: "03", registryId: "2299990000") with { Name = "Coop du Plateau" });
        return federation;
    }

    private static async Task<string[]> IdsAsync(IFederationGrain federation, MemberQuery query) =>
        (await federation.ListMembersAsync(query)).Items.Select(m => m.Id).ToArray();

    [Fact]
    public async Task ANamePartFindsItsMembersWhateverTheCaseAndAccents()
    {
        await using var world = await CreateAsync();
        var federation = await SearchableAsync(world);

        Assert.Equal(["erable"], await IdsAsync(federation, new MemberQuery(Q: "ÉRABLIÈRE")));
        Assert.Equal(["erable"], await IdsAsync(federation, new MemberQuery(Q: "erabliere")));
        Assert.Equal(["erable", "plateau"], await IdsAsync(federation, new MemberQuery(Q: " coop ")));
        Assert.Empty(await IdsAsync(federation, new MemberQuery(Q: "boulangerie")));
        Assert.Equal(["erable", "houblon", "plateau"], await IdsAsync(federation, new MemberQuery(Q: "  ")));
    }

    [Fact]
    public async Task ARegistryNumberPartFindsItsMember()
    {
        await using var world = await CreateAsync();
        var federation = await SearchableAsync(world);
        Assert.Equal(["plateau"], await IdsAsync(federation, new MemberQuery(Q: "99990")));
        Assert.Equal(["erable"], await IdsAsync(federation, new MemberQuery(Q: "1170001234")));
    }

    [Fact]
    public async Task AmbassadorsAndASectorTablesMembersAreFiltered()
    {
        await using var world = await CreateAsync();
        var federation = await SearchableAsync(world);
        Assert.Equal(["erable"], await IdsAsync(federation, new MemberQuery(Ambassador: true)));
        Assert.Equal(["houblon", "plateau"], await IdsAsync(federation, new MemberQuery(Ambassador: false)));
        Assert.Equal(["houblon"], await IdsAsync(federation, new MemberQuery(SectorTable: "brasseries")));
        Assert.Empty(await IdsAsync(federation, new MemberQuery(SectorTable: "brasseries", Ambassador: true)));
    }

    [Fact]
    public async Task TheSearchPagesLikeEveryOtherFilter()
    {
        await using var world = await CreateAsync();
        var federation = await SearchableAsync(world);
        var first = await federation.ListMembersAsync(new MemberQuery(Q: "coop", Limit: 1));
        Assert.Equal(["erable"], first.Items.Select(m => m.Id));
        Assert.Equal("erable", first.NextAfter);
        var second = await federation.ListMembersAsync(new MemberQuery(Q: "coop", Limit: 1, After: first.NextAfter));
        Assert.Equal(["plateau"], second.Items.Select(m => m.Id));
        Assert.Null(second.NextAfter);
        Assert.Equal(["erable"], await IdsAsync(federation, new MemberQuery(Q: "coop", Region: "06")));
    }

    [Fact]
    public async Task ASearchTooLongOrABadTableIdIsRefused()
    {
        await using var world = await CreateAsync();
        var federation = await SearchableAsync(world);
        var tooLong = await Assert.ThrowsAsync<ValidationFailedException>(() => federation.ListMembersAsync(new MemberQuery(Q: new string('a', 201))));
        Assert.Equal(["q"], tooLong.Errors.Keys);
        var badTable = await Assert.ThrowsAsync<ValidationFailedException>(() => federation.ListMembersAsync(new MemberQuery(SectorTable: "Not/an id")));
        Assert.Equal(["sectorTable"], badTable.Errors.Keys);
    }
}
