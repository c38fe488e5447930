using System.Collections.Immutable;
using System.Diagnostics;

namespace Platform.Runtime;

/// <summary>
/// One activation of one grain: its instance, its persistent states and its turn scheduler.
///
/// Scheduling rules (all under <see cref="_lock"/>):
/// - an exclusive call starts only when nothing runs and nobody is queued ahead of it;
/// - a read-only call starts when no exclusive call runs and nobody is queued ahead of it;
/// - an interleaving call always starts;
/// - otherwise the call is queued (FIFO) and started by the turn that completes before it.
/// A call whose target is already in its own call chain and would have to queue is a cycle:
/// it can never start, so it fails at once with <see cref="DeadlockException"/>.
/// A call that can start runs inline on the caller's thread up to the grain's first await, which
/// is what makes a warm call cheap.
/// </summary>
internal sealed class ActivationData
{
    [ThreadStatic] private static ActivationData? t_constructing;

    private enum Lifecycle { Created, Activating, Valid, Deactivating, Invalid }

    private readonly Lock _lock = new();
    private readonly TaskCompletionSource _deactivated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Lifecycle _state;
    private int _running;
    private bool _exclusiveRunning;
    private bool _deactivationRequested;
    private DeactivationReason _deactivationReason;
    private Queue<IWorkItem>? _queue;
    private List<IPersistentStateLifecycle>? _persistentStates;
    private Grain? _instance;

    public ActivationData(GrainRuntime runtime, GrainId grainId, GrainTypeInfo grainType)
    {
        Runtime = runtime;
        GrainId = grainId;
        GrainType = grainType;
        LastUsedTimestamp = CreatedTimestamp = runtime.TimeProvider.GetTimestamp();
    }

    /// <summary>When the activation was created (TimeProvider timestamp), for the lifetime bound.</summary>
    public long CreatedTimestamp { get; }

    /// <summary>True while the activation serves calls (not activating, not leaving).</summary>
    public bool IsValid
    {
        get
        {
            lock (_lock) return _state == Lifecycle.Valid && !_deactivationRequested;
        }
    }

    public GrainRuntime Runtime { get; }
    public GrainId GrainId { get; }
    public GrainTypeInfo GrainType { get; }

    /// <summary>When a call last started or ended here (TimeProvider timestamp), for idle collection.</summary>
    public long LastUsedTimestamp { get; private set; }

    /// <summary>Global use order, for least-recently-used eviction.</summary>
    public long LastUsedSequence { get; private set; }

    /// <summary>Completes once the activation is gone from the catalog.</summary>
    public Task Deactivated => _deactivated.Task;

    /// <summary>The activation whose grain constructor is running on this thread (lets the constructor read its key).</summary>
    internal static ActivationData? Constructing => t_constructing;

    internal void AddPersistentState(IPersistentStateLifecycle state) => (_persistentStates ??= []).Add(state);

    /// <summary>True when nothing runs or waits and no deactivation is pending.</summary>
    public bool IsIdle
    {
        get
        {
            lock (_lock) return _state == Lifecycle.Valid && _running == 0 && !_deactivationRequested && (_queue is null || _queue.Count == 0);
        }
    }

    /// <summary>
    /// Starts or queues a call. Returns null when this activation is going away: the caller waits
    /// for <see cref="Deactivated"/> and sends again, reaching a fresh activation.
    /// </summary>
    public Task? TrySend<TResult>(MethodDescriptor<TResult> method, object?[] arguments, CallChain? chain, ImmutableDictionary<string, object>? context)
    {
        WorkItem<TResult>? queued = null;
        var startActivation = false;
        lock (_lock)
        {
            if (_state is Lifecycle.Deactivating or Lifecycle.Invalid) return null;

            if (CanStart(method.Kind, nobodyQueued: _queue is null || _queue.Count == 0))
            {
                MarkStarted(method.Kind);
            }
            else
            {
                if (chain is not null && chain.Contains(this))
                    throw new DeadlockException(
                        $"Call cycle: {method.DisplayName} on {GrainId} was called from a chain that is waiting for {GrainId} " +
                        $"({chain.Describe(GrainId)}). Make one of the methods [ReadOnly]/[AlwaysInterleave] or break the cycle.");
                queued = new WorkItem<TResult>(this, method, arguments, chain, context);
                (_queue ??= new Queue<IWorkItem>()).Enqueue(queued);
                if (_state == Lifecycle.Created)
                {
                    _state = Lifecycle.Activating;
                    _running = 1;
                    _exclusiveRunning = true;
                    startActivation = true;
                }
            }
        }

        if (queued is null) return RunTurnInline(method, arguments, chain, context);
        if (startActivation) _ = ActivateAsync();
        return Runtime.WithTimeout(queued.Task, method, GrainId, "waiting in the activation's queue");
    }

