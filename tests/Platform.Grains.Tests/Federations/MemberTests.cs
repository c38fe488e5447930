using Platform.Abstractions;
using static Platform.Grains.Tests.Federations.FederationWorld;

namespace Platform.Grains.Tests.Federations;

public sealed class MemberTests
{
    [Fact]
    public async Task AddedMemberReadsBackActiveWithItsProfile()
    {
        await using var world = await CreateAsync();
        var federation = world.Federation("reseau");

        var added = await federation.AddMemberAsync(Member("coop-1", sector: "microbrewery", registryId: " 1170001234 ") with
        {
            FoundedOn = new DateOnly(2015, 5, 1),
            WorkerMembers = 12,
            Name = "Coopérative de travail L'Érablière",
        });
        var read = await federation.GetMemberAsync("coop-1");

        Assert.Equal(MemberStatus.Active, read.Status);
        Assert.Equal("Coopérative de travail L'Érablière", read.Name);
        Assert.Equal("1170001234", read.RegistryId);
        Assert.Equal(12, read.WorkerMembers);
        Assert.Equal("microbrewery", read.Sector);
        Assert.Empty(read.Participations!);
        AssertSame(added, read);
    }

    [Fact]
    public async Task MemberWithoutIdGetsAGeneratedOne()
    {
        await using var world = await CreateAsync();
        var federation = world.Federation("reseau");

        var first = await federation.AddMemberAsync(Member(null!));
        var second = await federation.AddMemberAsync(Member(null!));

        Assert.True(Ids.IsValid(first.Id));
        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal(first.Id, (await federation.GetMemberAsync(first.Id)).Id);
    }

    [Fact]
    public async Task DuplicateMemberIdIsAConflict()
    {
        await using var world = await CreateAsync();
        var federation = world.Federation("reseau");
        await federation.AddMemberAsync(Member("coop-1"));

        await Assert.ThrowsAsync<ConflictException>(() => federation.AddMemberAsync(Member("coop-1", region: "03")));
        Assert.Equal("06", (await federation.GetMemberAsync("coop-1")).Region);
    }

    [Fact]
    public async Task SameRegistryNumberTwiceInOneFederationIsAConflict()
    {
        await using var world = await CreateAsync();
        var federation = world.Federation("reseau");
        await federation.AddMemberAsync(Member("coop-1", registryId: "1170001234"));

        await Assert.ThrowsAsync<ConflictException>(() => federation.AddMemberAsync(Member("coop-2", registryId: "1170001234")));
        await Assert.ThrowsAsync<NotFoundException>(() => federation.GetMemberAsync("coop-2"));
    }

    public static TheoryData<string, NewMember> InvalidMembers => new()
    {
        { "id", Member("..") },
        { "id", Member("a/b") },
        { "id", Member("coopé") },
        { "id", Member(new string('a', 10_000)) },
        { "name", Member("m1", name: "   ") },
        { "name", Member("m1", name: new string('x', 201)) },
        { "name", Member("m1", name: "bad\u0000name") },
        { "type", Member("m1") with { Type = null } },
        { "type", Member("m1") with { Type = (MemberType)42 } },
        { "region", Member("m1", region: "99") },
        { "region", Member("m1", region: "") },
        { "region", Member("m1") with { Region = null } },
        { "sector", Member("m1", sector: "Micro Brasserie") },
        { "joinedOn", Member("m1") with { JoinedOn = null } },
        { "joinedOn", Member("m1", joinedOn: new DateOnly(1700, 1, 1)) },
        { "joinedOn", Member("m1", joinedOn: new DateOnly(2030, 1, 1)) },
        { "foundedOn", Member("m1", joinedOn: new DateOnly(2020, 1, 1)) with { FoundedOn = new DateOnly(2021, 1, 1) } },
        { "workerMembers", Member("m1") with { WorkerMembers = -1 } },
        { "registryId", Member("m1", registryId: "NEQ 12/34") },
        { "selfIdentification.consented", Member("m1", selfIdentification: new SelfIdentification(false, [EquityGroup.Women])) },
        { "selfIdentification.groups", Member("m1", selfIdentification: new SelfIdentification(true, [(EquityGroup)99])) },
        { "sectorTables", Member("m1") with { SectorTables = ["no-such-table"] } },
    };

    [Theory]
    [MemberData(nameof(InvalidMembers))]
    public async Task InvalidMemberIsRefusedNamingTheFieldAndNothingIsStored(string field, NewMember member)
    {
        await using var world = await CreateAsync();
        var federation = world.Federation("reseau");

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => federation.AddMemberAsync(member));

