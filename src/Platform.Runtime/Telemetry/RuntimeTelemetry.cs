using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Platform.Runtime;

/// <summary>
/// The runtime's spans and metrics. Every instrument checks for a listener first, so a process
/// without OpenTelemetry pays almost nothing per call.
/// </summary>
public static class RuntimeTelemetry
{
    public const string Name = "Platform.Runtime";

    /// <summary>The attribute naming the tenant a grain belongs to.</summary>
    public const string TenantTag = "tenant.id";

    public static readonly ActivitySource ActivitySource = new(Name);
    public static readonly Meter Meter = new(Name);

    private static readonly Counter<long> s_calls = Meter.CreateCounter<long>("platform.grain.calls", "{call}", "Grain calls completed");
    private static readonly Histogram<double> s_callDuration = Meter.CreateHistogram<double>("platform.grain.call.duration", "ms", "Grain call duration");
    private static readonly UpDownCounter<long> s_activations = Meter.CreateUpDownCounter<long>("platform.grain.activations", "{activation}", "Resident activations");
    private static readonly Histogram<double> s_storageDuration = Meter.CreateHistogram<double>("platform.storage.duration", "ms", "Grain storage operation duration");
    private static readonly Counter<long> s_etagConflicts = Meter.CreateCounter<long>("platform.storage.etag_conflicts", "{conflict}", "Writes refused because the stored ETag had changed");

    internal readonly struct CallScope(Activity? activity, long startTimestamp, ActivationData? activation, MethodDescriptor? method)
    {
        public void End(Task task)
        {
            if (activation is null) return;
            var tags = new TagList
            {
                { "grain.type", activation.GrainType.TypeName },
                { "grain.method", method!.InterfaceMethod.Name },
                { TenantTag, activation.GrainId.Partition },
                { "outcome", task.IsCompletedSuccessfully ? "ok" : "error" },
            };
            if (s_calls.Enabled) s_calls.Add(1, tags);
            if (s_callDuration.Enabled && startTimestamp != 0)
                s_callDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds, tags);
            if (activity is not null)
            {
                if (task.IsFaulted)
                {
                    var error = task.Exception!.InnerException!;
                    activity.SetStatus(ActivityStatusCode.Error, error.Message);
                    activity.SetTag("exception.type", error.GetType().FullName);
                }
                activity.Dispose();
            }
        }
    }

    internal static CallScope StartCall(ActivationData activation, MethodDescriptor method)
    {
        var measuring = s_calls.Enabled || s_callDuration.Enabled;
        Activity? activity = null;
        if (ActivitySource.HasListeners())
        {
            activity = ActivitySource.StartActivity($"grain {method.DisplayName}", ActivityKind.Internal);
            if (activity is not null)
            {
                activity.SetTag("grain.id", activation.GrainId.ToString());
                activity.SetTag(TenantTag, activation.GrainId.Partition);
            }
        }
        if (!measuring && activity is null) return default;
        return new CallScope(activity, measuring ? Stopwatch.GetTimestamp() : 0, activation, method);
    }

    internal static void ActivationAdded(ActivationData activation)
    {
        if (s_activations.Enabled) s_activations.Add(1, new KeyValuePair<string, object?>("grain.type", activation.GrainType.TypeName));
    }

    internal static void ActivationRemoved(ActivationData activation)
    {
        if (s_activations.Enabled) s_activations.Add(-1, new KeyValuePair<string, object?>("grain.type", activation.GrainType.TypeName));
    }

    /// <summary>Times a storage operation with a span and the storage duration metric; counts ETag conflicts.</summary>
    public static async Task TraceStorageAsync(string operation, string stateName, GrainId grainId, Func<Task> run)
    {
        using var activity = ActivitySource.HasListeners()
            ? ActivitySource.StartActivity($"storage {operation}", ActivityKind.Client)
            : null;
        activity?.SetTag("grain.id", grainId.ToString());
        activity?.SetTag("state.name", stateName);
        activity?.SetTag(TenantTag, grainId.Partition);
        var start = Stopwatch.GetTimestamp();
        var outcome = "ok";
        try
        {
            await run().ConfigureAwait(false);
        }
        catch (InconsistentStateException)
        {
            outcome = "conflict";
            s_etagConflicts.Add(1, new KeyValuePair<string, object?>(TenantTag, grainId.Partition));
            activity?.SetStatus(ActivityStatusCode.Error, "ETag conflict");
            throw;
        }
        catch (Exception e)
        {
            outcome = "error";
            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
            throw;
        }
        finally
        {
            if (s_storageDuration.Enabled)
                s_storageDuration.Record(Stopwatch.GetElapsedTime(start).TotalMilliseconds,
                    new KeyValuePair<string, object?>("operation", operation),
                    new KeyValuePair<string, object?>("outcome", outcome),
                    new KeyValuePair<string, object?>(TenantTag, grainId.Partition));
        }
    }
}
