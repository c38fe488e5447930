using System.Diagnostics;

namespace Platform.Storage.FileStore;

/// <summary>
/// The file store's spans: one per operation, child of Orleans's own storage span (so one trace
/// runs from the HTTP request through the grain call to the disk). Listen to
/// <see cref="ActivitySourceName"/> (for example <c>tracing.AddSource(FileStorageTelemetry.ActivitySourceName)</c>).
/// </summary>
public static class FileStorageTelemetry
{
    public const string ActivitySourceName = "Platform.Storage.File";

    /// <summary>Tag keys. Grain type, state name and provider use Orleans's own keys, so they line up with its storage spans.</summary>
    public const string GrainTypeTag = "orleans.grain.type";
    public const string StateNameTag = "orleans.storage.state.name";
    public const string ProviderTag = "orleans.storage.provider";
    public const string TenantTag = "tenant.id";
    public const string OutcomeTag = "outcome";
    public const string CountTag = "platform.storage.count";

    /// <summary>Outcome values.</summary>
    public const string Ok = "ok";
    public const string NotFound = "not_found";
    public const string Conflict = "conflict";
    public const string Corrupt = "corrupt";
    public const string Error = "error";

    internal static readonly ActivitySource Source = new(ActivitySourceName);

    internal static Activity? StartGrainOperation(string operation, string provider, string grainType, string tenant, string stateName)
    {
        if (!Source.HasListeners()) return null;
        var activity = Source.StartActivity($"file-store {operation}", ActivityKind.Internal);
        if (activity is null) return null;
        activity.SetTag(ProviderTag, provider);
        activity.SetTag(GrainTypeTag, grainType);
        activity.SetTag(TenantTag, tenant);
        activity.SetTag(StateNameTag, stateName);
        return activity;
    }

    internal static Activity? StartTenantOperation(string operation, string provider, string tenant)
    {
        if (!Source.HasListeners()) return null;
        var activity = Source.StartActivity($"file-store {operation}", ActivityKind.Internal);
        if (activity is null) return null;
        activity.SetTag(ProviderTag, provider);
        activity.SetTag(TenantTag, tenant);
        return activity;
    }

    internal static void Succeeded(Activity? activity, string outcome = Ok)
    {
        activity?.SetTag(OutcomeTag, outcome);
    }

    internal static void Failed(Activity? activity, Exception error)
    {
        if (activity is null) return;
        var outcome = error switch
        {
            Orleans.Storage.InconsistentStateException => Conflict,
            CorruptStateFileException => Corrupt,
            _ => Error,
        };
        activity.SetTag(OutcomeTag, outcome);
        activity.SetStatus(ActivityStatusCode.Error, error.Message);
        activity.AddException(error);
    }
}
