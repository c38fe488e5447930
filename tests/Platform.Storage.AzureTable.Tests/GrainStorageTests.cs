using Orleans.Storage;
using Xunit.Abstractions;

namespace Platform.Storage.AzureTable.Tests;

/// <summary>Read, write, ETag conflicts and durability through real grains on two silos (and a second deployment).</summary>
[Collection(AzuriteCollection.Name)]
public sealed class GrainStorageTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task WrittenStateIsReadBackByTheNextActivation()
    {
        var grain = azurite.Cluster.Grains.GetGrain<INoteGrain>(Names.NewTenant() + "/note");
        var written = await grain.SetAsync("bonjour");
        Assert.True(written.RecordExists);
        Assert.NotNull(written.ETag);

        await grain.DeactivateAsync();
        var read = await grain.GetAsync();

        Assert.NotEqual(written.Activation, read.Activation);
        Assert.Equal("bonjour", read.Text);
        Assert.Equal(written.ETag, read.ETag);
        Assert.True(read.RecordExists);
    }

    [Fact]
    public async Task MissingStateReadsAsEmptyWithoutETag()
    {
        var read = await azurite.Cluster.Grains.GetGrain<INoteGrain>(Names.NewTenant()).GetAsync();

        Assert.Equal("", read.Text);
        Assert.Null(read.ETag);
        Assert.False(read.RecordExists);
    }

    [Fact]
    public async Task StateSurvivesTheClusterAndIsReadByANewClusterOnTheSameTable()
    {
        var table = Names.NewTable("survive");
        var serviceId = Names.NewServiceId();
        var key = Names.NewTenant() + "/kept";
        string? etag;
        await using (var first = await AzuriteCluster.StartAsync(azurite.ConnectionString, table, serviceId))
        {
            etag = (await first.Grains.GetGrain<INoteGrain>(key).SetAsync("still here")).ETag;
            await first.Grains.GetGrain<ILedgerGrain>(key).AppendAsync("entry");
        }

        await using var second = await AzuriteCluster.StartAsync(azurite.ConnectionString, table, serviceId);
        var read = await second.Grains.GetGrain<INoteGrain>(key).GetAsync();

        Assert.Equal("still here", read.Text);
        Assert.Equal(etag, read.ETag);
        Assert.Equal(2, await second.Grains.GetGrain<ILedgerGrain>(key).AppendAsync("another"));
    }

    [Fact]
    public async Task StaleActivationsWriteIsRefusedAndItsNextCallReloads()
    {
        var replica = await azurite.ReplicaAsync();
        var key = Names.NewTenant() + "/shared";
        await azurite.Cluster.Grains.GetGrain<INoteGrain>(key).SetAsync("v1");
        // Both deployments now hold an activation that loaded v1 with the same ETag.
        var stale = await replica.Grains.GetGrain<INoteGrain>(key).GetAsync();
        Assert.Equal("v1", stale.Text);

        var winner = await azurite.Cluster.Grains.GetGrain<INoteGrain>(key).SetAsync("first wins");
        var refused = await Assert.ThrowsAnyAsync<InconsistentStateException>(() => replica.Grains.GetGrain<INoteGrain>(key).SetAsync("second loses"));
        output.WriteLine($"{refused.GetType().FullName}: {refused.Message}");

        var row = await azurite.Raw.GetAsync($"{azurite.Cluster.ServiceId}_note_{key.Replace('/', '_')}", "s");
        Assert.Equal(winner.ETag, row!.ETag.ToString());
        // Orleans deactivated the refused activation: the next call loads the winner's state.
        var reloaded = await replica.Grains.GetGrain<INoteGrain>(key).GetAsync();
        Assert.NotEqual(stale.Activation, reloaded.Activation);
        Assert.Equal("first wins", reloaded.Text);
        Assert.Equal(winner.ETag, reloaded.ETag);
    }

    [Fact]
    public async Task ConcurrentIncrementsFromTwoDeploymentsLoseNoAcknowledgedUpdate()
    {
        var replica = await azurite.ReplicaAsync();
        var key = Names.NewTenant() + "/counter";
        const int incrementsPerDeployment = 25;

        var results = await Task.WhenAll(
            IncrementAsync(azurite.Cluster.Grains, key, incrementsPerDeployment),
            IncrementAsync(replica.Grains, key, incrementsPerDeployment));

        var stored = new TestGrainState<CounterState>();
        await azurite.Cluster.Storage().ReadStateAsync("counter", GrainId.Create("counter", key), stored);
        output.WriteLine($"acknowledged {results[0].Acknowledged} + {results[1].Acknowledged}, conflicts {results[0].Conflicts} + {results[1].Conflicts}, stored {stored.State.Count}");
        Assert.Equal(results.Sum(r => r.Acknowledged), stored.State.Count);
        Assert.All(results, r => Assert.True(r.Acknowledged > 0));
        Assert.True(results.Sum(r => r.Conflicts) > 0, "no ETag conflict happened, so nothing was tested");
    }

    private static async Task<(int Acknowledged, int Conflicts)> IncrementAsync(IGrainFactory grains, string key, int times)
    {
        var acknowledged = 0;
        var conflicts = 0;
        for (var i = 0; i < times; i++)
        {
            // One try and one retry: a conflict deactivates the stale activation, so the retry reloads.
            for (var attempt = 0; attempt < 2; attempt++)
            {
                try
                {
                    await grains.GetGrain<ICounterGrain>(key).IncrementAsync();
                    acknowledged++;
                    break;
                }
                catch (InconsistentStateException)
                {
                    // Not acknowledged, so it must not be in the stored count either.
                    conflicts++;
                }
            }
        }
        return (acknowledged, conflicts);
    }
}

