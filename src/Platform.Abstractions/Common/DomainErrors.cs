using Orleans;

namespace Platform.Abstractions;

/// <summary>
/// Errors grains throw for the caller to see. The gateway maps each to a problem+json answer;
/// anything else escaping a grain is a bug (500). Each is serializable with its details, so the
/// answer is the same whichever silo of the cluster ran the grain.
/// </summary>
[GenerateSerializer, Alias("DomainException")]
public abstract class DomainException(string message) : Exception(message);

/// <summary>Bad input: 400, nothing changed. <see cref="Errors"/> names the offending fields.</summary>
[GenerateSerializer, Alias("ValidationFailedException")]
public sealed class ValidationFailedException(string message, IReadOnlyDictionary<string, string[]>? errors = null) : DomainException(message)
{
    [Id(0)]
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = errors ?? new Dictionary<string, string[]>();

    public static ValidationFailedException For(string field, string message) =>
        new(message, new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>The request conflicts with the current state (duplicate id, a cycle, no agreement…): 409.</summary>
[GenerateSerializer, Alias("ConflictException")]
public class ConflictException(string message) : DomainException(message);

/// <summary>The object does not exist, or the caller may not know it exists: 404.</summary>
[GenerateSerializer, Alias("NotFoundException")]
public sealed class NotFoundException(string message) : DomainException(message);

/// <summary>The caller is known but lacks the right for this action: 403.</summary>
[GenerateSerializer, Alias("AccessDeniedException")]
public sealed class AccessDeniedException(string message) : DomainException(message);
