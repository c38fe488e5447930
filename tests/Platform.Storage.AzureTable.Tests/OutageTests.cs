using Platform.Runtime;

namespace Platform.Storage.AzureTable.Tests;

/// <summary>Azurite stopped and started again under a live store: these tests own the fixture's process while they run.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class OutageTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task IsReachableFollowsTheServiceDownAndUpAgain()
    {
        using var storage = Stores.Create(azurite);
        Assert.True(await storage.IsReachableAsync(CancellationToken.None));

        await azurite.StopAsync();
        try
        {
            Assert.False(await storage.IsReachableAsync(CancellationToken.None));
        }
        finally
        {
            await azurite.StartAsync();
        }

        Assert.True(await storage.IsReachableAsync(CancellationToken.None));
    }

    [Fact]
    public async Task WriteDuringOutageFailsWithinTheBudgetAndTheSameStoreResumesAfterwards()
    {
        var options = Stores.Options(azurite.ConnectionString);
        options.OperationTimeout = TimeSpan.FromSeconds(3);
        options.AttemptTimeout = TimeSpan.FromSeconds(1);
        // Connection refused is transient and quick; with backoff from 1 s, ten attempts outlast the 3 s budget.
        options.MaxAttempts = 10;
        options.RetryBaseDelay = TimeSpan.FromSeconds(1);
        using var storage = new AzureTableGrainStorage(options, Stores.Serializer);
        var grain = new GrainId("note", Stores.NewTenant() + "/outage");
        var holder = new TestGrainState<NoteState> { State = { Text = "before" } };
        await storage.WriteStateAsync("note", grain, holder);
        var etagBefore = holder.ETag;

        await azurite.StopAsync();
        StorageUnavailableException failure;
        try
        {
            holder.State.Text = "during";
            failure = await Assert.ThrowsAsync<StorageUnavailableException>(() => storage.WriteStateAsync("note", grain, holder));
        }
        finally
        {
            await azurite.StartAsync();
        }

        // Ended by the operation budget; running out of attempts would leave the connection error inside instead.
        Assert.IsType<Polly.Timeout.TimeoutRejectedException>(failure.InnerException);
        Assert.Contains("no answer within the 3 s budget", failure.Message, StringComparison.Ordinal);
        Assert.Equal(etagBefore, holder.ETag);

        // Same instance, no recreation: the refused write changed nothing, so the held ETag is still current.
        var stored = new TestGrainState<NoteState>();
        await storage.ReadStateAsync("note", grain, stored);
        Assert.Equal("before", stored.State.Text);
        holder.State.Text = "after";
        await storage.WriteStateAsync("note", grain, holder);
        await storage.ReadStateAsync("note", grain, stored);
        Assert.Equal("after", stored.State.Text);
        Assert.Equal(holder.ETag, stored.ETag);
    }

    [Fact]
    public async Task StoreCreatedWhileTheServiceIsDownCreatesItsTableOnceItIsBack()
    {
        var options = Stores.Options(azurite.ConnectionString, "late" + Guid.NewGuid().ToString("N")[..8]);
        options.OperationTimeout = TimeSpan.FromSeconds(2);
        options.AttemptTimeout = TimeSpan.FromSeconds(1);
        using var storage = new AzureTableGrainStorage(options, Stores.Serializer);
        var grain = new GrainId("note", Stores.NewTenant());

        await azurite.StopAsync();
        try
        {
            await Assert.ThrowsAsync<StorageUnavailableException>(() =>
                storage.ReadStateAsync("note", grain, new TestGrainState<NoteState>()));
        }
        finally
        {
            await azurite.StartAsync();
        }

        // The failed table creation was not remembered as done.
        var holder = new TestGrainState<NoteState> { State = { Text = "created late" } };
        await storage.WriteStateAsync("note", grain, holder);
        var stored = new TestGrainState<NoteState>();
        await storage.ReadStateAsync("note", grain, stored);
        Assert.Equal("created late", stored.State.Text);
    }
}
