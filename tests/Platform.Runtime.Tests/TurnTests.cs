namespace Platform.Runtime.Tests;

public sealed class TurnTests
{
    [Fact]
    public async Task ExclusiveCallsRunOneTurnAtATimeInArrivalOrder()
    {
        await using var runtime = Runtimes.Create(out var probe, out var gates);
        var grain = runtime.Grains.GetGrain<ITurnGrain>("t/g");

        var first = grain.WorkAsync("a");
        await probe.WhenRecorded("start a");
        var second = grain.WorkAsync("b");
        var third = grain.WorkAsync("c");
        Assert.DoesNotContain("start b", probe.Snapshot());

        gates.Open("a");
        await first;
        await probe.WhenRecorded("start b");
        Assert.DoesNotContain("start c", probe.Snapshot());
        gates.Open("b");
        gates.Open("c");
        await Task.WhenAll(second, third);

        Assert.Equal(1, probe.MaxConcurrent);
        Assert.Equal(["start a", "end a", "start b", "end b", "start c", "end c"], probe.Snapshot());
    }

    [Fact]
    public async Task ReadOnlyCallsInterleaveWithEachOther()
    {
        await using var runtime = Runtimes.Create(out var probe, out var gates);
        var grain = runtime.Grains.GetGrain<ITurnGrain>("t/r");
        await grain.PingAsync("warm");

        var one = grain.ReadAsync("r1");
        var two = grain.ReadAsync("r2");
        await probe.WhenRecorded("start r1");
        await probe.WhenRecorded("start r2");
        Assert.Equal(2, probe.MaxConcurrent);
        gates.Open("r1");
        gates.Open("r2");
        await Task.WhenAll(one, two);
    }

    [Fact]
    public async Task ReadOnlyCallWaitsForARunningWrite()
    {
        await using var runtime = Runtimes.Create(out var probe, out var gates);
        var grain = runtime.Grains.GetGrain<ITurnGrain>("t/w");

        var write = grain.WorkAsync("w");
        await probe.WhenRecorded("start w");
        var read = grain.ReadAsync("r");
        Assert.DoesNotContain("start r", probe.Snapshot());
        gates.Open("w");
        await write;
        await probe.WhenRecorded("start r");
        gates.Open("r");
        await read;
        Assert.Equal(1, probe.MaxConcurrent);
    }

    [Fact]
    public async Task WriteQueuedBehindReadsIsNotOvertakenByLaterReads()
    {
        await using var runtime = Runtimes.Create(out var probe, out var gates);
        var grain = runtime.Grains.GetGrain<ITurnGrain>("t/fifo");
        await grain.PingAsync("warm");

        var read1 = grain.ReadAsync("r1");
        await probe.WhenRecorded("start r1");
        var write = grain.WorkAsync("w");
        var read2 = grain.ReadAsync("r2");
        Assert.DoesNotContain("start r2", probe.Snapshot());

        gates.Open("r1");
        await read1;
        await probe.WhenRecorded("start w");
        Assert.DoesNotContain("start r2", probe.Snapshot());
        gates.Open("w");
        gates.Open("r2");
        await Task.WhenAll(write, read2);
    }

    [Fact]
    public async Task AlwaysInterleaveRunsDuringAWrite()
    {
        await using var runtime = Runtimes.Create(out var probe, out var gates);
        var grain = runtime.Grains.GetGrain<ITurnGrain>("t/i");

        var write = grain.WorkAsync("w");
        await probe.WhenRecorded("start w");
        await grain.PingAsync("during");
        Assert.Equal(["start w", "ping during"], probe.Snapshot());
        gates.Open("w");
        await write;
    }

    [Fact]
    public async Task ReentrantGrainInterleavesEverything()
    {
        await using var runtime = Runtimes.Create(out var probe, out var gates);
        var grain = runtime.Grains.GetGrain<IReentrantGrain>("t/re");
        var calls = new[] { grain.WorkAsync("x"), grain.WorkAsync("y"), grain.WorkAsync("z") };
        // All three are inside the grain together only if they interleave.
        await Task.WhenAll(probe.WhenRecorded("start x"), probe.WhenRecorded("start y"), probe.WhenRecorded("start z"));
        Assert.Equal(3, probe.MaxConcurrent);
        gates.Open("x");
        gates.Open("y");
        gates.Open("z");
        await Task.WhenAll(calls);
    }

    [Fact]
    public async Task DirectCallCycleFailsAtOnce()
    {
        await using var runtime = Runtimes.Create(out _, out _);
        var a = runtime.Grains.GetGrain<ICycleGrain>("t/a");

        var error = await Assert.ThrowsAsync<DeadlockException>(() => a.ForwardAsync(["t/b", "t/a"], 0).WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains("cycle/t/a", error.Message);
        Assert.Contains("cycle/t/b", error.Message);
    }

    [Fact]
    public async Task LongerCallCycleFailsAtOnce()
    {
        await using var runtime = Runtimes.Create(out _, out _);
        var a = runtime.Grains.GetGrain<ICycleGrain>("t/a");
        await Assert.ThrowsAsync<DeadlockException>(() => a.ForwardAsync(["t/b", "t/c", "t/d", "t/a"], 0).WaitAsync(TimeSpan.FromSeconds(10)));
        // Nothing is left stuck: the same grains answer a chain without a cycle.
        Assert.Equal("end", await a.ForwardAsync(["t/b", "t/c", "t/d"], 0));
    }

    [Fact]
    public async Task ReadOnlyCycleIsAllowedBecauseItCanInterleave()
    {
        await using var runtime = Runtimes.Create(out _, out _);
        var a = runtime.Grains.GetGrain<ICycleGrain>("t/a");
        await a.ReadForwardAsync([], 0);
        Assert.Equal("end", await a.ReadForwardAsync(["t/b", "t/a"], 0).WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task CallThatNeverAnswersTimesOutAfterTheResponseTimeout()
    {
        await using var runtime = Runtimes.Create(out var probe, out var gates, o => o.ResponseTimeout = TimeSpan.FromSeconds(30));
        var grain = runtime.Grains.GetGrain<ITurnGrain>("t/slow");
        await grain.PingAsync("warm");
        try
        {
            var call = grain.WorkAsync("never");
            await probe.WhenRecorded("start never");
            runtime.Clock.Advance(TimeSpan.FromSeconds(29));
            Assert.False(call.IsCompleted);
            runtime.Clock.Advance(TimeSpan.FromSeconds(1));

            var error = await Assert.ThrowsAsync<GrainCallTimeoutException>(() => call);
            Assert.Contains("ITurnGrain.WorkAsync", error.Message);
            Assert.Contains("turn/t/slow", error.Message);
            Assert.Contains("was running", error.Message);
        }
        finally
        {
            gates.Open("never");
        }
    }

    [Fact]
    public async Task QueuedCallTimesOutWithItsPhaseNamed()
    {
        await using var runtime = Runtimes.Create(out var probe, out var gates, o => o.ResponseTimeout = TimeSpan.FromSeconds(5));
        var grain = runtime.Grains.GetGrain<ITurnGrain>("t/q");
        var blocking = grain.WorkAsync("block");
        await probe.WhenRecorded("start block");
        try
        {
            var queued = grain.WorkAsync("later");
            runtime.Clock.Advance(TimeSpan.FromSeconds(6));

            var error = await Assert.ThrowsAsync<GrainCallTimeoutException>(() => queued);
            Assert.Contains("queue", error.Message);
            await Assert.ThrowsAsync<GrainCallTimeoutException>(() => blocking);
        }
        finally
        {
            gates.Open("block");
            gates.Open("later");
        }
    }
}
