using System.Text;
using System.Text.Json;
using Xunit.Abstractions;

namespace Platform.Storage.AzureTable.Tests;

/// <summary>What Orleans's provider really writes, read back with Azure.Data.Tables: the layout the tenant store relies on.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class StoredRowLayoutTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task OneRowPerStateKeyedByServiceIdGrainTypeAndKeyWithTheStateAsBinaryJson()
    {
        var tenant = Names.NewTenant();
        var view = await azurite.Cluster.Grains.GetGrain<INoteGrain>($"{tenant}/coop-42").SetAsync("bonjour é");

        var rows = await azurite.Raw.StartingWithAsync($"{azurite.Cluster.ServiceId}_note_{tenant}");

        var row = Assert.Single(rows);
        Assert.Equal($"{azurite.Cluster.ServiceId}_note_{tenant}_coop-42", row.PartitionKey);
        Assert.Equal("s", row.RowKey);
        Assert.Equal(view.ETag, row.ETag.ToString());
        // Binary format: the serializer's bytes in Data (Data1… only past 64 KiB); no StringData, nothing else.
        var properties = row.Keys.Where(k => k is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag")).ToList();
        Assert.Equal(["Data"], properties);
        var json = Encoding.UTF8.GetString(Assert.IsType<byte[]>(row["Data"]));
        output.WriteLine(json);
        Assert.Equal("bonjour é", JsonDocument.Parse(json).RootElement.GetProperty("text").GetString());
        Assert.DoesNotContain("$type", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SecondGrainTypeAndStateNameLandInTheirOwnRow()
    {
        var tenant = Names.NewTenant();
        await azurite.Cluster.Grains.GetGrain<ILedgerGrain>(tenant).AppendAsync("first");

        var row = await azurite.Raw.GetAsync($"{azurite.Cluster.ServiceId}_ledger_{tenant}", "entries");

        Assert.NotNull(row);
        var json = Encoding.UTF8.GetString((byte[])row["Data"]);
        Assert.Equal("""{"entries":["first"]}""", json);
    }

    [Fact]
    public async Task ClearingAStateDeletesItsRow()
    {
        var key = Names.NewTenant() + "/cleared";
        var grain = azurite.Cluster.Grains.GetGrain<INoteGrain>(key);
        await grain.SetAsync("soon gone");

        await grain.ClearAsync();

        Assert.Null(await azurite.Raw.GetAsync($"{azurite.Cluster.ServiceId}_note_{key.Replace('/', '_')}", "s"));
        var view = await grain.GetAsync();
        Assert.False(view.RecordExists);
        Assert.Null(view.ETag);
    }

    [Fact]
    public async Task KeyTooLongForATableKeyIsRefusedBeforeAnyRequest()
    {
        var grain = azurite.Cluster.Grains.GetGrain<INoteGrain>(Names.NewTenant() + "/" + new string('x', 1_100));
        azurite.Cluster.Requests.Clear();

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => grain.SetAsync("never stored"));

        output.WriteLine(refused.ToString());
        Assert.IsType<ArgumentException>(refused.InnerException);
        Assert.Contains("too long to be an Azure table key", refused.InnerException.Message, StringComparison.Ordinal);
        Assert.Empty(azurite.Cluster.Requests.Snapshot());
    }
}
