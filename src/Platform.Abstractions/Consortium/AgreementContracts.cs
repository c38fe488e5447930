using Orleans.Concurrency;
using Orleans;

namespace Platform.Abstractions;

/// <summary>What the consortium may read of the client's data while the agreement is in force (rule 5).</summary>
public enum AgreementAccess { None, Read }

/// <summary>Where an agreement stands. Being "in force" also depends on its dates: see <see cref="Agreement.IsInForceAt"/>.</summary>
public enum AgreementStatus { Pending, Accepted, Declined, Ended }

/// <summary>Which side of an agreement acted.</summary>
public enum AgreementParty { Consortium, Client }

/// <summary>An agreement as the consortium's admin offers it.</summary>
[GenerateSerializer, Immutable, Alias("AgreementInput")]
public sealed record AgreementInput(
    string? Id,
    string ClientId,
    IReadOnlyList<string> Fields,
    DateOnly StartsOn,
    DateOnly EndsOn,
    AgreementAccess Access);

/// <summary>
/// A service agreement between a consortium and a client. It takes effect only once the client's
/// admin accepts it, and is in force from <see cref="StartsOn"/> through <see cref="EndsOn"/>
/// (whole UTC days) unless either side ends it sooner.
/// </summary>
[GenerateSerializer, Immutable, Alias("Agreement")]
public sealed record Agreement(
    string Id,
    string ConsortiumId,
    string ClientId,
    IReadOnlyList<string> Fields,
    DateOnly StartsOn,
    DateOnly EndsOn,
    AgreementAccess Access,
    AgreementStatus Status,
    DateTimeOffset OfferedAt,
    DateTimeOffset? AcceptedAt = null,
    DateTimeOffset? EndedAt = null,
    AgreementParty? EndedBy = null)
{
    /// <summary>Accepted, not ended, and <paramref name="at"/> falls on one of its days.</summary>
    public bool IsInForceAt(DateTimeOffset at)
    {
        var day = DateOnly.FromDateTime(at.UtcDateTime);
        return Status == AgreementStatus.Accepted && day >= StartsOn && day <= EndsOn;
    }

    /// <summary>
    /// The last day work may be recorded under it: its end date, or the day it was ended when that
    /// came sooner (work done on that day still counts).
    /// </summary>
    public DateOnly LastWorkDay() =>
        EndedAt is { } ended && DateOnly.FromDateTime(ended.UtcDateTime) < EndsOn
            ? DateOnly.FromDateTime(ended.UtcDateTime)
            : EndsOn;

    /// <summary>True when this agreement grants delegated reads at <paramref name="at"/>.</summary>
    public bool GrantsReadAt(DateTimeOffset at) => Access == AgreementAccess.Read && IsInForceAt(at);
}

/// <summary>
/// The client side of service agreements (key <c>{clientTenantId}</c>): every agreement offered to
/// this client, kept in step by the consortium grain (the only writer; this grain calls nobody).
/// The gateway reads it to route an acceptance to the right consortium and to decide delegated reads.
/// </summary>
public interface IServiceAgreementsGrain : IGrainWithStringKey
{
    /// <summary>
    /// Adds or replaces the copy of an agreement. 409 when another consortium already used this
    /// agreement id with this client (the client's routes name agreements by id alone).
    /// </summary>
    Task RecordAsync(Agreement agreement);

    [ReadOnly] Task<IReadOnlyList<Agreement>> ListAsync();

    /// <summary>The agreement with this id offered to this client, or null.</summary>
    [ReadOnly] Task<Agreement?> FindAsync(string agreementId);

    /// <summary>An agreement of <paramref name="consortiumId"/> that grants reads now, or null (rule 5).</summary>
    [ReadOnly] Task<Agreement?> FindDelegatedReadAsync(string consortiumId);
}
