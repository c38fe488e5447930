namespace Platform.Runtime.Tests;

public sealed class FileStorageTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "intercoop-file-" + Guid.NewGuid().ToString("N"));
    private readonly GrainStateSerializer _serializer = new([]);

    private sealed class Held : IGrainState<CounterState>
    {
        public CounterState State { get; set; } = new();
        public string? ETag { get; set; }
        public bool RecordExists { get; set; }
    }

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private FileGrainStorage NewStorage() => new(_root, _serializer);

    private static async Task<Held> Read(FileGrainStorage storage, GrainId id)
    {
        var state = new Held();
        await storage.ReadStateAsync("counter", id, state);
        return state;
    }

    [Fact]
    public async Task WrittenStateIsReadBackByAnotherInstanceWithItsVersion()
    {
        var id = new GrainId("counter", "fed/coop-1");
        var state = new Held { State = { Value = 7 } };
        await NewStorage().WriteStateAsync("counter", id, state);
        Assert.Equal("1", state.ETag);

        var read = await Read(NewStorage(), id);
        Assert.True(read.RecordExists);
        Assert.Equal(("1", 7), (read.ETag, read.State.Value));
    }

    [Fact]
    public async Task MissingStateReadsAsEmpty()
    {
        var read = await Read(NewStorage(), new GrainId("counter", "nobody/here"));
        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
        Assert.Equal(0, read.State.Value);
    }

    [Fact]
    public async Task WriteInterruptedBetweenTempFileAndRenameLeavesThePreviousStateReadable()
    {
        var storage = NewStorage();
        var id = new GrainId("counter", "fed/crash");
        var state = new Held { State = { Value = 1 } };
        await storage.WriteStateAsync("counter", id, state);

        storage.BeforeRename = _ => throw new IOException("power cut between temp file and rename");
        state.State.Value = 2;
        await Assert.ThrowsAsync<IOException>(() => storage.WriteStateAsync("counter", id, state));

        var read = await Read(NewStorage(), id);
        Assert.Equal(("1", 1), (read.ETag, read.State.Value));
    }

    [Fact]
    public async Task LeftoverTemporaryFileFromACrashIsIgnored()
    {
        var storage = NewStorage();
        var id = new GrainId("counter", "fed/leftover");
        await storage.WriteStateAsync("counter", id, new Held { State = { Value = 3 } });
        var path = storage.PathOf("counter", id);
        // A crash after writing part of the next version's temporary file.
        await File.WriteAllTextAsync(Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.dead.tmp"), "ICSTATE1 2 999 ABC\n{\"partial");

        Assert.Equal(3, (await Read(NewStorage(), id)).State.Value);
        var exported = await NewStorage().ExportPartitionAsync("fed", CancellationToken.None).ToListAsync();
        Assert.Single(exported);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.9)]
    [InlineData(0.0)]
    public async Task TornStateFileIsNeverReadAsState(double keptFraction)
    {
        var storage = NewStorage();
        var id = new GrainId("counter", "fed/torn");
        await storage.WriteStateAsync("counter", id, new Held { State = { Value = 5 } });
        var path = storage.PathOf("counter", id);
        var bytes = await File.ReadAllBytesAsync(path);
        await File.WriteAllBytesAsync(path, bytes[..(int)(bytes.Length * keptFraction)]);

        await Assert.ThrowsAsync<CorruptStateException>(() => Read(NewStorage(), id));
    }

    [Fact]
    public async Task FlippedByteFailsTheChecksum()
    {
        var storage = NewStorage();
        var id = new GrainId("counter", "fed/flip");
        await storage.WriteStateAsync("counter", id, new Held { State = { Value = 5 } });
        var path = storage.PathOf("counter", id);
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[^3] ^= 0x20;
        await File.WriteAllBytesAsync(path, bytes);

        var error = await Assert.ThrowsAsync<CorruptStateException>(() => Read(NewStorage(), id));
        Assert.Contains("checksum", error.Message);
    }

    [Fact]
    public async Task StaleEtagIsRefusedAndNothingChanges()
    {
        var storage = NewStorage();
        var id = new GrainId("counter", "fed/etag");
        var a = await Read(storage, id);
        var b = await Read(storage, id);
        a.State.Value = 1;
        await storage.WriteStateAsync("counter", id, a);
        b.State.Value = 2;
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("counter", id, b));
        Assert.Equal(1, (await Read(storage, id)).State.Value);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync("counter", id, b));
        await storage.ClearStateAsync("counter", id, a);
        Assert.False((await Read(storage, id)).RecordExists);
    }

    [Theory]
    [InlineData("..")]
    [InlineData("../../etc/passwd")]
    [InlineData("fed/a/b/c")]
    [InlineData("Fed/Upper")]
    [InlineData("fed/é-ü-中文")]
    [InlineData("fed/\u0000nul")]
    public async Task AwkwardKeysStayInsideTheDataFolderAndRoundTrip(string key)
    {
        var storage = NewStorage();
        var id = new GrainId("counter", key);
        await storage.WriteStateAsync("counter", id, new Held { State = { Value = 9 } });

        var path = Path.GetFullPath(storage.PathOf("counter", id));
        Assert.StartsWith(storage.RootPath + Path.DirectorySeparatorChar, path);
        Assert.Equal(9, (await Read(NewStorage(), id)).State.Value);
        Assert.NotEqual(storage.PathOf("counter", id), storage.PathOf("counter", new GrainId("counter", key.ToLowerInvariant() + "x")));
    }

    [Fact]
    public async Task VeryLongKeyIsHashedIntoAValidFileName()
    {
        var storage = NewStorage();
        var id = new GrainId("counter", "fed/" + new string('x', 10_000));
        await storage.WriteStateAsync("counter", id, new Held { State = { Value = 4 } });
        Assert.True(Path.GetFileName(storage.PathOf("counter", id)).Length < 255);
        Assert.Equal(4, (await Read(NewStorage(), id)).State.Value);
        var exported = await storage.ExportPartitionAsync("fed", CancellationToken.None).ToListAsync();
        Assert.Equal(id.Key, Assert.Single(exported).Key);
    }

    [Fact]
    public async Task ExportAndDeleteTouchOnlyTheirPartition()
    {
        var storage = NewStorage();
        await storage.WriteStateAsync("counter", new GrainId("counter", "alpha"), new Held { State = { Value = 1 } });
        await storage.WriteStateAsync("counter", new GrainId("counter", "alpha/m1"), new Held { State = { Value = 2 } });
        await storage.WriteStateAsync("counter", new GrainId("other", "alpha/m1"), new Held { State = { Value = 3 } });
        await storage.WriteStateAsync("counter", new GrainId("counter", "beta/m1"), new Held { State = { Value = 4 } });

        var exported = await storage.ExportPartitionAsync("alpha", CancellationToken.None).ToListAsync();
        Assert.Equal(3, exported.Count);
        Assert.All(exported, e => Assert.Equal("alpha", new GrainId(e.GrainType, e.Key).Partition));

        Assert.Equal(3, await storage.DeletePartitionAsync("alpha", CancellationToken.None));
        Assert.Empty(await storage.ExportPartitionAsync("alpha", CancellationToken.None).ToListAsync());
        Assert.Equal(4, (await Read(storage, new GrainId("counter", "beta/m1"))).State.Value);
    }

    [Fact]
    public async Task ConcurrentWritersOnOneRecordNeverBothWin()
    {
        var storage = NewStorage();
        var id = new GrainId("counter", "fed/contended");
        await storage.WriteStateAsync("counter", id, new Held());
        var successes = 0;
        await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            var mine = await Read(storage, id);
            mine.State.Value++;
            try
            {
                await storage.WriteStateAsync("counter", id, mine);
                Interlocked.Increment(ref successes);
            }
            catch (InconsistentStateException)
            {
            }
        }));
        var final = await Read(storage, id);
        Assert.Equal(successes + 1, long.Parse(final.ETag!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.InRange(successes, 1, 20);
    }
}
