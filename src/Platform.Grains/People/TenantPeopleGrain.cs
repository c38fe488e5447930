using System.Security.Cryptography;
using System.Text;
using Orleans;
using Orleans.Runtime;
using Platform.Abstractions;

namespace Platform.Grains.People;

/// <summary>
/// The people of one tenant and its invitations. Invitations are single use and open for seven
/// days; only the SHA-256 of their 256-bit secret is stored and compared in constant time.
/// Accepted, revoked and expired invitations older than 90 days are dropped so the state stays bounded.
/// </summary>
[GrainType("tenant-people")]
public sealed class TenantPeopleGrain(
    [PersistentState("people")] IPersistentState<TenantPeopleState> state,
    BusinessClock clock) : Grain, ITenantPeopleGrain
{
    private const int MaxPending = 500;
    private static readonly TimeSpan KeepClosed = TimeSpan.FromDays(90);

    private string TenantId => this.GetPrimaryKeyString();

    public async Task<IssuedInvitation> InviteAsync(string email, string? name, TenantRole role, string? invitedBy)
    {
        var now = clock.GetUtcNow();
        state.State.Invitations.RemoveAll(i => Status(i, now) != InvitationStatus.Pending && i.CreatedAt < now - KeepClosed);
        if (state.State.Invitations.Count(i => Status(i, now) == InvitationStatus.Pending) >= MaxPending)
            throw new ConflictException($"At most {MaxPending} invitations may be pending; revoke some first.");
        var id = "i" + Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant();
        var secret = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        state.State.Invitations.Add(new StoredInvitation(id, PeopleKeys.NormalizeEmail(email), name, role, Hash(secret),
            now, now + PeopleKeys.InvitationLifetime, null, null, invitedBy));
        await state.WriteOrReloadAsync(this);
        return new IssuedInvitation(id, $"{TenantId}.{id}.{secret}");
    }

    public async Task RevokeInvitationAsync(string invitationId)
    {
        var index = state.State.Invitations.FindIndex(i => i.Id == invitationId);
        if (index < 0) throw new NotFoundException($"No invitation '{invitationId}'.");
        if (Status(state.State.Invitations[index], clock.GetUtcNow()) != InvitationStatus.Pending) return;
        state.State.Invitations[index] = state.State.Invitations[index] with { RevokedAt = clock.GetUtcNow() };
        await state.WriteOrReloadAsync(this);
    }

    public Task<IReadOnlyList<Invitation>> ListInvitationsAsync()
    {
        var now = clock.GetUtcNow();
        return Task.FromResult<IReadOnlyList<Invitation>>(state.State.Invitations.Select(i => Public(i, now)).ToList());
    }

    public Task<Invitation?> CheckInvitationAsync(string invitationId, string secret) =>
        Task.FromResult(Find(invitationId, secret) is { } found ? Public(found, clock.GetUtcNow()) : null);

    public async Task<Invitation> AcceptInvitationAsync(string invitationId, string secret, string personId, string name, string email)
    {
        var found = Find(invitationId, secret) ?? throw new NotFoundException("This invitation link is not valid any more.");
        var now = clock.GetUtcNow();
        var index = state.State.Invitations.IndexOf(found);
        state.State.Invitations[index] = found with { AcceptedAt = now };
        var existing = state.State.People.FindIndex(p => p.Id == personId);
        var person = new TenantPerson(personId, name, PeopleKeys.NormalizeEmail(email), found.Role, now);
        if (existing >= 0) state.State.People[existing] = person with { JoinedAt = state.State.People[existing].JoinedAt };
        else state.State.People.Add(person);
        await state.WriteOrReloadAsync(this);
        return Public(state.State.Invitations[index], now);
    }

    public Task<IReadOnlyList<TenantPerson>> ListPeopleAsync() =>
        Task.FromResult<IReadOnlyList<TenantPerson>>(state.State.People.OrderBy(p => p.Name, StringComparer.CurrentCultureIgnoreCase).ToList());

    public async Task<TenantPerson> SetRoleAsync(string personId, TenantRole role)
    {
        var index = state.State.People.FindIndex(p => p.Id == personId);
        if (index < 0) throw new NotFoundException($"No person '{personId}' in this tenant.");
        state.State.People[index] = state.State.People[index] with { Role = role };
        await state.WriteOrReloadAsync(this);
        return state.State.People[index];
    }

    public async Task RemoveAsync(string personId)
    {
        if (state.State.People.RemoveAll(p => p.Id == personId) == 0) throw new NotFoundException($"No person '{personId}' in this tenant.");
        await state.WriteOrReloadAsync(this);
    }

    /// <summary>The pending invitation the secret opens, or null.</summary>
    private StoredInvitation? Find(string invitationId, string secret)
    {
        var found = state.State.Invitations.Find(i => i.Id == invitationId);
        if (found is null || Status(found, clock.GetUtcNow()) != InvitationStatus.Pending) return null;
        return CryptographicOperations.FixedTimeEquals(Convert.FromHexString(Hash(secret)), Convert.FromHexString(found.SecretHash)) ? found : null;
    }

    private static InvitationStatus Status(StoredInvitation i, DateTimeOffset now) =>
        i.AcceptedAt is not null ? InvitationStatus.Accepted
        : i.RevokedAt is not null ? InvitationStatus.Revoked
        : i.ExpiresAt <= now ? InvitationStatus.Expired
        : InvitationStatus.Pending;

    private static Invitation Public(StoredInvitation i, DateTimeOffset now) =>
        new(i.Id, i.Email, i.Name, i.Role, i.CreatedAt, i.ExpiresAt, Status(i, now), i.InvitedBy);

    private static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
