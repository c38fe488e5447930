using System.Globalization;
using System.Text;
using Orleans.Storage;

namespace Platform.Storage.FileStore.Tests;

/// <summary>The grain storage contract and the crash guarantees, on the store alone.</summary>
public sealed class FileGrainStorageTests : DataFolderTest
{
    [Fact]
    public async Task WrittenStateIsReadBackByAnotherInstanceWithItsVersion()
    {
        var id = Id("counter", "fed/coop-1");
        var written = await Write(NewStorage(), id, 7);
        Assert.Equal("1", written.ETag);
        Assert.True(written.RecordExists);

        var read = await Read(NewStorage(), id);
        Assert.True(read.RecordExists);
        Assert.Equal(("1", 7), (read.ETag, read.State.Value));
    }

    [Fact]
    public async Task EachWriteAdvancesTheVersionByOne()
    {
        var storage = NewStorage();
        var id = Id("counter", "fed/versions");
        var state = await Write(storage, id, 1);
        state.State.Value = 2;
        await storage.WriteStateAsync("counter", id, state);
        state.State.Value = 3;
        await storage.WriteStateAsync("counter", id, state);

        Assert.Equal("3", state.ETag);
        Assert.Equal(("3", 3), ((await Read(NewStorage(), id)).ETag, (await Read(NewStorage(), id)).State.Value));
    }

    [Fact]
    public async Task MissingStateReadsAsEmpty()
    {
        var read = await Read(NewStorage(), Id("counter", "nobody/here"));
        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
        Assert.Equal(0, read.State.Value);
    }

    [Fact]
    public async Task MissingStateOfATypeWithoutActivatorReadsAsANewInstance()
    {
        var state = new Held<List<string>> { State = ["left over"] };
        await NewStorage().ReadStateAsync("list", Id("counter", "fed/list"), state);
        Assert.Empty(state.State);
        Assert.False(state.RecordExists);
    }

    [Fact]
    public async Task StatesAreLaidOutByTenantThenGrainTypeThenEscapedKeyAndStateName()
    {
        var storage = NewStorage();
        var id = Id("counter", "reseau/coop-1");
        await Write(storage, id, 1, stateName: "s");

        var expected = Path.Combine(storage.RootPath, "reseau", "counter", "reseau_2fcoop-1~s.state");
        Assert.Equal(expected, storage.PathOf("s", id));
        Assert.True(File.Exists(expected));
        Assert.Equal(expected, Assert.Single(Directory.EnumerateFiles(storage.RootPath, "*.state", SearchOption.AllDirectories)));
    }

    [Fact]
    public async Task AFileWrittenByTheOldRuntimesStoreIsReadAsIs()
    {
        // Written by Platform.Runtime's FileGrainStorage (GrainStateSerializer, web defaults), two writes.
        const string oldFile = "ICSTATE1 2 78 DD705A066C50B6E4031D6C75B2C1B8B0013BE45043D474E287DD086D074E46CC\n"
            + "{\"GrainType\":\"test-counter\",\"Key\":\"reseau/coop-1\",\"StateName\":\"s\"}\n{\"value\":7}";
        var storage = NewStorage();
        var id = Id("test-counter", "reseau/coop-1");
        var path = Path.Combine(Root, "reseau", "test-counter", "reseau_2fcoop-1~s.state");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, oldFile);