/// <summary>The ETag rules, calling the silo's storage directly with exact ETags.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ETagRuleTests(AzuriteFixture azurite)
{
    private IGrainStorage Storage => azurite.Cluster.Storage();

    private static GrainId Note(string key) => GrainId.Create("note", key);

    [Fact]
    public async Task SecondWriterWithAStaleETagIsRefusedAndTheStoredStateIsUnchanged()
    {
        var grain = Note(Names.NewTenant() + "/n");
        await Storage.WriteStateAsync("s", grain, new TestGrainState<NoteState> { State = { Text = "v1" } });
        var first = new TestGrainState<NoteState>();
        var second = new TestGrainState<NoteState>();
        await Storage.ReadStateAsync("s", grain, first);
        await Storage.ReadStateAsync("s", grain, second);

        first.State.Text = "first wins";
        await Storage.WriteStateAsync("s", grain, first);
        second.State.Text = "second loses";
        await Assert.ThrowsAnyAsync<InconsistentStateException>(() => Storage.WriteStateAsync("s", grain, second));

        var stored = new TestGrainState<NoteState>();
        await Storage.ReadStateAsync("s", grain, stored);
        Assert.Equal("first wins", stored.State.Text);
        Assert.Equal(first.ETag, stored.ETag);
    }

    [Fact]
    public async Task InsertOverAnExistingRowIsRefused()
    {
        var grain = Note(Names.NewTenant() + "/twice");
        await Storage.WriteStateAsync("s", grain, new TestGrainState<NoteState> { State = { Text = "original" } });

        // An activation that never saw the row holds no ETag, so it inserts.
        await Assert.ThrowsAnyAsync<InconsistentStateException>(() =>
            Storage.WriteStateAsync("s", grain, new TestGrainState<NoteState> { State = { Text = "blind insert" } }));

        var stored = new TestGrainState<NoteState>();
        await Storage.ReadStateAsync("s", grain, stored);
        Assert.Equal("original", stored.State.Text);
    }

    [Fact]
    public async Task WriteOverADeletedRowIsRefused()
    {
        var grain = Note(Names.NewTenant() + "/gone");
        var holder = new TestGrainState<NoteState> { State = { Text = "v1" } };
        await Storage.WriteStateAsync("s", grain, holder);
        var other = new TestGrainState<NoteState>();
        await Storage.ReadStateAsync("s", grain, other);
        await Storage.ClearStateAsync("s", grain, other);

        await Assert.ThrowsAnyAsync<InconsistentStateException>(() => Storage.WriteStateAsync("s", grain, holder));

        var stored = new TestGrainState<NoteState>();
        await Storage.ReadStateAsync("s", grain, stored);
        Assert.False(stored.RecordExists);
    }

    [Fact]
    public async Task ClearWithAStaleETagIsRefusedAndKeepsTheRow()
    {
        var grain = Note(Names.NewTenant() + "/clear");
        var stale = new TestGrainState<NoteState> { State = { Text = "v1" } };
        await Storage.WriteStateAsync("s", grain, stale);
        var current = new TestGrainState<NoteState>();
        await Storage.ReadStateAsync("s", grain, current);
        current.State.Text = "v2";
        await Storage.WriteStateAsync("s", grain, current);

        await Assert.ThrowsAnyAsync<InconsistentStateException>(() => Storage.ClearStateAsync("s", grain, stale));

        var stored = new TestGrainState<NoteState>();
        await Storage.ReadStateAsync("s", grain, stored);
        Assert.Equal("v2", stored.State.Text);
    }
}