    private bool CanStart(CallKind kind, bool nobodyQueued)
    {
        if (_state != Lifecycle.Valid || _deactivationRequested) return false;
        return kind switch
        {
            CallKind.Interleave => true,
            CallKind.ReadOnly => !_exclusiveRunning && nobodyQueued,
            _ => _running == 0 && nobodyQueued,
        };
    }

    private void MarkStarted(CallKind kind)
    {
        _running++;
        if (kind == CallKind.Exclusive) _exclusiveRunning = true;
        Touch();
    }

    private void Touch()
    {
        LastUsedTimestamp = Runtime.TimeProvider.GetTimestamp();
        LastUsedSequence = Runtime.Catalog.NextUseSequence();
    }

    private Task RunTurnInline<TResult>(MethodDescriptor<TResult> method, object?[] arguments, CallChain? chain, ImmutableDictionary<string, object>? context)
    {
        var task = RunTurn(method, arguments, chain, context);
        return task.IsCompleted ? task : Runtime.WithTimeout((Task<TResult>)task, method, GrainId, "running");
    }

    /// <summary>
    /// Runs one turn: the call chain and request context of the caller are put in place for the
    /// grain code, and taken back off the current thread once the grain returns its task.
    /// Returns the grain's own task when it completed synchronously, so exceptions reach the caller unchanged.
    /// </summary>
    internal Task RunTurn<TResult>(MethodDescriptor<TResult> method, object?[] arguments, CallChain? chain, ImmutableDictionary<string, object>? context)
    {
        var previousChain = CallChain.Current;
        var previousContext = RequestContext.Capture();
        CallChain.Current = new CallChain(this, chain);
        RequestContext.Restore(context);
        var call = RuntimeTelemetry.StartCall(this, method);
        Task task;
        try
        {
            task = Runtime.HasCallFilters
                ? new IncomingCallContext<TResult>(this, _instance!, method, arguments, chain is not null).RunAsync()
                : method.Invoke(_instance!, arguments);
        }
        catch (Exception e)
        {
            task = Task.FromException<TResult>(e);
        }
        finally
        {
            CallChain.Current = previousChain;
            RequestContext.Restore(previousContext);
        }

        if (task.IsCompleted)
        {
            call.End(task);
            TurnCompleted(method.Kind);
            return task;
        }
        return AwaitTurn<TResult>(task, method.Kind, call);
    }

    private async Task<TResult> AwaitTurn<TResult>(Task task, CallKind kind, RuntimeTelemetry.CallScope call)
    {
        try
        {
            await task.ConfigureAwait(false);
            return MethodDescriptor<TResult>.ResultOf(task);
        }
        finally
        {
            call.End(task);
            TurnCompleted(kind);
        }
    }

    private void TurnCompleted(CallKind kind)
    {
        List<IWorkItem>? toStart = null;
        var deactivate = false;
        lock (_lock)
        {
            _running--;
            if (kind == CallKind.Exclusive) _exclusiveRunning = false;
            Touch();
            if (_state == Lifecycle.Valid) deactivate = TryBeginDeactivation() || StartQueued(ref toStart);
        }
        if (deactivate) _ = DeactivateAsync();
        Schedule(toStart);
    }

    // Under the lock. Returns true when this thread must run the deactivation.
    private bool TryBeginDeactivation()
    {
        if (!_deactivationRequested || _running != 0) return false;
        _state = Lifecycle.Deactivating;
        _running = 1;
        _exclusiveRunning = true;
        return true;
    }