        var read = await Read(storage, id, "s");
        Assert.Equal(("2", 7, true), (read.ETag, read.State.Value, read.RecordExists));
        read.State.Value = 8;
        await storage.WriteStateAsync("s", id, read);
        Assert.Equal("3", read.ETag);
    }

    [Fact]
    public async Task WriteInterruptedBetweenTempFileAndRenameLeavesThePreviousStateReadable()
    {
        var storage = NewStorage();
        var id = Id("counter", "fed/crash");
        var state = await Write(storage, id, 1);

        storage.BeforeRename = _ => throw new IOException("power cut between temp file and rename");
        state.State.Value = 2;
        await Assert.ThrowsAsync<IOException>(() => storage.WriteStateAsync("counter", id, state));

        var read = await Read(NewStorage(), id);
        Assert.Equal(("1", 1), (read.ETag, read.State.Value));
        Assert.Empty(Directory.EnumerateFiles(Root, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task TheNextVersionIsCompleteInAHiddenFileBesideTheStateBeforeItReplacesIt()
    {
        var storage = NewStorage();
        var id = Id("counter", "fed/durable");
        var state = await Write(storage, id, 1);
        string? temporary = null;
        long? versionInTemporary = null;
        var versionInPlace = "";
        storage.BeforeRename = path =>
        {
            temporary = path;
            versionInTemporary = StateFile.Decode(File.ReadAllBytes(path), path).Version;
            versionInPlace = StateFile.Decode(File.ReadAllBytes(storage.PathOf("counter", id)), path).Version.ToString(CultureInfo.InvariantCulture);
        };
        state.State.Value = 2;
        await storage.WriteStateAsync("counter", id, state);

        Assert.Equal((2L, "1"), (versionInTemporary, versionInPlace));
        Assert.Equal(Path.GetDirectoryName(storage.PathOf("counter", id)), Path.GetDirectoryName(temporary));
        Assert.StartsWith(".", Path.GetFileName(temporary));
        Assert.False(File.Exists(temporary));
        Assert.Equal(2, (await Read(NewStorage(), id)).State.Value);
    }

    [Fact]
    public async Task LeftoverTemporaryFileFromACrashIsIgnored()
    {
        var storage = NewStorage();
        var id = Id("counter", "fed/leftover");
        await Write(storage, id, 3);
        var path = storage.PathOf("counter", id);
        // A crash after writing part of the next version's temporary file.
        await File.WriteAllTextAsync(Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.dead.tmp"), "ICSTATE1 2 999 ABC\n{\"partial");

        Assert.Equal(3, (await Read(NewStorage(), id)).State.Value);
        var exported = await NewStorage().ExportTenantAsync("fed", CancellationToken.None).ToListAsync();
        Assert.Single(exported);
        Assert.Equal(1, await NewStorage().DeleteTenantAsync("fed", CancellationToken.None));
        Assert.False(Directory.Exists(Path.Combine(Root, "fed")));
    }

    [Fact]
    public async Task LeftoverTemporaryFilesAreRemovedOnStartAndTheStatesStayIntact()
    {
        var storage = NewStorage();
        var id = Id("counter", "fed/sweep");
        await Write(storage, id, 3);
        var path = storage.PathOf("counter", id);
        var leftover = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.dead.tmp");
        await File.WriteAllTextAsync(leftover, "ICSTATE1 2 999 ABC\n{\"partial");

        var restarted = NewStorage();
        await restarted.OnStartAsync(CancellationToken.None);
        try
        {
            Assert.False(File.Exists(leftover));
            Assert.Equal(("1", 3), ((await Read(restarted, id)).ETag, (await Read(restarted, id)).State.Value));
        }
        finally
        {
            await restarted.OnStopAsync(CancellationToken.None);
        }
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.9)]
    [InlineData(0.0)]
    public async Task TornStateFileIsNeverReadAsState(double keptFraction)
    {
        var storage = NewStorage();
        var id = Id("counter", "fed/torn");
        await Write(storage, id, 5);
        var path = storage.PathOf("counter", id);
        var bytes = await File.ReadAllBytesAsync(path);
        await File.WriteAllBytesAsync(path, bytes[..(int)(bytes.Length * keptFraction)]);

        var error = await Assert.ThrowsAsync<CorruptStateFileException>(() => Read(NewStorage(), id));
        Assert.Equal(path, error.FilePath);
    }

    [Fact]
    public async Task FlippedByteFailsTheChecksum()
    {
        var storage = NewStorage();
        var id = Id("counter", "fed/flip");
        await Write(storage, id, 5);
        var path = storage.PathOf("counter", id);
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[^3] ^= 0x20;
        await File.WriteAllBytesAsync(path, bytes);

        var error = await Assert.ThrowsAsync<CorruptStateFileException>(() => Read(NewStorage(), id));
        Assert.Contains("checksum", error.Message);
    }

    [Fact]
    public async Task ACorruptFileIsNeverOverwrittenByAWrite()
    {
        var storage = NewStorage();
        var id = Id("counter", "fed/keep-evidence");
        var state = await Write(storage, id, 5);
        var path = storage.PathOf("counter", id);
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[^1] ^= 0x01;
        await File.WriteAllBytesAsync(path, bytes);

        state.State.Value = 6;
        await Assert.ThrowsAsync<CorruptStateFileException>(() => storage.WriteStateAsync("counter", id, state));
        await Assert.ThrowsAsync<CorruptStateFileException>(() => storage.ClearStateAsync("counter", id, state));
        Assert.Equal(bytes, await File.ReadAllBytesAsync(path));
    }

    [Fact]
    public async Task AFileMovedUnderAnotherGrainsNameIsRefused()
    {
        var storage = NewStorage();
        var mine = Id("counter", "fed/mine");
        var theirs = Id("counter", "fed/theirs");
        await Write(storage, theirs, 42);
        Directory.CreateDirectory(Path.GetDirectoryName(storage.PathOf("counter", mine))!);
        File.Copy(storage.PathOf("counter", theirs), storage.PathOf("counter", mine));

        var error = await Assert.ThrowsAsync<CorruptStateFileException>(() => Read(storage, mine));
        Assert.Contains("fed/theirs", error.Message);
    }

    [Fact]
    public async Task StaleEtagIsRefusedWithBothEtagsAndNothingChanges()
    {
        var storage = NewStorage();
        var id = Id("counter", "fed/etag");
        var a = await Read(storage, id);
        var b = await Read(storage, id);
        a.State.Value = 1;
        await storage.WriteStateAsync("counter", id, a);
        var before = await File.ReadAllBytesAsync(storage.PathOf("counter", id));

        b.State.Value = 2;
        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("counter", id, b));
        Assert.Equal(("1", null), (conflict.StoredEtag, conflict.CurrentEtag));
        Assert.Null(b.ETag);
        Assert.Equal(before, await File.ReadAllBytesAsync(storage.PathOf("counter", id)));
        Assert.Equal(1, (await Read(storage, id)).State.Value);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync("counter", id, b));
        Assert.True((await Read(storage, id)).RecordExists);
        await storage.ClearStateAsync("counter", id, a);
        Assert.False((await Read(storage, id)).RecordExists);
    }

    [Fact]
    public async Task WriteWithAnEtagWhenNothingIsStoredIsRefused()
    {
        var storage = NewStorage();
        var id = Id("counter", "fed/ghost");
        var held = new Held<CounterState> { ETag = "4", State = { Value = 1 } };

        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("counter", id, held));
        Assert.Equal((null, "4"), (conflict.StoredEtag, conflict.CurrentEtag));
        Assert.False(File.Exists(storage.PathOf("counter", id)));
    }

    [Fact]
    public async Task ClearResetsTheHeldStateAndAnEtagFromBeforeTheClearNeverMatchesAgain()
    {
        var storage = NewStorage();
        var id = Id("counter", "fed/cleared");
        var before = await Write(storage, id, 5);         // version 1
        var clearing = await Read(storage, id);
        await storage.ClearStateAsync("counter", id, clearing); // tombstone, version 2
        Assert.Equal((null, false, 0), (clearing.ETag, clearing.RecordExists, clearing.State.Value));

        var read = await Read(NewStorage(), id);
        Assert.Equal((null, false, 0), (read.ETag, read.RecordExists, read.State.Value));

        read.State.Value = 9;
        await storage.WriteStateAsync("counter", id, read);   // version 3: versions never go back
        Assert.Equal("3", read.ETag);

        before.State.Value = 6;
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("counter", id, before));
        Assert.Equal(9, (await Read(storage, id)).State.Value);
    }

    [Fact]
    public async Task ClearingWhatIsNotStoredSucceedsAndWritesNothing()
    {
        var storage = NewStorage();
        var id = Id("counter", "fed/never");
        var held = new Held<CounterState> { State = { Value = 3 } };
        await storage.ClearStateAsync("counter", id, held);

        Assert.Equal((null, false, 0), (held.ETag, held.RecordExists, held.State.Value));
        Assert.False(File.Exists(storage.PathOf("counter", id)));
    }

    [Fact]
    public async Task StateNamesOfOneGrainAreKeptApart()
    {
        var storage = NewStorage();
        var id = Id("counter", "fed/two-states");
        await Write(storage, id, 1, stateName: "a");
        await Write(storage, id, 2, stateName: "b");
        Assert.Equal((1, 2), ((await Read(storage, id, "a")).State.Value, (await Read(storage, id, "b")).State.Value));
    }

    [Theory]
    [InlineData("..")]
    [InlineData("../../etc/passwd")]
    [InlineData("fed/a/b/c")]
    [InlineData("Fed/Upper")]
    [InlineData("fed/é-ü-中文")]
    [InlineData("fed/\u0000nul")]
    [InlineData("_directory")]
    [InlineData(".hidden/x")]
    public async Task AwkwardKeysStayInsideTheDataFolderAndRoundTrip(string key)
    {
        var storage = NewStorage();
        var id = Id("counter", key);
        await Write(storage, id, 9);

        var path = Path.GetFullPath(storage.PathOf("counter", id));
        Assert.StartsWith(storage.RootPath + Path.DirectorySeparatorChar, path);
        Assert.DoesNotContain(Path.GetRelativePath(storage.RootPath, path).Split(Path.DirectorySeparatorChar), part => part.StartsWith('.'));
        Assert.Equal(9, (await Read(NewStorage(), id)).State.Value);
        Assert.NotEqual(storage.PathOf("counter", id), storage.PathOf("counter", Id("counter", key.ToLowerInvariant() + "x")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("reseau")]
    [InlineData("Reseau/Coop 1~s")]
    [InlineData("_affiliations")]
    [InlineData("é/中文/\u0000")]
    public void EscapingIsReversibleAndCaseSafe(string value)
    {
        var escaped = StateFile.Escape(value);
        Assert.Equal(value, StateFile.Unescape(escaped));
        Assert.Matches("^[a-z0-9_-]+$", escaped);
        Assert.NotEqual(escaped, StateFile.Escape(value.ToUpperInvariant() + "A"));
    }

    [Fact]
    public async Task VeryLongKeyIsHashedIntoAValidFileName()
    {
        var storage = NewStorage();
        var id = Id("counter", "fed/" + new string('x', 10_000));
        await Write(storage, id, 4);
        Assert.True(Path.GetFileName(storage.PathOf("counter", id)).Length < 255);
        Assert.Equal(4, (await Read(NewStorage(), id)).State.Value);
        var exported = await storage.ExportTenantAsync("fed", CancellationToken.None).ToListAsync();
        Assert.Equal(id.Key.ToString(), Assert.Single(exported).Key);
    }

    [Fact]
    public async Task VeryLongTenantAndGrainTypeAreHashedIntoValidFolderNames()
    {
        var storage = NewStorage();
        var tenant = new string('t', 300);
        var id = Id(new string('g', 300), tenant + "/m1");
        await Write(storage, id, 4);

        var parts = Path.GetRelativePath(storage.RootPath, storage.PathOf("counter", id)).Split(Path.DirectorySeparatorChar);
        Assert.All(parts, part => Assert.True(part.Length < 255));
        Assert.Equal(4, (await Read(NewStorage(), id)).State.Value);
        Assert.Equal(tenant + "/m1", Assert.Single(await storage.ExportTenantAsync(tenant, CancellationToken.None).ToListAsync()).Key);
    }

    [Fact]
    public async Task ConcurrentWritersOnOneRecordNeverBothWin()
    {
        var storage = NewStorage();
        var id = Id("counter", "fed/contended");
        await Write(storage, id, 0);
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
        Assert.Equal(successes + 1, long.Parse(final.ETag!, CultureInfo.InvariantCulture));
        Assert.InRange(successes, 1, 20);
    }

    [Fact]
    public async Task TwoStoreInstancesOnOneFolderShareTheirLocks()
    {
        // Two silos of one process on one folder: a holder of version n wins exactly once, whichever instance it goes through.
        var first = NewStorage();
        var second = NewStorage();
        var id = Id("counter", "fed/two-instances");
        await Write(first, id, 0);
        var successes = 0;
        await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            var storage = i % 2 == 0 ? first : second;
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
        Assert.Equal(successes + 1, long.Parse((await Read(first, id)).ETag!, CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task ManyGrainsWritingAtOnceAllSucceed()
    {
        var storage = NewStorage();
        var ids = Enumerable.Range(0, 64).Select(i => Id("counter", $"fed/m{i}")).ToList();
        await Task.WhenAll(ids.Select((id, i) => Write(storage, id, i)));
        for (var i = 0; i < ids.Count; i++)
            Assert.Equal(("1", i), ((await Read(storage, ids[i])).ETag, (await Read(storage, ids[i])).State.Value));
    }

    [Fact]
    public void AStoreWithoutSerializerOrFolderIsRefusedAtConstruction()
    {
        Assert.Throws<ArgumentException>(() => new FileGrainStorage("file", new FileGrainStorageOptions { RootPath = Root }));
        Assert.Throws<ArgumentException>(() => new FileGrainStorage("file", new FileGrainStorageOptions { GrainStorageSerializer = new JsonStateSerializer() }));
    }

    [Fact]
    public async Task StoredPayloadIsTheSerializersOutput()
    {
        var storage = NewStorage();
        var id = Id("counter", "fed/payload");
        await Write(storage, id, 12);
        var text = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(storage.PathOf("counter", id)));
        Assert.EndsWith("\n{\"value\":12}", text);
        Assert.StartsWith("ICSTATE1 1 ", text);
    }
}
