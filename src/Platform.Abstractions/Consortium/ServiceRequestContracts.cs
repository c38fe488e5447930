using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.Concurrency;
using Orleans;

namespace Platform.Abstractions;

public enum ServiceRequestUrgency { Normal, Urgent }

public enum ServiceRequestStatus { Open, Assigned, Done, Cancelled }

/// <summary>How well a professional's fields match a request's field; higher ranks first.</summary>
public enum FieldMatch { Secondary = 1, Primary = 2 }

/// <summary>A request as the client's staff submits it; its title in French and English like every other title.</summary>
[GenerateSerializer, Immutable, Alias("ServiceRequestInput")]
public sealed record ServiceRequestInput(
    string? Id,
    string ConsortiumId,
    string Field,
    LocalizedText Title,
    DateOnly NeedBy,
    ServiceRequestUrgency Urgency,
    decimal? EstimatedHours = null);

/// <summary>
/// A client's request to a consortium (grain key <c>{consortiumId}/{requestId}</c>).
/// <see cref="AgreementId"/> names the agreement that covered its field when it was submitted.
/// </summary>
[GenerateSerializer, Immutable, Alias("ServiceRequest")]
public sealed record ServiceRequest(
    string Id,
    string ConsortiumId,
    string ClientId,
    string AgreementId,
    string Field,
    [property: JsonConverter(typeof(SingleLanguageTitleConverter))] LocalizedText Title,
    DateOnly NeedBy,
    ServiceRequestUrgency Urgency,
    decimal? EstimatedHours,
    ServiceRequestStatus Status,
    string? ProfessionalId,
    DateTimeOffset SubmittedAt,
    DateTimeOffset? AssignedAt = null,
    DateTimeOffset? ClosedAt = null);

/// <summary>
/// Reads a title stored before titles were bilingual (a plain string) as that text in both
/// languages, and a bilingual one as usual; always writes the bilingual form. Only on
/// <see cref="ServiceRequest.Title"/>, so requests stored by the previous version still read while
/// every input still has to give both languages.
/// </summary>
public sealed class SingleLanguageTitleConverter : JsonConverter<LocalizedText>
{
    public override LocalizedText? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && reader.GetString() is { } text
            ? new LocalizedText(text, text)
            : JsonSerializer.Deserialize<LocalizedText>(ref reader, options);

    public override void Write(Utf8JsonWriter writer, LocalizedText value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value, options);
}

/// <summary>
/// One ranked candidate. <see cref="FreeCapacity"/> = <see cref="Capacity"/> − <see cref="RecordedHours"/>
/// − <see cref="CommittedHours"/> over the candidate window (may be negative when overbooked).
/// </summary>
[GenerateSerializer, Immutable, Alias("Candidate")]
public sealed record Candidate(
    int Rank,
    string ProfessionalId,
    string Name,
    FieldMatch FieldMatch,
    decimal Capacity,
    decimal RecordedHours,
    decimal CommittedHours,
    decimal FreeCapacity,
    int CurrentAssignments);

/// <summary>The candidates of a request and the window their capacity was measured over (Monday to Sunday weeks).</summary>
[GenerateSerializer, Immutable, Alias("CandidateList")]
public sealed record CandidateList(
    string RequestId,
    string Field,
    DateOnly WindowStart,
    DateOnly WindowEnd,
    int Weeks,
    IReadOnlyList<Candidate> Candidates);

/// <summary>
/// One service request (key <c>{consortiumId}/{requestId}</c>): its own grain so the consortium's
/// state holds only the requests still in progress. Written only by the consortium grain.
/// </summary>
public interface IServiceRequestGrain : IGrainWithStringKey
{
    /// <summary>
    /// Stores a new request. A repeat of the same submission (same client, field, title, need-by)
    /// returns the stored one, so a retried call is harmless; anything else under a used id → 409.
    /// </summary>
    Task<ServiceRequest> CreateAsync(ServiceRequest request);

    /// <summary>The request, or null when none has this id.</summary>
    [ReadOnly] Task<ServiceRequest?> GetAsync();

    /// <summary>Assigns (or reassigns) an open or assigned request; 409 when done or cancelled.</summary>
    Task<ServiceRequest> AssignAsync(string professionalId, decimal? estimatedHours);

    /// <summary>Marks an assigned request done; 409 otherwise.</summary>
    Task<ServiceRequest> CompleteAsync();

    /// <summary>Cancels an open or assigned request; 409 otherwise.</summary>
    Task<ServiceRequest> CancelAsync();
}

/// <summary>A request that left the consortium's book of requests in hand: done or cancelled, on a day.</summary>
[GenerateSerializer, Immutable, Alias("ClosedRequestEntry")]
public sealed record ClosedRequestEntry(string RequestId, string ClientId, ServiceRequestStatus Status, DateOnly ClosedOn);

/// <summary>
/// The requests a consortium closed in one calendar year (key <c>{consortiumId}/{yyyy}</c>), so done
/// and cancelled requests can be listed while the consortium's own state keeps only those in hand.
/// Written only by the consortium grain.
/// </summary>
public interface IClosedRequestsGrain : IGrainWithStringKey
{
    /// <summary>Records a closing; a request recorded already keeps its first entry (a retried close changes nothing).</summary>
    Task RecordAsync(ClosedRequestEntry entry);

    [ReadOnly] Task<IReadOnlyList<ClosedRequestEntry>> ListAsync();
}
