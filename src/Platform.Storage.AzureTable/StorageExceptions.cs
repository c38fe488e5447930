using Orleans.Runtime;

namespace Platform.Storage.AzureTable;

/// <summary>
/// The table service could not be used: it did not answer within the retry budget (stopped, unreachable, hanging),
/// answered 408, 429 or 5xx on every attempt, or refused the credentials (401/403). The gateway answers 503 with
/// Retry-After. A write that fails so was not acknowledged; it is never partly applied (one entity per state), but
/// if the connection broke after the service received it, it may have been applied: the activation then holds a
/// stale ETag, its next write is refused (<see cref="Orleans.Storage.InconsistentStateException"/>) and it reloads.
/// An <see cref="OrleansException"/>, so Orleans hands it to the grain unwrapped; serializable across silos.
/// </summary>
[GenerateSerializer, Alias("platform.storage.unavailable")]
public sealed class StoreUnavailableException : OrleansException
{
    public StoreUnavailableException()
    {
    }

    public StoreUnavailableException(string message) : base(message)
    {
    }

    public StoreUnavailableException(string message, Exception? innerException) : base(message, innerException!)
    {
    }
}

/// <summary>
/// A grain state does not fit in one table entity (the provider's 983,040 bytes of serialized state, or the service
/// refused the entity as too large). Nothing was written: the stored state and the activation's ETag are unchanged.
/// The remedy is to split the grain's state or keep bulky content elsewhere.
/// </summary>
[GenerateSerializer, Alias("platform.storage.too-large")]
public sealed class GrainStateTooLargeException : OrleansException
{
    public GrainStateTooLargeException()
    {
    }

    public GrainStateTooLargeException(string message) : base(message)
    {
    }

    public GrainStateTooLargeException(string message, Exception? innerException) : base(message, innerException!)
    {
    }
}
