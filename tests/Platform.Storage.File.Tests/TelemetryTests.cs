using System.Collections.Concurrent;
using System.Diagnostics;
using Orleans.Storage;

namespace Platform.Storage.FileStore.Tests;

/// <summary>A span per operation, tagged so a trace shows which grain, tenant and state the disk work was for.</summary>
public sealed class TelemetryTests : DataFolderTest
{
    private readonly string _tenant = "tele-" + Guid.NewGuid().ToString("N")[..8];
    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly ActivityListener _listener;

    public TelemetryTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == FileStorageTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                // Tests run in parallel: keep only this test's spans.
                if (Equals(activity.GetTagItem(FileStorageTelemetry.TenantTag), _tenant)) _spans.Enqueue(activity);
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public override void Dispose()
    {
        _listener.Dispose();
        base.Dispose();
    }

    [Fact]
    public async Task EachOperationHasASpanWithGrainTypeTenantStateNameAndOutcome()
    {
        var storage = NewStorage();
        var id = Id("member", _tenant + "/m1");
        var state = await Read(storage, id);
        state.State.Value = 1;
        await storage.WriteStateAsync("counter", id, state);
        await Read(storage, id);
        await storage.ClearStateAsync("counter", id, state);

        Assert.Equal(
            [("file-store read", "not_found"), ("file-store write", "ok"), ("file-store read", "ok"), ("file-store clear", "ok")],
            _spans.Select(s => (s.DisplayName, (string?)s.GetTagItem(FileStorageTelemetry.OutcomeTag))));
        Assert.All(_spans, span =>
        {
            Assert.Equal("member", span.GetTagItem(FileStorageTelemetry.GrainTypeTag));
            Assert.Equal("counter", span.GetTagItem(FileStorageTelemetry.StateNameTag));
            Assert.Equal("file", span.GetTagItem(FileStorageTelemetry.ProviderTag));
        });
    }

    [Fact]
    public async Task AConflictIsAnErrorSpanWithOutcomeConflict()
    {
        var storage = NewStorage();
        var id = Id("member", _tenant + "/m1");
        await Write(storage, id, 1);
        _spans.Clear();

        await Assert.ThrowsAsync<InconsistentStateException>(() => Write(storage, id, 2));

        var span = Assert.Single(_spans);
        Assert.Equal(("conflict", ActivityStatusCode.Error), ((string?)span.GetTagItem(FileStorageTelemetry.OutcomeTag), span.Status));
    }

    [Fact]
    public async Task TheSpanIsAChildOfTheCallersSpan()
    {
        using var source = new ActivitySource("Platform.Storage.File.Tests.Caller");
        using var callerListener = new ActivityListener
        {
            ShouldListenTo = s => s == source,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(callerListener);
        var storage = NewStorage();

        using (var caller = source.StartActivity("caller"))
        {
            await Write(storage, Id("member", _tenant + "/m1"), 1);
            var span = Assert.Single(_spans);
            Assert.Equal((caller!.TraceId, caller.SpanId), (span.TraceId, span.ParentSpanId));
        }
    }

    [Fact]
    public async Task ExportAndDeleteHaveATenantSpanWithTheirCount()
    {
        var storage = NewStorage();
        await Write(storage, Id("member", _tenant + "/m1"), 1);
        await Write(storage, Id("member", _tenant + "/m2"), 2);
        _spans.Clear();

        await storage.ExportTenantAsync(_tenant, CancellationToken.None).ToListAsync();
        await storage.DeleteTenantAsync(_tenant, CancellationToken.None);

        Assert.Equal(
            [("file-store export", "ok", 2), ("file-store delete-tenant", "ok", 2)],
            _spans.Select(s => (s.DisplayName, (string?)s.GetTagItem(FileStorageTelemetry.OutcomeTag), (int?)s.GetTagItem(FileStorageTelemetry.CountTag))));
    }
}
