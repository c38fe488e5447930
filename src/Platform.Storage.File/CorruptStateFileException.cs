namespace Platform.Storage.FileStore;

/// <summary>
/// A state file failed its integrity check (torn, truncated, altered, or holding another grain's
/// state). It is never read as state and never overwritten: reads and writes of that state fail
/// until an operator restores or removes the file (see docs/file-store.md).
/// </summary>
public sealed class CorruptStateFileException : Exception
{
    public CorruptStateFileException(string path, string reason)
        : base($"State file {path} failed its integrity check ({reason}); it is not read as state.")
    {
        FilePath = path;
        Reason = reason;
    }

    /// <summary>The file that failed the check.</summary>
    public string FilePath { get; }

    /// <summary>What was wrong with it.</summary>
    public string Reason { get; }
}
