using Microsoft.AspNetCore.Identity;
using Platform.Abstractions;
using Platform.Host.Security;

namespace Platform.Host.People;

/// <summary>
/// Accounts, invitations and sign-in, for the web app and the people API alike. Passwords are
/// hashed with ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/>; grains only store the hash.
/// Writes go person first, tenant second where a session depends on them (removing a person
/// ends the session even if the second write fails).
/// </summary>
public sealed class PeopleService(IGrainFactory grains)
{
    private static readonly PasswordHasher<PersonAccount> s_hasher = new();

    /// <summary>Checked when the email is unknown, so an unknown address costs the same time as a wrong password.</summary>
    private static readonly string s_dummyHash = s_hasher.HashPassword(null!, "not-a-password-of-anyone");

    public static string? ValidateEmail(string? email) =>
        email is { Length: > 3 and <= 254 } e && e.Trim().IndexOf('@') is > 0 and var at && at < e.Trim().Length - 1 && !e.Contains(' ') ? PeopleKeys.NormalizeEmail(e) : null;

    public async Task<PersonAccount?> FindByEmailAsync(string email)
    {
        var personId = await grains.GetGrain<IPersonEmailGrain>(PeopleKeys.Email(email)).GetPersonIdAsync();
        return personId is null ? null : await grains.GetGrain<IPersonGrain>(PeopleKeys.Person(personId)).GetAsync();
    }

    public Task<PersonAccount?> GetAsync(string personId) => grains.GetGrain<IPersonGrain>(PeopleKeys.Person(personId)).GetAsync();

    /// <summary>One answer for an unknown address, a wrong password and a locked account (no account enumeration).</summary>
    public async Task<PersonAccount?> SignInAsync(string? email, string? password)
    {
        password ??= "";
        var account = ValidateEmail(email) is { } valid ? await FindByEmailAsync(valid) : null;
        if (account is null)
        {
            s_hasher.VerifyHashedPassword(null!, s_dummyHash, password);
            return null;
        }
        var matched = s_hasher.VerifyHashedPassword(account, account.PasswordHash, password) != PasswordVerificationResult.Failed;
        var outcome = await grains.GetGrain<IPersonGrain>(PeopleKeys.Person(account.Id)).RecordSignInAsync(matched);
        return outcome == SignInOutcome.Succeeded ? await GetAsync(account.Id) : null;
    }

    public async Task<IssuedInvitation> InviteAsync(string tenantId, string email, string? name, TenantRole role, string? invitedBy) =>
        await grains.GetGrain<ITenantPeopleGrain>(tenantId).InviteAsync(email, name, role, invitedBy);

    /// <summary>What an invitation link opens, read on the platform's behalf: its visitor is not in the tenant yet.</summary>
    public async Task<OpenInvitation?> OpenAsync(string? token)
    {
        if (!PeopleKeys.TryParseInvitationToken(token, out var tenantId, out var invitationId, out var secret)) return null;
        return await SystemCalls.RunAsync(async () =>
        {
            if (await grains.GetGrain<ITenantPeopleGrain>(tenantId).CheckInvitationAsync(invitationId, secret) is not { } invitation) return null;
            var tenant = await grains.GetGrain<ITenantGrain>(tenantId).GetProfileAsync();
            if (tenant is null) return null;
            var existing = await FindByEmailAsync(invitation.Email);
            return new OpenInvitation(tenant, invitation, existing?.Id);
        });
    }

    /// <summary>A newcomer chooses a password: the account is created and joins the tenant. Null when the link no longer opens or the address has an account.</summary>
    public async Task<PersonAccount?> AcceptAsNewcomerAsync(string token, string name, string password, string language)
    {
        if (await OpenAsync(token) is not { ExistingPersonId: null } open) return null;
        var personId = Ids.New("p");
        var owner = await grains.GetGrain<IPersonEmailGrain>(PeopleKeys.Email(open.Invitation.Email)).ClaimAsync(personId);
        if (owner != personId) return null;
        var person = grains.GetGrain<IPersonGrain>(PeopleKeys.Person(personId));
        await person.CreateAsync(open.Invitation.Email, name, language, s_hasher.HashPassword(null!, password));
        return await JoinAsync(token, personId) ? await person.GetAsync() : null;
    }

    /// <summary>A signed-in person joins with the invitation sent to its address.</summary>
    public async Task<bool> AcceptAsExistingAsync(string token, PersonAccount account) =>
        await OpenAsync(token) is { } open && open.ExistingPersonId == account.Id && await JoinAsync(token, account.Id);

    private async Task<bool> JoinAsync(string token, string personId)
    {
        PeopleKeys.TryParseInvitationToken(token, out var tenantId, out var invitationId, out var secret);
        var person = grains.GetGrain<IPersonGrain>(PeopleKeys.Person(personId));
        var account = await person.GetAsync();
        if (account is null) return false;
        // Accepting is the platform acting on the link's behalf: the person is not a member until it succeeds.
        var accepted = await SystemCalls.RunAsync(async () =>
        {
            try
            {
                return await grains.GetGrain<ITenantPeopleGrain>(tenantId).AcceptInvitationAsync(invitationId, secret, personId, account.Name, account.Email);
            }
            catch (NotFoundException)
            {
                return null;
            }
        });
        if (accepted is null) return false;
        await person.JoinAsync(tenantId, accepted.Role);
        return true;
    }

    public async Task RemoveAsync(string tenantId, string personId)
    {
        var people = grains.GetGrain<ITenantPeopleGrain>(tenantId);
        if ((await people.ListPeopleAsync()).All(p => p.Id != personId)) throw new NotFoundException($"No person '{personId}' in this tenant.");
        await grains.GetGrain<IPersonGrain>(PeopleKeys.Person(personId)).LeaveAsync(tenantId);
        await people.RemoveAsync(personId);
    }

    public async Task<TenantPerson> SetRoleAsync(string tenantId, string personId, TenantRole role)
    {
        var changed = await grains.GetGrain<ITenantPeopleGrain>(tenantId).SetRoleAsync(personId, role);
        await grains.GetGrain<IPersonGrain>(PeopleKeys.Person(personId)).JoinAsync(tenantId, role);
        return changed;
    }

    /// <summary>
    /// An admin changes another person's role (API and web app alike). Not one's own: an admin
    /// demoting itself by mistake could leave the tenant with no one to undo it (409).
    /// </summary>
    public async Task<TenantPerson> ChangeRoleAsync(string tenantId, string personId, TenantRole role, string? actingPersonId)
    {
        if (personId == actingPersonId) throw new ConflictException("You cannot change your own role; ask another admin.");
        if ((await grains.GetGrain<ITenantPeopleGrain>(tenantId).ListPeopleAsync()).All(p => p.Id != personId))
            throw new NotFoundException($"No person '{personId}' in this tenant.");
        return await SetRoleAsync(tenantId, personId, role);
    }

    public async Task<bool> ChangePasswordAsync(PersonAccount account, string current, string replacement)
    {
        if (s_hasher.VerifyHashedPassword(account, account.PasswordHash, current) == PasswordVerificationResult.Failed) return false;
        await grains.GetGrain<IPersonGrain>(PeopleKeys.Person(account.Id)).SetPasswordAsync(s_hasher.HashPassword(account, replacement));
        return true;
    }
}

/// <summary>A pending invitation as its visitor sees it.</summary>
public sealed record OpenInvitation(TenantProfile Tenant, Invitation Invitation, string? ExistingPersonId);
