using Platform.Abstractions;
using Platform.Abstractions.Roles;
using static Platform.Grains.Tests.Roles.RoleFixtures;

namespace Platform.Grains.Tests.Roles;

public sealed class RoleGrainTests
{
    [Fact]
    public async Task RoleIsReadBackBilingualWithEveryPart()
    {
        await using var runtime = await CreateAsync();
        var written = await runtime.Role("ctroc", "coordination").PutAsync(Coordination());

        var role = await runtime.Role("ctroc", "coordination").GetAsync();
        Assert.NotNull(role);
        Assert.Equal("coordination", role.Id);
        Assert.Equal("Coordinator – representation and policy analysis", role.Title.En);
        Assert.StartsWith("Coordination", role.Title.Fr);
        Assert.Equal("board", role.ReportsTo);
        Assert.Equal(CompetencyLevel.Essential, Assert.Single(role.Competencies).Level);
        Assert.Equal(36.55m, role.Conditions!.Salary!.Max);
        Assert.Equal(PostingStatus.Open, role.Posting!.Status);
        Assert.Single(role.Holders);
        Assert.Null(role.PairedWith);
        Assert.Equal(runtime.Clock.GetUtcNow(), role.UpdatedAt);
        Assert.Equal(written.Title, role.Title);
    }

    [Fact]
    public async Task UnknownRoleReadsAsNull()
    {
        await using var runtime = await CreateAsync();
        Assert.Null(await runtime.Role("ctroc", "nobody").GetAsync());
        Assert.Empty(await runtime.Roles("ctroc").ListAsync());
    }

    [Fact]
    public async Task InvalidDocumentStoresNothing()
    {
        var storage = new StorageFaults();
        await using var runtime = await CreateAsync(storage);
        await Assert.ThrowsAsync<ValidationFailedException>(() =>
            runtime.Role("ctroc", "coordination").PutAsync(Coordination() with { Conditions = Hourly(40m, 30m) }));

        Assert.Null(await runtime.Role("ctroc", "coordination").GetAsync());
        Assert.Empty(await runtime.Roles("ctroc").ListAsync());
        Assert.Equal(0, storage.WriteCount);
    }

    [Fact]
    public async Task InvalidReplacementKeepsThePreviousDocument()
    {
        await using var runtime = await CreateAsync();
        var role = runtime.Role("ctroc", "coordination");
        await role.PutAsync(Coordination());
        await Assert.ThrowsAsync<ValidationFailedException>(() => role.PutAsync(new RoleDocument(null)));
        Assert.Equal(30.67m, (await role.GetAsync())!.Conditions!.Salary!.Min);
    }

    [Fact]
    public async Task ReplacingWithoutHoldersKeepsTheHistory()
    {
        await using var runtime = await CreateAsync();
        var role = runtime.Role("ctroc", "coordination");
        await role.PutAsync(Coordination());

        var replaced = await role.PutAsync(Titled("Coordination", "Coordination"));

        Assert.Equal("Camille Tremblay", Assert.Single(replaced.Holders).Name);
        Assert.Null(replaced.Conditions);
    }

    [Fact]
    public async Task SuccessorIsAddedWithAHandoverAndTheHistoryIsKept()
    {
        await using var runtime = await CreateAsync();
        var role = runtime.Role("ctroc", "coordination");
        await role.PutAsync(Coordination() with { Holders = [new RoleHolder("Camille Tremblay", new DateOnly(2019, 9, 3), null)] });

        var updated = await role.AddHolderAsync(new HolderSuccession("Dominique Roy", new DateOnly(2026, 5, 25), null, new DateOnly(2026, 6, 19)));

        Assert.Equal(2, updated.Holders.Count);
        Assert.Equal(new DateOnly(2026, 6, 19), updated.Holders[0].To);
        Assert.True(updated.Holders[1].From < updated.Holders[0].To, "the successor starts before the outgoing holder leaves");
        Assert.Equal(updated.Holders, (await role.GetAsync())!.Holders);
    }

    [Fact]
    public async Task SuccessorOfAnOpenTermWithoutItsEndIsRefusedAndNothingChanges()
    {
        await using var runtime = await CreateAsync();
        var role = runtime.Role("ctroc", "coordination");
        await role.PutAsync(Coordination() with { Holders = [new RoleHolder("Camille Tremblay", new DateOnly(2019, 9, 3), null)] });

        await Assert.ThrowsAsync<ValidationFailedException>(() =>
            role.AddHolderAsync(new HolderSuccession("Dominique Roy", new DateOnly(2026, 5, 25), null, null)));

        Assert.Single((await role.GetAsync())!.Holders);
    }

    [Fact]
    public async Task LastHoldersTermIsEndedAndKept()
    {
        await using var runtime = await CreateAsync();
        var role = runtime.Role("ctroc", "coordination");
        await role.PutAsync(Coordination() with { Holders = [new RoleHolder("Camille Tremblay", new DateOnly(2019, 9, 3), null)] });

        var ended = await role.EndTermAsync(new HolderTermEnd(new DateOnly(2026, 6, 30)));

        Assert.Equal(new DateOnly(2026, 6, 30), Assert.Single(ended.Holders).To);
        Assert.Equal(ended.Holders, (await role.GetAsync())!.Holders);
    }

    [Fact]
    public async Task EndingATermBeforeItStartedIsRefusedAndNothingChanges()
    {
        await using var runtime = await CreateAsync();
        var role = runtime.Role("ctroc", "coordination");
        await role.PutAsync(Coordination() with { Holders = [new RoleHolder("Camille Tremblay", new DateOnly(2019, 9, 3), null)] });

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => role.EndTermAsync(new HolderTermEnd(new DateOnly(2019, 9, 2))));

