using System.Security.Cryptography;
using System.Text;
using Platform.Runtime;

namespace Platform.Storage.AzureTable.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class AzureTableStorageTests(AzuriteFixture azurite) : IDisposable
{
    private readonly AzureTableGrainStorage _storage = Stores.Create(azurite);

    public void Dispose() => _storage.Dispose();

    [Fact]
    public async Task WrittenStateReadsBackWithTheServiceETag()
    {
        var grain = new GrainId("note", Stores.NewTenant() + "/n1");
        var written = new TestGrainState<NoteState> { State = { Text = "bonjour", Lines = ["a", "b"] } };

        await _storage.WriteStateAsync("note", grain, written);
        var read = new TestGrainState<NoteState>();
        await _storage.ReadStateAsync("note", grain, read);

        Assert.True(read.RecordExists);
        Assert.NotNull(written.ETag);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal("bonjour", read.State.Text);
        Assert.Equal(["a", "b"], read.State.Lines);
    }

    [Fact]
    public async Task MissingStateReadsAsEmptyWithoutETag()
    {
        var read = new TestGrainState<NoteState> { ETag = "stale", RecordExists = true, State = { Text = "left over" } };

        await _storage.ReadStateAsync("note", new GrainId("note", Stores.NewTenant() + "/none"), read);

        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
        Assert.Equal("", read.State.Text);
    }

    [Fact]
    public async Task SecondWriterWithStaleETagIsRefusedAndStoredStateIsUnchanged()
    {
        var grain = new GrainId("note", Stores.NewTenant() + "/shared");
        await _storage.WriteStateAsync("note", grain, new TestGrainState<NoteState> { State = { Text = "v1" } });
        var first = new TestGrainState<NoteState>();
        var second = new TestGrainState<NoteState>();
        await _storage.ReadStateAsync("note", grain, first);
        await _storage.ReadStateAsync("note", grain, second);

        first.State.Text = "first wins";
        await _storage.WriteStateAsync("note", grain, first);
        second.State.Text = "second loses";
        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync("note", grain, second));

