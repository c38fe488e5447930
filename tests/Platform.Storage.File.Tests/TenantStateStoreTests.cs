using System.Text.Json;
using Platform.Abstractions.Storage;

namespace Platform.Storage.FileStore.Tests;

/// <summary>One tenant's data as a whole: export, deletion, and the store's health.</summary>
public sealed class TenantStateStoreTests : DataFolderTest
{
    private async Task<FileGrainStorage> SeedAsync()
    {
        var storage = NewStorage();
        await Write(storage, Id("tenant", "reseau"), 1);
        await Write(storage, Id("member", "reseau/m1"), 2);
        await Write(storage, Id("ledger", "reseau/m1"), 3);
        await Write(storage, Id("tenant", "reseau-coop"), 10);
        await Write(storage, Id("member", "reseau-coop/m1"), 11);
        await Write(storage, Id("member", "reseaux/m1"), 12);
        await Write(storage, Id("directory", "_directory"), 20);
        return storage;
    }

    [Fact]
    public async Task ExportReturnsEveryStateOfTheTenantAsJsonWithItsEtag()
    {
        var storage = await SeedAsync();
        var exported = await storage.ExportTenantAsync("reseau", CancellationToken.None).ToListAsync();

        Assert.Equal(
            [("ledger", "reseau/m1", 3), ("member", "reseau/m1", 2), ("tenant", "reseau", 1)],
            exported.Select(e => (e.GrainType, e.Key, JsonDocument.Parse(e.Json).RootElement.GetProperty("value").GetInt32())).Order());
        Assert.All(exported, e => Assert.Equal(("counter", "1"), (e.StateName, e.ETag)));
    }

    [Fact]
    public async Task ExportNeverIncludesATenantWhoseIdStartsTheSame()
    {
        var storage = await SeedAsync();

        var reseau = await storage.ExportTenantAsync("reseau", CancellationToken.None).ToListAsync();
        var coop = await storage.ExportTenantAsync("reseau-coop", CancellationToken.None).ToListAsync();

        Assert.All(reseau, e => Assert.True(TenantKeys.BelongsTo(e.Key, "reseau"), e.Key));
        Assert.Equal(["reseau-coop", "reseau-coop/m1"], coop.Select(e => e.Key).Order());
        Assert.Empty(await storage.ExportTenantAsync("reseau-co", CancellationToken.None).ToListAsync());
        Assert.Empty(await storage.ExportTenantAsync("nobody", CancellationToken.None).ToListAsync());
    }

    [Fact]
    public async Task PlatformWideStatesBelongToNoTenant()
    {
        var storage = await SeedAsync();
        foreach (var tenant in new[] { "reseau", "reseau-coop", "reseaux" })
            Assert.DoesNotContain(await storage.ExportTenantAsync(tenant, CancellationToken.None).ToListAsync(), e => e.Key.StartsWith('_'));
        Assert.Equal("_directory", Assert.Single(await storage.ExportTenantAsync("_directory", CancellationToken.None).ToListAsync()).Key);
    }

    [Fact]
    public async Task DeletingATenantRemovesOnlyItsStatesAndCountsThem()
    {
        var storage = await SeedAsync();

        Assert.Equal(3, await storage.DeleteTenantAsync("reseau", CancellationToken.None));

        Assert.Empty(await storage.ExportTenantAsync("reseau", CancellationToken.None).ToListAsync());
        Assert.False((await Read(storage, Id("member", "reseau/m1"))).RecordExists);
        Assert.Equal(10, (await Read(storage, Id("tenant", "reseau-coop"))).State.Value);
        Assert.Equal(11, (await Read(storage, Id("member", "reseau-coop/m1"))).State.Value);
        Assert.Equal(12, (await Read(storage, Id("member", "reseaux/m1"))).State.Value);
        Assert.Equal(20, (await Read(storage, Id("directory", "_directory"))).State.Value);
        Assert.False(Directory.Exists(Path.Combine(storage.RootPath, "reseau")));
        Assert.Equal(0, await storage.DeleteTenantAsync("reseau", CancellationToken.None));
    }

