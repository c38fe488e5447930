using Orleans;
using Orleans.Runtime;

namespace Platform.Grains;

/// <summary>The one way every grain of the platform writes its state.</summary>
internal static class GrainStateWrites
{
    /// <summary>
    /// Writes the state; if the write fails for any reason (a conflicting ETag, a store that timed
    /// out after the write may have landed, a refused state), this activation's memory may now be
    /// ahead of or beside the store, so it is deactivated and the next call starts from what is
    /// really stored. Orleans does this by itself only for <c>InconsistentStateException</c>.
    /// </summary>
    public static async Task WriteOrReloadAsync<TState>(this IPersistentState<TState> state, IGrainBase grain)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            grain.DeactivateOnIdle();
            throw;
        }
    }
}
