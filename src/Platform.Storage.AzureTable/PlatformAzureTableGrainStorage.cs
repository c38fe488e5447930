using System.Net;
using Azure;
using Azure.Identity;
using Orleans.Runtime;
using Orleans.Storage;

namespace Platform.Storage.AzureTable;

/// <summary>
/// Orleans's <see cref="AzureTableGrainStorage"/>, unchanged, with its failures named for the platform: every read,
/// write and clear goes to the stock provider; what comes back is passed on, except that
/// <list type="bullet">
/// <item>an outage (no connection, network timeout, 408/429/5xx after the client's retries, 401/403, no token)
/// becomes <see cref="StoreUnavailableException"/>, where the SDK alone would raise a
/// <see cref="RequestFailedException"/>, an <see cref="AggregateException"/> of them or a
/// <see cref="TaskCanceledException"/>, each wrapped by Orleans in a plain <see cref="OrleansException"/>;</item>
/// <item>a state too large for one entity becomes <see cref="GrainStateTooLargeException"/> (the provider's own
/// check raises <see cref="ArgumentOutOfRangeException"/>; the service's refusal is a 400 or 413).</item>
/// </list>
/// ETag conflicts stay the provider's <see cref="InconsistentStateException"/>, on which Orleans deactivates the
/// activation so the next call reloads.
/// </summary>
public sealed class PlatformAzureTableGrainStorage(string name, AzureTableGrainStorage inner)
    : IGrainStorage, IRestExceptionDecoder, ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>The stock provider underneath.</summary>
    public AzureTableGrainStorage Inner { get; } = inner;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ReadStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WriteStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ClearStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        try
        {
            await Inner.ReadStateAsync(stateName, grainId, grainState, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (Translate(e, "read", stateName, grainId, cancellationToken) is { } translated)
        {
            throw translated;
        }
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        try
        {
            await Inner.WriteStateAsync(stateName, grainId, grainState, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (Translate(e, "write", stateName, grainId, cancellationToken) is { } translated)
        {
            throw translated;
        }
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        try
        {
            await Inner.ClearStateAsync(stateName, grainId, grainState, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (Translate(e, "clear", stateName, grainId, cancellationToken) is { } translated)
        {
            throw translated;
        }
    }

    public bool DecodeException(Exception e, out HttpStatusCode httpStatusCode, out string restStatus, bool getExtendedErrors = false) =>
        Inner.DecodeException(e is StoreUnavailableException or GrainStateTooLargeException && e.InnerException is { } cause ? cause : e,
            out httpStatusCode, out restStatus, getExtendedErrors);

    public void Participate(ISiloLifecycle lifecycle) => Inner.Participate(lifecycle);

    private Exception? Translate(Exception e, string operation, string stateName, GrainId grainId, CancellationToken cancellationToken)
    {
        if (e is InconsistentStateException or StoreUnavailableException or GrainStateTooLargeException) return null;
        var what = $"the {operation} of state '{stateName}' of grain {grainId} in Azure Table storage '{name}'";
        if (IsTooLarge(e, out var detail))
            return new GrainStateTooLargeException(
                $"Refused {what}: the state does not fit in one table entity ({detail}); nothing was written. Split the grain's state.", e);
        if (cancellationToken.IsCancellationRequested) return null;
        if (IsOutage(e, out detail))
            return new StoreUnavailableException(
                $"Azure Table storage did not complete {what}: {detail}." +
                (operation == "read" ? "" : " Not acknowledged, never partly applied (one entity per state)."), e);
        return null;
    }

    private static bool IsTooLarge(Exception e, out string detail)
    {
        // The provider's own check, before any request: "Data too large to write to Azure table. Size=… MaxSize=983040"
        // (parameter "dataSize" in 10.4.2, "GrainState.Size" in later sources).
        if (e is ArgumentOutOfRangeException { ParamName: "dataSize" or "GrainState.Size" })
        {
            detail = e.Message.Split('\n')[0].Trim();
            return true;
        }
        if (e is RequestFailedException r
            && (r.Status == (int)HttpStatusCode.RequestEntityTooLarge
                || r.Status == (int)HttpStatusCode.BadRequest && r.ErrorCode is "EntityTooLarge" or "PropertyValueTooLarge" or "RequestBodyTooLarge"))
        {
            detail = $"the service answered {r.Status} {r.ErrorCode}";
            return true;
        }
        detail = "";
        return false;
    }

    /// <summary>True for failures that say the service could not be used, not that the request was wrong.</summary>
    internal static bool IsOutage(Exception e, out string detail)
    {
        switch (e)
        {
            case AggregateException aggregate:
                var causes = aggregate.Flatten().InnerExceptions;
                var last = causes.Count > 0 ? causes[^1] : null;
                if (last is null || !causes.All(c => IsOutage(c, out _)))
                {
                    detail = "";
                    return false;
                }
                IsOutage(last, out var lastDetail);
                detail = $"{causes.Count} attempt(s) failed, the last: {lastDetail}";
                return true;
            case RequestFailedException { Status: 0 } r:
                detail = $"no answer ({r.InnerException?.Message ?? r.Message})";
                return true;
            case RequestFailedException { Status: 408 or 429 or >= 500 } r:
                detail = $"the service answered {r.Status} {r.ErrorCode}";
                return true;
            case RequestFailedException { Status: 401 or 403 } r:
                detail = $"the service refused the credentials ({r.Status} {r.ErrorCode}); check the identity's Storage Table Data Contributor role or the account key";
                return true;
            case AuthenticationFailedException or CredentialUnavailableException:
                detail = $"no token for the table service ({e.Message})";
                return true;
            // Azure.Core's per-attempt NetworkTimeout ends an attempt with a TaskCanceledException.
            case OperationCanceledException or TimeoutException or HttpRequestException or IOException:
                detail = $"no answer ({e.Message})";
                return true;
            default:
                detail = "";
                return false;
        }
    }
}