    // Under the lock: dequeue every call that may start now. Always false (never begins a deactivation).
    private bool StartQueued(ref List<IWorkItem>? toStart)
    {
        while (_queue is { Count: > 0 } && CanStart(_queue.Peek().Kind, nobodyQueued: true))
        {
            var item = _queue.Dequeue();
            MarkStarted(item.Kind);
            (toStart ??= []).Add(item);
        }
        return false;
    }

    private static void Schedule(List<IWorkItem>? items)
    {
        if (items is null) return;
        foreach (var item in items) ThreadPool.UnsafeQueueUserWorkItem(item, preferLocal: false);
    }

    private async Task ActivateAsync()
    {
        // Activation runs as this grain's first exclusive turn: its own code may call other grains.
        var previousChain = CallChain.Current;
        CallChain.Current = new CallChain(this, null);
        try
        {
            using var timeout = new CancellationTokenSource(Runtime.Options.ActivationTimeout, Runtime.TimeProvider);
            t_constructing = this;
            Grain instance;
            try
            {
                instance = GrainType.CreateInstance(Runtime.Services, this);
            }
            finally
            {
                t_constructing = null;
            }
            instance.Bind(this);
            _instance = instance;
            if (_persistentStates is not null)
                foreach (var state in _persistentStates) await state.LoadAsync().ConfigureAwait(false);
            await instance.OnActivateAsync(timeout.Token).WaitAsync(Runtime.Options.ActivationTimeout, Runtime.TimeProvider).ConfigureAwait(false);
            RuntimeTelemetry.ActivationAdded(this);

            List<IWorkItem>? toStart = null;
            var deactivate = false;
            lock (_lock)
            {
                _state = Lifecycle.Valid;
                _running = 0;
                _exclusiveRunning = false;
                deactivate = TryBeginDeactivation() || StartQueued(ref toStart);
            }
            if (deactivate) _ = DeactivateAsync();
            Schedule(toStart);
        }
        catch (Exception e)
        {
            // Activation failed: the callers waiting for it get the failure; the next call tries afresh.
            IWorkItem[] waiting;
            lock (_lock)
            {
                _state = Lifecycle.Invalid;
                waiting = _queue?.ToArray() ?? [];
                _queue = null;
            }
            Runtime.Catalog.Remove(this);
            _deactivated.TrySetResult();
            foreach (var item in waiting) item.Fail(e);
        }
        finally
        {
            CallChain.Current = previousChain;
        }
    }

    /// <summary>
    /// Asks for deactivation. The running turn (if any) finishes first; calls that arrive or wait
    /// meanwhile are sent on to the next activation once this one is gone.
    /// </summary>
    public void RequestDeactivation(DeactivationReason reason)
    {
        var deactivate = false;
        var neverStarted = false;
        lock (_lock)
        {
            if (_deactivationRequested || _state is Lifecycle.Deactivating or Lifecycle.Invalid) return;
            _deactivationRequested = true;
            _deactivationReason = reason;
            if (_state == Lifecycle.Created)
            {
                // No call ever reached it: there is nothing to run, it just leaves.
                _state = Lifecycle.Invalid;
                neverStarted = true;
            }
            else
            {
                deactivate = _state == Lifecycle.Valid && TryBeginDeactivation();
            }
        }
        if (neverStarted)
        {
            Runtime.Catalog.Remove(this);
            _deactivated.TrySetResult();
        }
        if (deactivate) _ = DeactivateAsync();
    }

    private async Task DeactivateAsync()
    {
        try
        {
            if (_instance is not null)
            {
                using var timeout = new CancellationTokenSource(Runtime.Options.ActivationTimeout, Runtime.TimeProvider);
                await _instance.OnDeactivateAsync(_deactivationReason, timeout.Token)
                    .WaitAsync(Runtime.Options.ActivationTimeout, Runtime.TimeProvider).ConfigureAwait(false);
            }
        }
        catch (Exception e)
        {
            Runtime.LogDeactivationFailure(GrainId, e);
        }
        finally
        {
            IWorkItem[] waiting;
            lock (_lock)
            {
                _state = Lifecycle.Invalid;
                _running = 0;
                waiting = _queue?.ToArray() ?? [];
                _queue = null;
            }
            Runtime.Catalog.Remove(this);
            RuntimeTelemetry.ActivationRemoved(this);
            _deactivated.TrySetResult();
            foreach (var item in waiting) item.Redispatch();
        }
    }