        Assert.Contains("holders[0].to", error.Errors.Keys);
        Assert.Null(Assert.Single((await role.GetAsync())!.Holders).To);
    }

    [Fact]
    public async Task EndingTheTermOfARoleWithoutHolderIsAConflictAndOfAnUnknownRoleNotFound()
    {
        await using var runtime = await CreateAsync();
        var role = runtime.Role("ctroc", "vacant");
        await role.PutAsync(Titled("Poste vacant", "Vacant role"));

        await Assert.ThrowsAsync<ConflictException>(() => role.EndTermAsync(new HolderTermEnd(new DateOnly(2026, 6, 30))));
        await Assert.ThrowsAsync<NotFoundException>(() => runtime.Role("ctroc", "nobody").EndTermAsync(new HolderTermEnd(new DateOnly(2026, 6, 30))));
        Assert.Empty((await role.GetAsync())!.Holders);
    }

    [Fact]
    public async Task HolderOfAnUnknownRoleIsNotFound()
    {
        await using var runtime = await CreateAsync();
        await Assert.ThrowsAsync<NotFoundException>(() =>
            runtime.Role("ctroc", "nobody").AddHolderAsync(new HolderSuccession("Dominique Roy", new DateOnly(2026, 5, 25), null, null)));
    }

    [Fact]
    public async Task TenantListsItsRolesWithTitlePairAndPostingStatus()
    {
        await using var runtime = await CreateAsync();
        await runtime.Role("ctroc", "representation").PutAsync(Coordination());
        await runtime.Role("ctroc", "vie-associative").PutAsync(Titled("Vie associative", "Member life"));
        await runtime.Roles("ctroc").PairAsync("representation", "vie-associative");

        var list = await runtime.Roles("ctroc").ListAsync();

        Assert.Equal(
            [
                new RoleListItem("representation", Coordination().Title!, "vie-associative", PostingStatus.Open),
                new RoleListItem("vie-associative", Text("Vie associative", "Member life"), "representation", null),
            ],
            list);
    }

    [Fact]
    public async Task RolesOfOneTenantAreNotSeenByAnother()
    {
        await using var runtime = await CreateAsync();
        await runtime.Role("ctroc", "coordination").PutAsync(Coordination());

        Assert.Null(await runtime.Role("exeko", "coordination").GetAsync());
        Assert.Empty(await runtime.Roles("exeko").ListAsync());
        await Assert.ThrowsAsync<NotFoundException>(() => runtime.Roles("exeko").PairAsync("coordination", "other"));
    }

    [Fact]
    public async Task PairedWithInADocumentMustNameTheCurrentPartner()
    {
        await using var runtime = await CreateAsync();
        await runtime.Role("fcct", "a").PutAsync(Titled("A", "A"));
        await runtime.Role("fcct", "b").PutAsync(Titled("B", "B"));

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => runtime.Role("fcct", "a").PutAsync(Titled("A", "A") with { PairedWith = "b" }));
        Assert.Contains("pairedWith", error.Errors.Keys);
        Assert.Null((await runtime.Role("fcct", "b").GetAsync())!.PairedWith);

        await runtime.Roles("fcct").PairAsync("a", "b");
        var again = await runtime.Role("fcct", "a").PutAsync(Titled("A2", "A2") with { PairedWith = "b" });
        Assert.Equal("b", again.PairedWith);
        await Assert.ThrowsAsync<ValidationFailedException>(() => runtime.Role("fcct", "a").PutAsync(Titled("A", "A") with { PairedWith = "../x" }));
    }

    [Fact]
    public async Task MalformedKeyIsRefused()
    {
        await using var runtime = await CreateAsync();
        await Assert.ThrowsAsync<ValidationFailedException>(() => runtime.Grains.GetGrain<IRoleGrain>("no-slash").GetAsync());
        await Assert.ThrowsAsync<ValidationFailedException>(() => runtime.Grains.GetGrain<IRoleGrain>("ctroc/../x").GetAsync());
    }

    [Fact]
    public async Task AdmittedDocumentWhoseWriteFailedIsForgottenByTheTenant()
    {
        var storage = new StorageFaults();
        await using var runtime = await CreateAsync(storage);
        // The tenant grain admits the document, then the role's own write fails.
        storage.FailWrite((name, _) => name == "role");
        await ThrowsInjectedAsync(() =>
            runtime.Role("ctroc", "coordination").PutAsync(Coordination()));

        // The next call reaches a fresh activation, which tells the tenant what it really stores.
        Assert.Null(await runtime.Role("ctroc", "coordination").GetAsync());
        Assert.Empty(await runtime.Roles("ctroc").ListAsync());
        await runtime.Role("ctroc", "other").PutAsync(Titled("Autre", "Other"));
        await Assert.ThrowsAsync<NotFoundException>(() => runtime.Roles("ctroc").PairAsync("other", "coordination"));
    }

    [Fact]
    public async Task StoredDocumentWhoseConfirmationFailedIsConfirmedOnTheNextCall()
    {
        var storage = new StorageFaults();
        await using var runtime = await CreateAsync(storage);
        // Admission (1st tenant write) passes, the role is stored, the confirmation (2nd tenant write) fails.
        storage.FailWrite((name, _) => name == "tenant-roles", skip: 1);
        await ThrowsInjectedAsync(() =>
            runtime.Role("ctroc", "coordination").PutAsync(Coordination()));
        Assert.Empty(await runtime.Roles("ctroc").ListAsync());

        // Any call on the role settles it.
        Assert.NotNull(await runtime.Role("ctroc", "coordination").GetAsync());
        Assert.Equal("coordination", Assert.Single(await runtime.Roles("ctroc").ListAsync()).Id);
    }
}
