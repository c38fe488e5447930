namespace Platform.Runtime;

/// <summary>
/// A call would wait for an activation that is itself waiting for this call (A → B → A):
/// thrown at once instead of letting the chain hang until its timeout.
/// </summary>
public sealed class DeadlockException(string message) : Exception(message);

/// <summary>A grain call did not complete within the response timeout.</summary>
public sealed class GrainCallTimeoutException(string message) : TimeoutException(message);

/// <summary>
/// The stored state changed since this activation read it (ETag mismatch), or a record that was
/// expected to exist or not exist did not match. The activation is deactivated; a retry reloads.
/// </summary>
public sealed class InconsistentStateException : Exception
{
    public InconsistentStateException(string message, string? storedEtag = null, string? currentEtag = null, Exception? inner = null)
        : base(message, inner)
    {
        StoredEtag = storedEtag;
        CurrentEtag = currentEtag;
    }

    /// <summary>The ETag found in the store, when known.</summary>
    public string? StoredEtag { get; }

    /// <summary>The ETag this activation held.</summary>
    public string? CurrentEtag { get; }
}

/// <summary>
/// The store could not be reached or answered with a transient failure after retries.
/// A write that timed out may or may not have been applied (never partially); the activation is
/// deactivated so the next call reads what is really stored. The gateway answers 503 with Retry-After.
/// </summary>
public sealed class StorageUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A stored record failed its integrity check and is refused instead of being read as state.</summary>
public sealed class CorruptStateException(string message) : Exception(message);