    public override string ToString() => $"activation of {GrainId}";
}

/// <summary>The activations a call is running on behalf of, innermost first (for cycle detection).</summary>
internal sealed class CallChain(ActivationData activation, CallChain? next)
{
    private static readonly AsyncLocal<CallChain?> s_current = new();

    public static CallChain? Current
    {
        get => s_current.Value;
        set
        {
            if (!ReferenceEquals(s_current.Value, value)) s_current.Value = value;
        }
    }

    public ActivationData Activation { get; } = activation;
    public CallChain? Next { get; } = next;

    public bool Contains(ActivationData activation)
    {
        for (var link = this; link is not null; link = link.Next)
            if (ReferenceEquals(link.Activation, activation)) return true;
        return false;
    }

    public string Describe(GrainId target)
    {
        var ids = new List<string> { target.ToString() };
        for (var link = this; link is not null; link = link.Next) ids.Add(link.Activation.GrainId.ToString());
        ids.Reverse();
        return string.Join(" → ", ids);
    }
}

/// <summary>A queued call.</summary>
internal interface IWorkItem : IThreadPoolWorkItem
{
    CallKind Kind { get; }
    void Fail(Exception exception);
    void Redispatch();
}

internal sealed class WorkItem<TResult>(
    ActivationData activation, MethodDescriptor<TResult> method, object?[] arguments, CallChain? chain, ImmutableDictionary<string, object>? context)
    : IWorkItem
{
    private readonly TaskCompletionSource<TResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<TResult> Task => _completion.Task;
    public CallKind Kind => method.Kind;

    public void Execute()
    {
        var turn = activation.RunTurn(method, arguments, chain, context);
        Complete(turn);
    }

    public void Fail(Exception exception) => _completion.TrySetException(exception);

    public void Redispatch()
    {
        Task sent;
        try
        {
            sent = activation.Runtime.Send(method, activation.GrainId, arguments, chain, context);
        }
        catch (Exception e)
        {
            sent = System.Threading.Tasks.Task.FromException<TResult>(e);
        }
        Complete(sent);
    }

    private void Complete(Task task)
    {
        if (task.IsCompleted) SetFrom(task);
        else task.ContinueWith(static (t, state) => ((WorkItem<TResult>)state!).SetFrom(t), this,
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private void SetFrom(Task task)
    {
        if (task.IsFaulted) _completion.TrySetException(task.Exception!.InnerExceptions);
        else if (task.IsCanceled) _completion.TrySetCanceled();
        else _completion.TrySetResult(MethodDescriptor<TResult>.ResultOf(task));
    }
}

/// <summary>The context a call filter sees; the last <see cref="Invoke"/> calls the grain.</summary>
internal sealed class IncomingCallContext<TResult>(
    ActivationData activation, Grain grain, MethodDescriptor<TResult> method, object?[] arguments, bool isGrainToGrain)
    : IIncomingGrainCallContext
{
    private int _next;

    public object Grain => grain;
    public GrainId TargetId => activation.GrainId;
    public System.Reflection.MethodInfo InterfaceMethod => method.InterfaceMethod;
    public object?[] Arguments => arguments;
    public bool IsGrainToGrainCall => isGrainToGrain;
    public object? Result { get; set; }

    public async Task Invoke()
    {
        var filters = activation.Runtime.CallFilters;
        if (_next < filters.Length)
        {
            await filters[_next++].Invoke(this).ConfigureAwait(false);
            return;
        }
        var task = method.Invoke(grain, arguments);
        await task.ConfigureAwait(false);
        Result = MethodDescriptor<TResult>.ResultOf(task);
    }

    public async Task<TResult> RunAsync()
    {
        await Invoke().ConfigureAwait(false);
        return Result is TResult result ? result : default!;
    }
}