        Assert.Contains(field, error.Errors.Keys);
        Assert.Empty((await federation.ListMembersAsync(new MemberQuery())).Items);
        Assert.Empty(await world.StoredAsync("reseau"));
    }

    [Fact]
    public async Task SelfIdentificationWithoutConsentIsNotKept()
    {
        await using var world = await CreateAsync();
        var federation = world.Federation("reseau");

        await federation.AddMemberAsync(Member("m1", selfIdentification: new SelfIdentification(false, [])));
        await federation.AddMemberAsync(Member("m2", selfIdentification: new SelfIdentification(true, [EquityGroup.Youth, EquityGroup.Women, EquityGroup.Youth])));

        Assert.Null((await federation.GetMemberAsync("m1")).SelfIdentification);
        Assert.Equal([EquityGroup.Women, EquityGroup.Youth], (await federation.GetMemberAsync("m2")).SelfIdentification!.Groups);
    }

    [Fact]
    public async Task PatchChangesOnlyTheGivenFieldsAndNullClearsAnOptionalOne()
    {
        await using var world = await CreateAsync();
        var federation = world.Federation("reseau");
        await federation.SetSectorTableAsync(new SectorTable("microbrasseries", new LocalizedText("Table des microbrasseries", "Microbreweries table"), "microbrewery"));
        await federation.AddMemberAsync(Member("m1", sector: "microbrewery", registryId: "1170001234"));

        var patched = await federation.UpdateMemberAsync("m1", new MemberPatch
        {
            Region = "03",
            RegistryId = new Optional<string?>(null),
            Ambassador = true,
            SectorTables = new Optional<IReadOnlyList<string>?>(["microbrasseries"]),
        });

        Assert.Equal("03", patched.Region);
        Assert.Null(patched.RegistryId);
        Assert.True(patched.Ambassador);
        Assert.Equal(["microbrasseries"], patched.SectorTables);
        Assert.Equal("microbrewery", patched.Sector);
        AssertSame(patched, await federation.GetMemberAsync("m1"));
    }

    [Fact]
    public async Task InvalidPatchChangesNothing()
    {
        await using var world = await CreateAsync();
        var federation = world.Federation("reseau");
        await federation.AddMemberAsync(Member("m1"));
        var before = await federation.GetMemberAsync("m1");

        await Assert.ThrowsAsync<ValidationFailedException>(() => federation.UpdateMemberAsync("m1", new MemberPatch { Region = "03", Name = new Optional<string?>(null) }));
        await Assert.ThrowsAsync<ValidationFailedException>(() => federation.UpdateMemberAsync("m1", new MemberPatch { Type = new Optional<MemberType?>(null) }));
        await Assert.ThrowsAsync<ValidationFailedException>(() => federation.UpdateMemberAsync("m1", new MemberPatch { JoinedOn = new DateOnly(2031, 1, 1) }));

        AssertSame(before, await federation.GetMemberAsync("m1"));
    }

    [Fact]
    public async Task PatchOfAnUnknownMemberIsNotFound()
    {
        await using var world = await CreateAsync();
        await Assert.ThrowsAsync<NotFoundException>(() => world.Federation("reseau").UpdateMemberAsync("ghost", new MemberPatch { Region = "03" }));
    }

    [Fact]
    public async Task WithdrawalKeepsProfileAndHistory()
    {
        await using var world = await CreateAsync();
        var federation = world.Federation("reseau");
        await federation.AddMemberAsync(Member("m1"));
        await federation.AddActivityAsync(FederationActivity("a1", ActivityKind.Training, new DateOnly(2024, 3, 1)));
        await federation.RecordParticipantsAsync("a1", ["m1"]);

        var withdrawn = await federation.WithdrawMemberAsync("m1", new DateOnly(2025, 6, 30));
        var read = await federation.GetMemberAsync("m1");

        Assert.Equal(MemberStatus.Withdrawn, withdrawn.Status);
        Assert.Equal(new DateOnly(2025, 6, 30), read.WithdrawnOn);
        Assert.Equal("Coopérative m1", read.Name);
        Assert.Equal([new Participation("a1", ActivityKind.Training, new DateOnly(2024, 3, 1))], read.Participations);
    }

    [Fact]
    public async Task WithdrawalTwiceIsAConflictAndBeforeJoiningIsRefused()
    {
        await using var world = await CreateAsync();
        var federation = world.Federation("reseau");
        await federation.AddMemberAsync(Member("m1", joinedOn: new DateOnly(2020, 1, 1)));

        await Assert.ThrowsAsync<ValidationFailedException>(() => federation.WithdrawMemberAsync("m1", new DateOnly(2019, 12, 31)));
        await Assert.ThrowsAsync<ValidationFailedException>(() => federation.WithdrawMemberAsync("m1", null));
        Assert.Equal(MemberStatus.Active, (await federation.GetMemberAsync("m1")).Status);
        await federation.WithdrawMemberAsync("m1", new DateOnly(2024, 1, 1));
        await Assert.ThrowsAsync<ConflictException>(() => federation.WithdrawMemberAsync("m1", new DateOnly(2024, 2, 1)));
    }

    [Fact]
    public async Task ListFiltersByStatusRegionTypeAndSector()
    {
        await using var world = await CreateAsync();
        var federation = world.Federation("reseau");
        await federation.AddMemberAsync(Member("m1", region: "06", type: MemberType.Worker, sector: "microbrewery"));
        await federation.AddMemberAsync(Member("m2", region: "03", type: MemberType.Worker, sector: "communications"));
        await federation.AddMemberAsync(Member("m3", region: "06", type: MemberType.Solidarity, sector: "communications"));
        await federation.AddMemberAsync(Member("m4", region: "06", type: MemberType.Worker));
        await federation.WithdrawMemberAsync("m4", new DateOnly(2025, 1, 1));

        async Task<string[]> Ids(MemberQuery query) => (await federation.ListMembersAsync(query)).Items.Select(m => m.Id).ToArray();

        Assert.Equal(["m1", "m2", "m3", "m4"], await Ids(new MemberQuery()));
        Assert.Equal(["m1", "m2", "m3"], await Ids(new MemberQuery(Status: MemberStatus.Active)));
        Assert.Equal(["m4"], await Ids(new MemberQuery(Status: MemberStatus.Withdrawn)));
        Assert.Equal(["m1", "m3", "m4"], await Ids(new MemberQuery(Region: "06")));
        Assert.Equal(["m1", "m4"], await Ids(new MemberQuery(Region: "06", Type: MemberType.Worker)));
        Assert.Equal(["m2", "m3"], await Ids(new MemberQuery(Sector: "communications")));
        Assert.Null((await federation.ListMembersAsync(new MemberQuery())).Items[0].Participations);
    }

    [Fact]
    public async Task ListPagesInIdOrderWithACursor()
    {
        await using var world = await CreateAsync();
        var federation = world.Federation("reseau");
        foreach (var id in new[] { "m5", "m3", "m1", "m4", "m2" }) await federation.AddMemberAsync(Member(id));

        var first = await federation.ListMembersAsync(new MemberQuery(Limit: 2));
        var second = await federation.ListMembersAsync(new MemberQuery(Limit: 2, After: first.NextAfter));
        var third = await federation.ListMembersAsync(new MemberQuery(Limit: 2, After: second.NextAfter));

        Assert.Equal(["m1", "m2"], first.Items.Select(m => m.Id));
        Assert.Equal("m2", first.NextAfter);
        Assert.Equal(["m3", "m4"], second.Items.Select(m => m.Id));
        Assert.Equal(["m5"], third.Items.Select(m => m.Id));
        Assert.Null(third.NextAfter);
        // Exactly a page left: no empty page after it.
        Assert.Null((await federation.ListMembersAsync(new MemberQuery(Limit: 1, After: "m4"))).NextAfter);
    }

    [Theory]
    [InlineData(0, null, null)]
    [InlineData(1001, null, null)]
    [InlineData(null, "../x", null)]
    [InlineData(null, null, "zz")]
    public async Task InvalidListQueryIsRefused(int? limit, string? after, string? region)
    {
        await using var world = await CreateAsync();
        await Assert.ThrowsAsync<ValidationFailedException>(() =>
            world.Federation("reseau").ListMembersAsync(new MemberQuery(Limit: limit, After: after, Region: region)));
    }

    [Fact]
    public async Task UnknownOrInvalidMemberIdIsNotFoundOrRefused()
    {
        await using var world = await CreateAsync();
        var federation = world.Federation("reseau");

        await Assert.ThrowsAsync<NotFoundException>(() => federation.GetMemberAsync("ghost"));
        await Assert.ThrowsAsync<ValidationFailedException>(() => federation.GetMemberAsync(".."));
    }

    [Fact]
    public async Task MembersSurviveReactivation()
    {
        await using var world = await CreateAsync();
        var federation = world.Federation("reseau");
        await federation.AddMemberAsync(Member("m1", registryId: "1170001234"));
        await federation.AddActivityAsync(FederationActivity("a1", ActivityKind.Training, new DateOnly(2024, 3, 1)));
        await federation.RecordParticipantsAsync("a1", ["m1"]);

        await world.Runtime.DeactivateAllAsync();

        var read = await federation.GetMemberAsync("m1");
        Assert.Equal("1170001234", read.RegistryId);
        Assert.Single(read.Participations!);
        Assert.Equal(1, (await federation.GetStatisticsAsync(StatisticsPeriod.AllTime)).Participation.ParticipatingMembers);
    }

    /// <summary>Records holding lists compare by reference: compare what a client would see instead.</summary>
    internal static void AssertSame<T>(T expected, T actual) =>
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(expected), System.Text.Json.JsonSerializer.Serialize(actual));
}