        Assert.Equal(second.ETag, conflict.CurrentEtag);
        var stored = new TestGrainState<NoteState>();
        await _storage.ReadStateAsync("note", grain, stored);
        Assert.Equal("first wins", stored.State.Text);
        Assert.Equal(first.ETag, stored.ETag);
    }

    [Fact]
    public async Task InsertOverAnExistingRecordIsRefused()
    {
        var grain = new GrainId("note", Stores.NewTenant() + "/twice");
        await _storage.WriteStateAsync("note", grain, new TestGrainState<NoteState> { State = { Text = "original" } });

        // An activation that never saw the record holds no ETag, so it inserts.
        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            _storage.WriteStateAsync("note", grain, new TestGrainState<NoteState> { State = { Text = "blind insert" } }));

        var stored = new TestGrainState<NoteState>();
        await _storage.ReadStateAsync("note", grain, stored);
        Assert.Equal("original", stored.State.Text);
    }

    [Fact]
    public async Task ReplaceOfADeletedRecordIsRefused()
    {
        var grain = new GrainId("note", Stores.NewTenant() + "/gone");
        var holder = new TestGrainState<NoteState> { State = { Text = "v1" } };
        await _storage.WriteStateAsync("note", grain, holder);
        var other = new TestGrainState<NoteState>();
        await _storage.ReadStateAsync("note", grain, other);
        await _storage.ClearStateAsync("note", grain, other);

        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync("note", grain, holder));

        var stored = new TestGrainState<NoteState>();
        await _storage.ReadStateAsync("note", grain, stored);
        Assert.False(stored.RecordExists);
    }

    [Fact]
    public async Task ClearWithStaleETagIsRefusedAndKeepsTheRecord()
    {
        var grain = new GrainId("note", Stores.NewTenant() + "/clear");
        var stale = new TestGrainState<NoteState> { State = { Text = "v1" } };
        await _storage.WriteStateAsync("note", grain, stale);
        var current = new TestGrainState<NoteState>();
        await _storage.ReadStateAsync("note", grain, current);
        current.State.Text = "v2";
        await _storage.WriteStateAsync("note", grain, current);

        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.ClearStateAsync("note", grain, stale));

        var stored = new TestGrainState<NoteState>();
        await _storage.ReadStateAsync("note", grain, stored);
        Assert.Equal("v2", stored.State.Text);
    }

    [Fact]
    public async Task ClearWithCurrentETagRemovesTheRecordAndResetsTheHolder()
    {
        var grain = new GrainId("note", Stores.NewTenant() + "/clear");
        var holder = new TestGrainState<NoteState> { State = { Text = "v1" } };
        await _storage.WriteStateAsync("note", grain, holder);

        await _storage.ClearStateAsync("note", grain, holder);

        Assert.Null(holder.ETag);
        Assert.False(holder.RecordExists);
        Assert.Equal("", holder.State.Text);
        var stored = new TestGrainState<NoteState>();
        await _storage.ReadStateAsync("note", grain, stored);
        Assert.False(stored.RecordExists);
        // Cleared, the holder inserts afresh.
        holder.State.Text = "again";
        await _storage.WriteStateAsync("note", grain, holder);
        await _storage.ReadStateAsync("note", grain, stored);
        Assert.Equal("again", stored.State.Text);
    }

    [Fact]
    public async Task ClearWithoutETagIsRefusedWhenARecordExists()
    {
        var grain = new GrainId("note", Stores.NewTenant() + "/blind-clear");
        await _storage.WriteStateAsync("note", grain, new TestGrainState<NoteState> { State = { Text = "kept" } });

        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            _storage.ClearStateAsync("note", grain, new TestGrainState<NoteState>()));

        var stored = new TestGrainState<NoteState>();
        await _storage.ReadStateAsync("note", grain, stored);
        Assert.Equal("kept", stored.State.Text);
    }

    [Fact]
    public async Task IncompressibleTwoMegabyteStateIsRefusedBeforeAnyRequest()
    {
        var (storage, handler) = Stores.CreateCounting(Stores.Options(azurite.ConnectionString));
        using var _ = storage;
        var grain = new GrainId("note", Stores.NewTenant() + "/huge");
        var huge = new TestGrainState<NoteState> { State = { Text = Convert.ToBase64String(RandomNumberGenerator.GetBytes(1_500_000)) } };
        Assert.True(huge.State.Text.Length >= 2_000_000);

        var refused = await Assert.ThrowsAsync<GrainStateTooLargeException>(() => storage.WriteStateAsync("note", grain, huge));

        Assert.Contains("not written", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, handler.Requests);
        Assert.Null(huge.ETag);
        var stored = new TestGrainState<NoteState>();
        await storage.ReadStateAsync("note", grain, stored);
        Assert.False(stored.RecordExists);
    }

    [Fact]
    public async Task TooLargeStateLeavesThePreviousVersionInPlace()
    {
        var grain = new GrainId("note", Stores.NewTenant() + "/grows");
        var holder = new TestGrainState<NoteState> { State = { Text = "small" } };
        await _storage.WriteStateAsync("note", grain, holder);
        var etag = holder.ETag;

        holder.State.Text = Convert.ToBase64String(RandomNumberGenerator.GetBytes(1_500_000));
        await Assert.ThrowsAsync<GrainStateTooLargeException>(() => _storage.WriteStateAsync("note", grain, holder));

        Assert.Equal(etag, holder.ETag);
        var stored = new TestGrainState<NoteState>();
        await _storage.ReadStateAsync("note", grain, stored);
        Assert.Equal("small", stored.State.Text);
        Assert.Equal(etag, stored.ETag);
    }

    [Fact]
    public async Task HalfMegabyteCompressibleStateRoundTripsAcrossSeveralChunks()
    {
        var grain = new GrainId("note", Stores.NewTenant() + "/big");
        // Hex digits carry 4 bits in 8: the JSON halves when compressed but still spans several 64 KiB chunks.
        var lines = Enumerable.Range(0, 4_000).Select(_ => Convert.ToHexString(RandomNumberGenerator.GetBytes(64))).ToList();
        var holder = new TestGrainState<NoteState> { State = { Text = "big", Lines = lines } };
        var json = Stores.Serializer.Serialize(holder.State);
        Assert.InRange(json.Length, 450_000, 600_000);
        var compressed = StateEntity.Compress(json, grain, "note");
        Assert.InRange(compressed.Length, 3 * StateEntity.ChunkBytes, StateEntity.MaxCompressedBytes);

        await _storage.WriteStateAsync("note", grain, holder);
        var stored = new TestGrainState<NoteState>();
        await _storage.ReadStateAsync("note", grain, stored);

        Assert.Equal(lines, stored.State.Lines);
        // Replacing with a one-chunk state leaves no stale chunk behind (a replace, not a merge).
        stored.State.Lines = ["short"];
        await _storage.WriteStateAsync("note", grain, stored);
        var again = new TestGrainState<NoteState>();
        await _storage.ReadStateAsync("note", grain, again);
        Assert.Equal(["short"], again.State.Lines);
    }

    [Fact]
    public async Task StateFillingAllFifteenChunksIsAcceptedByTheService()
    {
        var grain = new GrainId("note", Stores.NewTenant() + "/full");
        // Random base64 compresses to about 3/4: ~1.2 MB of it lands just under 960 KiB.
        var text = Convert.ToBase64String(RandomNumberGenerator.GetBytes(930_000));
        var holder = new TestGrainState<NoteState> { State = { Text = text } };
        var compressed = StateEntity.Compress(Stores.Serializer.Serialize(holder.State), grain, "note");
        Assert.True(compressed.Length > 14 * StateEntity.ChunkBytes, $"{compressed.Length} bytes compressed");

        await _storage.WriteStateAsync("note", grain, holder);
        var stored = new TestGrainState<NoteState>();
        await _storage.ReadStateAsync("note", grain, stored);

        Assert.Equal(text, stored.State.Text);
    }

    [Fact]
    public async Task EntityTheServiceRefusesAsTooLargeIsReportedAsSuchAndChangesNothing()
    {
        // Azurite checks a replace's JSON body (binary as base64) against 1 MiB, so a state of ~900 KB compressed,
        // within this store's own limit, is refused by the service: the refusal must read as "too large", not as a bug.
        var grain = new GrainId("note", Stores.NewTenant() + "/refused");
        var holder = new TestGrainState<NoteState> { State = { Text = "small" } };
        await _storage.WriteStateAsync("note", grain, holder);
        var etag = holder.ETag;

        holder.State.Text = Convert.ToBase64String(RandomNumberGenerator.GetBytes(930_000));
        var refused = await Assert.ThrowsAsync<GrainStateTooLargeException>(() => _storage.WriteStateAsync("note", grain, holder));

        Assert.Contains("EntityTooLarge", refused.Message, StringComparison.Ordinal);
        Assert.Equal(etag, holder.ETag);
        var stored = new TestGrainState<NoteState>();
        await _storage.ReadStateAsync("note", grain, stored);
        Assert.Equal("small", stored.State.Text);
        Assert.Equal(etag, stored.ETag);
    }

    [Fact]
    public async Task KeysWithForbiddenAndUnusualCharactersRoundTripThroughTheService()
    {
        var tenant = Stores.NewTenant("odd#?");
        var keys = new[] { $"{tenant}/a/b", $"{tenant}/back\\slash", $"{tenant}/hash#query?", $"{tenant}/100% 'quoted'", $"{tenant}/ünïcødé✓", $"{tenant}/tab\tbell\u0007", $"{tenant}/under__score" };
        foreach (var key in keys)
            await _storage.WriteStateAsync("st/ate", new GrainId("odd_type", key), new TestGrainState<NoteState> { State = { Text = key } });

        foreach (var key in keys)
        {
            var stored = new TestGrainState<NoteState>();
            await _storage.ReadStateAsync("st/ate", new GrainId("odd_type", key), stored);
            Assert.Equal(key, stored.State.Text);
        }
        var exported = await _storage.ExportPartitionAsync(tenant, CancellationToken.None).ToListAsync();
        Assert.Equal(keys.Order(StringComparer.Ordinal), exported.Select(s => s.Key).Order(StringComparer.Ordinal));
        Assert.All(exported, s => Assert.Equal(("odd_type", "st/ate"), (s.GrainType, s.StateName)));
    }

    [Fact]
    public async Task KeyTooLongForTheServiceIsRefusedBeforeAnyRequest()
    {
        var (storage, handler) = Stores.CreateCounting(Stores.Options(azurite.ConnectionString));
        using var _ = storage;
        var grain = new GrainId("note", Stores.NewTenant() + "/" + new string('x', 1_100));

        var refused = await Assert.ThrowsAsync<ArgumentException>(() =>
            storage.WriteStateAsync("note", grain, new TestGrainState<NoteState>()));
        await Assert.ThrowsAsync<ArgumentException>(() => storage.ReadStateAsync("note", grain, new TestGrainState<NoteState>()));

        Assert.Contains("1024", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, handler.Requests);
    }

    [Fact]
    public async Task ExportListsExactlyOneTenantsStates()
    {
        var tenant = Stores.NewTenant("a");
        var neighbour = Stores.NewTenant("b");
        var expected = new Dictionary<(string, string, string), string>();
        foreach (var (type, key, state) in new[]
                 {
                     ("federation", tenant, "profile"), ("federation", tenant, "members"),
                     ("cooperative", $"{tenant}/coop-1", "profile"), ("cooperative", $"{tenant}/coop-2", "profile"),
                 })
        {
            var holder = new TestGrainState<NoteState> { State = { Text = $"{type} {key} {state}" } };
            await _storage.WriteStateAsync(state, new GrainId(type, key), holder);
            expected[(type, key, state)] = holder.ETag!;
        }
        await _storage.WriteStateAsync("profile", new GrainId("federation", neighbour), new TestGrainState<NoteState> { State = { Text = "other" } });
        // Same prefix, different tenant: a partition query must not match by prefix.
        await _storage.WriteStateAsync("profile", new GrainId("federation", tenant + "x"), new TestGrainState<NoteState> { State = { Text = "other" } });

        var exported = await _storage.ExportPartitionAsync(tenant, CancellationToken.None).ToListAsync();

        Assert.Equal(expected.Keys.Order(), exported.Select(s => (s.GrainType, s.Key, s.StateName)).Order());
        foreach (var state in exported)
        {
            Assert.Equal(expected[(state.GrainType, state.Key, state.StateName)], state.ETag);
            var decoded = Stores.Serializer.Deserialize<NoteState>(Encoding.UTF8.GetBytes(state.Json));
            Assert.Equal($"{state.GrainType} {state.Key} {state.StateName}", decoded.Text);
        }
    }

    [Fact]
    public async Task ExportFollowsContinuationPastOnePage()
    {
        var tenant = Stores.NewTenant();
        const int count = 75; // more than two export pages
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
            await _storage.WriteStateAsync("note", new GrainId("note", $"{tenant}/{i:000}"), new TestGrainState<NoteState> { State = { Text = $"{i}" } }));

        var (exporter, handler) = Stores.CreateCounting(Stores.Options(azurite.ConnectionString));
        using var _ = exporter;

        var exported = await exporter.ExportPartitionAsync(tenant, CancellationToken.None).ToListAsync();

        Assert.Equal(Enumerable.Range(0, count).Select(i => $"{tenant}/{i:000}"), exported.Select(s => s.Key).Order(StringComparer.Ordinal));
        Assert.Equal(3, handler.Requests); // pages of 32, 32 and 11, linked by continuation headers
    }

    [Fact]
    public async Task DeletePartitionRemovesOneTenantAndLeavesTheOthers()
    {
        var tenant = Stores.NewTenant("a");
        var neighbour = Stores.NewTenant("b");
        for (var i = 0; i < 5; i++)
            await _storage.WriteStateAsync("note", new GrainId("note", $"{tenant}/{i}"), new TestGrainState<NoteState> { State = { Text = "x" } });
        await _storage.WriteStateAsync("note", new GrainId("note", neighbour), new TestGrainState<NoteState> { State = { Text = "stays" } });

        var deleted = await _storage.DeletePartitionAsync(tenant, CancellationToken.None);

        Assert.Equal(5, deleted);
        Assert.Empty(await _storage.ExportPartitionAsync(tenant, CancellationToken.None).ToListAsync());
        var kept = Assert.Single(await _storage.ExportPartitionAsync(neighbour, CancellationToken.None).ToListAsync());
        Assert.Contains("stays", kept.Json, StringComparison.Ordinal);
        Assert.Equal(0, await _storage.DeletePartitionAsync(tenant, CancellationToken.None));
    }

    [Fact]
    public async Task TablesAreCreatedOnFirstUseAndEmptyOnesExportNothing()
    {
        using var fresh = new AzureTableGrainStorage(Stores.Options(azurite.ConnectionString, "fresh" + Guid.NewGuid().ToString("N")[..8]), Stores.Serializer);

        Assert.Empty(await fresh.ExportPartitionAsync("nobody", CancellationToken.None).ToListAsync());
        Assert.Equal(0, await fresh.DeletePartitionAsync("nobody", CancellationToken.None));
        Assert.True(await fresh.IsReachableAsync(CancellationToken.None));
        var holder = new TestGrainState<NoteState> { State = { Text = "first" } };
        await fresh.WriteStateAsync("note", new GrainId("note", "t1"), holder);
        Assert.NotNull(holder.ETag);
    }

    [Fact]
    public async Task DevelopmentStorageConnectionStringSignsForAzurite()
    {
        // Same account and key as UseDevelopmentStorage=true; only the port differs from the well-known one.
        using var storage = new AzureTableGrainStorage(
            Stores.Options($"UseDevelopmentStorage=true"), Stores.Serializer);
        Assert.Equal(new Uri("http://127.0.0.1:10002/devstoreaccount1"), storage.Endpoint);

        var wrongKey = Stores.Options(azurite.ConnectionString.Replace(
            TableConnectionString.DevelopmentAccountKey, Convert.ToBase64String(new byte[64]), StringComparison.Ordinal));
        using var refused = new AzureTableGrainStorage(wrongKey, Stores.Serializer);
        var error = await Assert.ThrowsAsync<StorageUnavailableException>(() =>
            refused.ReadStateAsync("note", new GrainId("note", "t"), new TestGrainState<NoteState>()));
        Assert.Contains("refused the credentials", error.Message, StringComparison.Ordinal);
        Assert.False(await refused.IsReachableAsync(CancellationToken.None));
    }
}
