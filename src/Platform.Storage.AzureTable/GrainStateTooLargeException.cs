namespace Platform.Storage.AzureTable;

/// <summary>
/// A grain state does not fit in one Azure Table entity even compressed. Thrown before any request,
/// so the stored state is unchanged. Split the grain's state (or move bulky data out of it).
/// </summary>
public sealed class GrainStateTooLargeException(string message) : Exception(message);
