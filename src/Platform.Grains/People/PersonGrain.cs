using System.Security.Cryptography;
using Orleans;
using Orleans.Runtime;
using Platform.Abstractions;

namespace Platform.Grains.People;

/// <summary>One person's account, sign-in attempts and tenant memberships (a copy of each tenant's own list, for the switcher and the session check).</summary>
[GrainType("person")]
public sealed class PersonGrain(
    [PersistentState("person")] IPersistentState<PersonState> state,
    BusinessClock clock) : Grain, IPersonGrain
{
    public const int MaxFailedSignIns = 5;
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    private string Id => this.GetPrimaryKeyString()["_person/".Length..];

    public async Task<PersonAccount> CreateAsync(string email, string name, string language, string passwordHash)
    {
        if (state.State.Email is not null) throw new ConflictException("This account exists already.");
        state.State.Email = PeopleKeys.NormalizeEmail(email);
        state.State.Name = name;
        state.State.Language = language;
        state.State.PasswordHash = passwordHash;
        state.State.SecurityStamp = NewStamp();
        await state.WriteOrReloadAsync(this);
        return Account()!;
    }

    public Task<PersonAccount?> GetAsync() => Task.FromResult(Account());

    public async Task<SignInOutcome> RecordSignInAsync(bool passwordMatched)
    {
        if (state.State.Email is null) return SignInOutcome.Failed;
        var now = clock.GetUtcNow();
        if (state.State.LockedUntil is { } until && until > now) return SignInOutcome.LockedOut;
        if (passwordMatched)
        {
            if (state.State.FailedSignIns == 0 && state.State.LockedUntil is null) return SignInOutcome.Succeeded;
            state.State.FailedSignIns = 0;
            state.State.LockedUntil = null;
            await state.WriteOrReloadAsync(this);
            return SignInOutcome.Succeeded;
        }

        state.State.FailedSignIns++;
        if (state.State.FailedSignIns >= MaxFailedSignIns)
        {
            state.State.LockedUntil = now + LockoutDuration;
            state.State.FailedSignIns = 0;
        }
        await state.WriteOrReloadAsync(this);
        return state.State.LockedUntil is not null ? SignInOutcome.LockedOut : SignInOutcome.Failed;
    }

    public async Task SetPasswordAsync(string passwordHash)
    {
        RequireExists();
        state.State.PasswordHash = passwordHash;
        state.State.SecurityStamp = NewStamp();
        await state.WriteOrReloadAsync(this);
    }

    public async Task SetLanguageAsync(string language)
    {
        RequireExists();
        if (state.State.Language == language) return;
        state.State.Language = language;
        await state.WriteOrReloadAsync(this);
    }

    public async Task JoinAsync(string tenantId, TenantRole role)
    {
        RequireExists();
        if (state.State.Memberships.TryGetValue(tenantId, out var current) && current == role) return;
        state.State.Memberships[tenantId] = role;
        await state.WriteOrReloadAsync(this);
    }

    public async Task LeaveAsync(string tenantId)
    {
        if (state.State.Email is null || !state.State.Memberships.Remove(tenantId)) return;
        await state.WriteOrReloadAsync(this);
    }

    private PersonAccount? Account() => state.State.Email is not { } email ? null : new PersonAccount(
        Id, email, state.State.Name, state.State.Language, state.State.PasswordHash, state.State.SecurityStamp,
        new Dictionary<string, TenantRole>(state.State.Memberships, StringComparer.Ordinal), state.State.LockedUntil);

    private void RequireExists()
    {
        if (state.State.Email is null) throw new NotFoundException("No such person.");
    }

    private static string NewStamp() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
}

[GrainType("person-email")]
public sealed class PersonEmailGrain([PersistentState("email")] IPersistentState<PersonEmailState> state) : Grain, IPersonEmailGrain
{
    public async Task<string> ClaimAsync(string personId)
    {
        if (state.State.PersonId is { } owner) return owner;
        state.State.PersonId = personId;
        await state.WriteOrReloadAsync(this);
        return personId;
    }

    public Task<string?> GetPersonIdAsync() => Task.FromResult(state.State.PersonId);
}
