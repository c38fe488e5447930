using Platform.Abstractions;
using Platform.Testing;

namespace Platform.Grains.Tests.People;

/// <summary>Accounts and invitations (DOMAIN.md "People"): single-use links that expire, lockout, one account per address.</summary>
public sealed class PeopleGrainTests
{
    private static (string InvitationId, string Secret) Parse(IssuedInvitation issued)
    {
        Assert.True(PeopleKeys.TryParseInvitationToken(issued.Token, out _, out var id, out var secret));
        return (id, secret);
    }

    [Fact]
    public async Task AnInvitationOpensWithItsSecretOnlyAndOnlyOnce()
    {
        await using var runtime = await PlatformTestCluster.StartAsync();
        var people = runtime.Grains.GetGrain<ITenantPeopleGrain>("fed");
        var issued = await people.InviteAsync("Marie@Example.org ", "Marie", TenantRole.Staff, "key:fed:k1");
        var (id, secret) = Parse(issued);
        Assert.StartsWith("fed.", issued.Token, StringComparison.Ordinal);

        Assert.Null(await people.CheckInvitationAsync(id, secret + "x"));
        var open = await people.CheckInvitationAsync(id, secret);
        Assert.Equal(("marie@example.org", TenantRole.Staff, InvitationStatus.Pending), (open!.Email, open.Role, open.Status));

        await people.AcceptInvitationAsync(id, secret, "p1", "Marie Tremblay", "marie@example.org");
        Assert.Null(await people.CheckInvitationAsync(id, secret));
        await Assert.ThrowsAsync<NotFoundException>(() => people.AcceptInvitationAsync(id, secret, "p2", "Quelqu'un", "x@example.org"));
        var person = Assert.Single(await people.ListPeopleAsync());
        Assert.Equal(("p1", TenantRole.Staff), (person.Id, person.Role));
        Assert.Equal(InvitationStatus.Accepted, Assert.Single(await people.ListInvitationsAsync()).Status);
    }

    [Fact]
    public async Task AnInvitationExpiresAfterSevenDays()
    {
        await using var runtime = await PlatformTestCluster.StartAsync();
        var people = runtime.Grains.GetGrain<ITenantPeopleGrain>("fed");
        var (id, secret) = Parse(await people.InviteAsync("a@example.org", null, TenantRole.Viewer, null));

        runtime.Clock.Advance(PeopleKeys.InvitationLifetime - TimeSpan.FromMinutes(1));
        Assert.NotNull(await people.CheckInvitationAsync(id, secret));
        runtime.Clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Null(await people.CheckInvitationAsync(id, secret));
        Assert.Equal(InvitationStatus.Expired, Assert.Single(await people.ListInvitationsAsync()).Status);
        await Assert.ThrowsAsync<NotFoundException>(() => people.AcceptInvitationAsync(id, secret, "p1", "A", "a@example.org"));
        Assert.Empty(await people.ListPeopleAsync());
    }

    [Fact]
    public async Task ARevokedInvitationNoLongerOpensAndClosedOnesAreDroppedAfterNinetyDays()
    {
        await using var runtime = await PlatformTestCluster.StartAsync();
        var people = runtime.Grains.GetGrain<ITenantPeopleGrain>("fed");
        var (id, secret) = Parse(await people.InviteAsync("a@example.org", null, TenantRole.Viewer, null));
        await people.RevokeInvitationAsync(id);
        Assert.Null(await people.CheckInvitationAsync(id, secret));
        Assert.Equal(InvitationStatus.Revoked, Assert.Single(await people.ListInvitationsAsync()).Status);
        await Assert.ThrowsAsync<NotFoundException>(() => people.RevokeInvitationAsync("i-nope"));

        runtime.Clock.Advance(TimeSpan.FromDays(91));
        await people.InviteAsync("b@example.org", null, TenantRole.Viewer, null);
        Assert.Equal("b@example.org", Assert.Single(await people.ListInvitationsAsync()).Email);
    }