    [Fact]
    public async Task DeletingATenantWhoseIdIsAPrefixOfAnotherLeavesTheOtherWhole()
    {
        var storage = await SeedAsync();
        Assert.Equal(2, await storage.DeleteTenantAsync("reseau-coop", CancellationToken.None));
        Assert.Equal(3, (await storage.ExportTenantAsync("reseau", CancellationToken.None).ToListAsync()).Count);
        Assert.Equal(0, await storage.DeleteTenantAsync("reseau-co", CancellationToken.None));
        Assert.Single(await storage.ExportTenantAsync("reseaux", CancellationToken.None).ToListAsync());
    }

    [Fact]
    public async Task ClearedStatesAreNeitherExportedNorCountedAsDeleted()
    {
        var storage = await SeedAsync();
        var member = await Read(storage, Id("member", "reseau/m1"));
        await storage.ClearStateAsync("counter", Id("member", "reseau/m1"), member);

        Assert.Equal(2, (await storage.ExportTenantAsync("reseau", CancellationToken.None).ToListAsync()).Count);
        Assert.Equal(2, await storage.DeleteTenantAsync("reseau", CancellationToken.None));
        Assert.False(Directory.Exists(Path.Combine(storage.RootPath, "reseau")));
    }

    [Fact]
    public async Task ACorruptStateStopsTheExportRatherThanBeingLeftOut()
    {
        var storage = await SeedAsync();
        var path = storage.PathOf("counter", Id("member", "reseau/m1"));
        await File.WriteAllBytesAsync(path, (await File.ReadAllBytesAsync(path))[..20]);

        await Assert.ThrowsAsync<CorruptStateFileException>(async () => await storage.ExportTenantAsync("reseau", CancellationToken.None).ToListAsync());
        // Deleting the tenant still removes it, and counts it.
        Assert.Equal(3, await storage.DeleteTenantAsync("reseau", CancellationToken.None));
    }

    [Fact]
    public async Task ExportNeedsAJsonSerializerAndSaysSo()
    {
        var storage = NewStorage(new BinaryStateSerializer());
        await Write(storage, Id("member", "reseau/m1"), 1);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await storage.ExportTenantAsync("reseau", CancellationToken.None).ToListAsync());
        Assert.Contains("JSON", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("reseau/m1")]
    [InlineData("..")]
    public async Task WhatIsNotATenantIdIsRefusedOrMatchesNothing(string tenantId)
    {
        var storage = await SeedAsync();
        if (tenantId.Length == 0 || tenantId.Contains('/'))
        {
            await Assert.ThrowsAnyAsync<ArgumentException>(() => storage.DeleteTenantAsync(tenantId, CancellationToken.None));
            await Assert.ThrowsAnyAsync<ArgumentException>(async () => await storage.ExportTenantAsync(tenantId, CancellationToken.None).ToListAsync());
        }
        else
        {
            Assert.Equal(0, await storage.DeleteTenantAsync(tenantId, CancellationToken.None));
        }
        Assert.Equal(3, (await storage.ExportTenantAsync("reseau", CancellationToken.None).ToListAsync()).Count);
    }

    [Fact]
    public async Task ExportStopsWhenCancelled()
    {
        var storage = await SeedAsync();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await storage.ExportTenantAsync("reseau", cancelled.Token).ToListAsync());
    }

    [Fact]
    public async Task AWritableFolderIsReachableAndLeavesNoProbeBehind()
    {
        var storage = NewStorage();
        Assert.True(await storage.IsReachableAsync(CancellationToken.None));
        Assert.Empty(Directory.EnumerateFileSystemEntries(storage.RootPath));
    }

    [Fact]
    public async Task AFolderThatCannotBeCreatedIsNotReachable()
    {
        Directory.CreateDirectory(Root);
        var blocker = Path.Combine(Root, "a-file");
        await File.WriteAllTextAsync(blocker, "not a folder");
        var storage = new FileGrainStorage("file", new FileGrainStorageOptions { RootPath = Path.Combine(blocker, "data"), GrainStorageSerializer = new JsonStateSerializer() });

        Assert.False(await storage.IsReachableAsync(CancellationToken.None));
    }
}
