namespace Platform.Storage.FileStore.Tests;

/// <summary>One process owns a data folder: a second owner is refused at start.</summary>
public sealed class OwnershipTests : DataFolderTest
{
    [Fact]
    public async Task StartCreatesTheFolderAndTakesIt()
    {
        var storage = NewStorage();
        await storage.OnStartAsync(CancellationToken.None);
        try
        {
            Assert.True(Directory.Exists(storage.RootPath));
            // What another process would meet: the folder's lock is held.
            Assert.Throws<IOException>(() => new FileStream(Path.Combine(storage.RootPath, ".owner"), FileMode.Open, FileAccess.ReadWrite, FileShare.None));
        }
        finally
        {
            await storage.OnStopAsync(CancellationToken.None);
        }
        using var free = new FileStream(Path.Combine(storage.RootPath, ".owner"), FileMode.Open, FileAccess.ReadWrite, FileShare.None);
    }

    [Fact]
    public async Task AFolderHeldByAnotherOwnerIsRefusedAtStart()
    {
        Directory.CreateDirectory(Root);
        using (new FileStream(Path.Combine(Root, ".owner"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            var error = await Assert.ThrowsAsync<IOException>(() => NewStorage().OnStartAsync(CancellationToken.None));
            Assert.Contains("in use by another process", error.Message);
        }
    }

    [Fact]
    public async Task StoresOfOneProcessShareTheFolderUntilTheLastStops()
    {
        var first = NewStorage();
        var second = NewStorage();
        await first.OnStartAsync(CancellationToken.None);
        await second.OnStartAsync(CancellationToken.None);

        await first.OnStopAsync(CancellationToken.None);
        Assert.Throws<IOException>(() => new FileStream(Path.Combine(Root, ".owner"), FileMode.Open, FileAccess.ReadWrite, FileShare.None));
        await second.OnStopAsync(CancellationToken.None);
        using var free = new FileStream(Path.Combine(Root, ".owner"), FileMode.Open, FileAccess.ReadWrite, FileShare.None);
    }

    [Fact]
    public async Task OnlyTheFirstStoreOfTheProcessSweepsTemporaryFiles()
    {
        // A second silo starting must not remove the temporary file of a write the first one has in flight.
        var first = NewStorage();
        await first.OnStartAsync(CancellationToken.None);
        try
        {
            var inFlight = Path.Combine(Root, "fed", "counter", ".fed_2fm1~counter.state.abc.tmp");
            Directory.CreateDirectory(Path.GetDirectoryName(inFlight)!);
            await File.WriteAllTextAsync(inFlight, "partial");

            var second = NewStorage();
            await second.OnStartAsync(CancellationToken.None);
            await second.OnStopAsync(CancellationToken.None);
            Assert.True(File.Exists(inFlight));
        }
        finally
        {
            await first.OnStopAsync(CancellationToken.None);
        }
    }
}