    [Fact]
    public async Task RolesChangeAndPeopleLeaveOnlyWhenThere()
    {
        await using var runtime = await PlatformTestCluster.StartAsync();
        var people = runtime.Grains.GetGrain<ITenantPeopleGrain>("fed");
        var (id, secret) = Parse(await people.InviteAsync("a@example.org", null, TenantRole.Viewer, null));
        await people.AcceptInvitationAsync(id, secret, "p1", "Alex", "a@example.org");

        Assert.Equal(TenantRole.Admin, (await people.SetRoleAsync("p1", TenantRole.Admin)).Role);
        await Assert.ThrowsAsync<NotFoundException>(() => people.SetRoleAsync("p-nope", TenantRole.Admin));
        await people.RemoveAsync("p1");
        Assert.Empty(await people.ListPeopleAsync());
        await Assert.ThrowsAsync<NotFoundException>(() => people.RemoveAsync("p1"));
    }

    [Fact]
    public async Task FiveFailedSignInsLockTheAccountForFifteenMinutesEvenAgainstTheRightPassword()
    {
        await using var runtime = await PlatformTestCluster.StartAsync();
        var person = runtime.Grains.GetGrain<IPersonGrain>(PeopleKeys.Person("p1"));
        await person.CreateAsync("a@example.org", "Alex", "fr", "hash");

        for (var i = 0; i < 4; i++) Assert.Equal(SignInOutcome.Failed, await person.RecordSignInAsync(false));
        Assert.Equal(SignInOutcome.LockedOut, await person.RecordSignInAsync(false));
        Assert.Equal(SignInOutcome.LockedOut, await person.RecordSignInAsync(true));
        Assert.NotNull((await person.GetAsync())!.LockedUntil);

        runtime.Clock.Advance(TimeSpan.FromMinutes(15));
        Assert.Equal(SignInOutcome.Succeeded, await person.RecordSignInAsync(true));
        // A success starts the count again: four more failures do not lock.
        for (var i = 0; i < 4; i++) Assert.Equal(SignInOutcome.Failed, await person.RecordSignInAsync(false));
        Assert.Equal(SignInOutcome.Succeeded, await person.RecordSignInAsync(true));
    }

    [Fact]
    public async Task ANewPasswordChangesTheSecurityStampSoOtherSessionsEnd()
    {
        await using var runtime = await PlatformTestCluster.StartAsync();
        var person = runtime.Grains.GetGrain<IPersonGrain>(PeopleKeys.Person("p1"));
        var created = await person.CreateAsync("a@example.org", "Alex", "fr", "hash-1");
        await Assert.ThrowsAsync<ConflictException>(() => person.CreateAsync("a@example.org", "Alex", "fr", "hash-2"));

        await person.SetPasswordAsync("hash-2");
        var after = (await person.GetAsync())!;
        Assert.Equal("hash-2", after.PasswordHash);
        Assert.NotEqual(created.SecurityStamp, after.SecurityStamp);
        await Assert.ThrowsAsync<NotFoundException>(() => runtime.Grains.GetGrain<IPersonGrain>(PeopleKeys.Person("p-nope")).SetPasswordAsync("h"));
    }

    [Fact]
    public async Task AnAddressBelongsToTheFirstAccountThatClaimsIt()
    {
        await using var runtime = await PlatformTestCluster.StartAsync();
        Assert.Equal(PeopleKeys.Email("Marie@Example.org"), PeopleKeys.Email(" marie@example.org"));
        var email = runtime.Grains.GetGrain<IPersonEmailGrain>(PeopleKeys.Email("marie@example.org"));
        Assert.Null(await email.GetPersonIdAsync());
        Assert.Equal("p1", await email.ClaimAsync("p1"));
        Assert.Equal("p1", await email.ClaimAsync("p2"));
        Assert.Equal("p1", await email.GetPersonIdAsync());
    }

    [Fact]
    public async Task MembershipsAreKeptOnTheAccountForTheSwitcher()
    {
        await using var runtime = await PlatformTestCluster.StartAsync();
        var person = runtime.Grains.GetGrain<IPersonGrain>(PeopleKeys.Person("p1"));
        await person.CreateAsync("a@example.org", "Alex", "fr", "hash");
        await person.JoinAsync("fed-a", TenantRole.Staff);
        await person.JoinAsync("fed-b", TenantRole.Viewer);
        await person.LeaveAsync("fed-a");
        await person.SetLanguageAsync("en");

        var account = (await person.GetAsync())!;
        Assert.Equal(new Dictionary<string, TenantRole> { ["fed-b"] = TenantRole.Viewer }, account.Memberships);
        Assert.Equal("en", account.Language);
    }
}
