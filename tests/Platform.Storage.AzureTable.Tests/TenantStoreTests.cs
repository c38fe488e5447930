using System.Text.Json;
using Azure.Data.Tables;
using Platform.Abstractions.Storage;
using Xunit.Abstractions;

namespace Platform.Storage.AzureTable.Tests;

/// <summary>Export and deletion of one tenant: exactly its rows, by bounded PartitionKey ranges, never a table scan.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TenantStoreTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private AzureTableTenantStateStore Store => azurite.Cluster.TenantStore();

    /// <summary>
    /// Tenant <c>{a}</c> with rows of two grain types, its neighbour <c>{a}-coop</c> (same prefix), another tenant,
    /// and a platform-wide key. Returns what each grain reported (key → ETag) per tenant.
    /// </summary>
    private async Task<(string A, string ACoop, Dictionary<(string Type, string Key), string> OfA, Dictionary<(string Type, string Key), string> Others)> SeedAsync()
    {
        var a = Names.NewTenant("r");
        var aCoop = a + "-coop";
        var other = Names.NewTenant("o");
        var grains = azurite.Cluster.Grains;
        var ofA = new Dictionary<(string, string), string>();
        var others = new Dictionary<(string, string), string>();
        foreach (var (key, into) in new[] { (a, ofA), ($"{a}/coop-1", ofA), ($"{a}/2024-05", ofA), (aCoop, others), ($"{aCoop}/coop-1", others), (other, others), ($"_directory-{a}", others) })
            into[("note", key)] = (await grains.GetGrain<INoteGrain>(key).SetAsync($"note of {key}")).ETag!;
        foreach (var (key, into) in new[] { (a, ofA), ($"{a}/coop-1", ofA), (aCoop, others) })
        {
            await grains.GetGrain<ILedgerGrain>(key).AppendAsync($"entry of {key}");
            var stored = await azurite.Raw.GetAsync(StockTableLayout.PartitionKey(azurite.Cluster.ServiceId, "ledger", key), "entries");
            into[("ledger", key)] = stored!.ETag.ToString();
        }
        return (a, aCoop, ofA, others);
    }

    [Fact]
    public async Task ExportReturnsExactlyTheTenantsStatesAcrossGrainTypes()
    {
        var (a, aCoop, ofA, _) = await SeedAsync();

        var exported = await Store.ExportAllAsync(a);

        Assert.Equal(ofA.Keys.Order(), exported.Select(s => (s.GrainType, s.Key)).Order());
        foreach (var state in exported)
        {
            Assert.Equal(ofA[(state.GrainType, state.Key)], state.ETag);
            var json = JsonDocument.Parse(state.Json).RootElement;
            if (state.GrainType == "note")
            {
                Assert.Equal("s", state.StateName);
                Assert.Equal($"note of {state.Key}", json.GetProperty("text").GetString());
            }
            else
            {
                Assert.Equal("entries", state.StateName);
                Assert.Equal($"entry of {state.Key}", json.GetProperty("entries")[0].GetString());
            }
        }
        // The neighbour whose id starts with a's sees only its own rows, and a's none.
        var neighbour = await Store.ExportAllAsync(aCoop);
        Assert.Equal([("ledger", aCoop), ("note", aCoop), ("note", $"{aCoop}/coop-1")], neighbour.Select(s => (s.GrainType, s.Key)).Order());
    }

    [Fact]
    public async Task ExportMakesTwoIndexRangeQueriesPerGrainTypeAndNoScan()
    {
        var (a, _, ofA, _) = await SeedAsync();
        var grainTypes = Store.GrainTypes();
        output.WriteLine("grain types: " + string.Join(", ", grainTypes));
        Assert.Contains("note", grainTypes);
        Assert.Contains("ledger", grainTypes);
        azurite.Cluster.Requests.Clear();

        var exported = await Store.ExportAllAsync(a);

        var requests = azurite.Cluster.Requests.Snapshot();
        foreach (var request in requests) output.WriteLine($"{request.Method} {request.Path} {request.Filter}");
        Assert.Equal(ofA.Count, exported.Count);
        var svc = azurite.Cluster.ServiceId;
        var expected = grainTypes.SelectMany(type => new[]
        {
            $"PartitionKey eq '{svc}_{type}_{a}'",
            $"PartitionKey ge '{svc}_{type}_{a}_' and PartitionKey lt '{svc}_{type}_{a}`'",
        });
        Assert.Equal(expected.Order(StringComparer.Ordinal), requests.Select(r => r.Filter!).Order(StringComparer.Ordinal));
        Assert.All(requests, r => Assert.Equal(("GET", $"/devstoreaccount1/{azurite.Cluster.TableName}()"), (r.Method, r.Path)));
    }

    [Fact]
    public async Task ExportFollowsContinuationsPastOnePage()
    {
        var tenant = Names.NewTenant();
        const int count = 40; // export pages hold 32 rows
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
            await azurite.Cluster.Grains.GetGrain<INoteGrain>($"{tenant}/n-{i:00}").SetAsync($"{i}"));
        azurite.Cluster.Requests.Clear();

        var exported = await Store.ExportAllAsync(tenant);

        Assert.Equal(Enumerable.Range(0, count).Select(i => $"{tenant}/n-{i:00}"), exported.Select(s => s.Key).Order(StringComparer.Ordinal));
        // Two queries per grain type, one of them in two pages.
        Assert.Equal(2 * Store.GrainTypes().Count + 1, azurite.Cluster.Requests.Snapshot().Count);
    }

    [Fact]
    public async Task DeletionRemovesExactlyTheTenantsRowsAndLeavesEveryOtherRowAsItWas()
    {
        var (a, aCoop, ofA, others) = await SeedAsync();
        azurite.Cluster.Requests.Clear();

        var deleted = await Store.DeleteTenantAsync(a, CancellationToken.None);

        Assert.Equal(ofA.Count, deleted);
        var requests = azurite.Cluster.Requests.Snapshot();
        Assert.Equal(2 * Store.GrainTypes().Count, requests.Count(r => r.Method == "GET"));
        Assert.Equal(ofA.Count, requests.Count(r => r.Method == "DELETE"));
        Assert.Empty(await Store.ExportAllAsync(a));
        foreach (var type in new[] { "note", "ledger" })
        {
            var (exact, rangeStart, _) = StockTableLayout.TenantPartitionKeys(azurite.Cluster.ServiceId, type, a);
            Assert.Null(await azurite.Raw.GetAsync(exact, type == "note" ? "s" : "entries"));
            Assert.DoesNotContain(await azurite.Raw.StartingWithAsync(rangeStart), _ => true);
        }
        foreach (var ((type, key), etag) in others)
        {
            var row = await azurite.Raw.GetAsync(StockTableLayout.PartitionKey(azurite.Cluster.ServiceId, type, key), type == "note" ? "s" : "entries");
            Assert.Equal(etag, row?.ETag.ToString());
        }
        Assert.Equal(3, (await Store.ExportAllAsync(aCoop)).Count);
        Assert.Equal(0, await Store.DeleteTenantAsync(a, CancellationToken.None));
    }

    [Fact]
    public async Task KeysOutsideTheTenantIdPatternAreRefusedBeforeAnyRequest()
    {
        azurite.Cluster.Requests.Clear();

        foreach (var id in new[] { "", "_directory", "a_b", "a/b", "Reseau", "a b", "é" })
        {
            await Assert.ThrowsAsync<ArgumentException>(() => Store.ExportAllAsync(id));
            await Assert.ThrowsAsync<ArgumentException>(() => Store.DeleteTenantAsync(id, CancellationToken.None));
        }

        Assert.Empty(azurite.Cluster.Requests.Snapshot());
    }

    [Fact]
    public async Task AnExplicitGrainTypeListLimitsWhatIsLookedAt()
    {
        var (a, _, _, _) = await SeedAsync();
        var store = new AzureTableTenantStateStore(
            azurite.Raw.Client, azurite.Cluster.ServiceId, () => ["ledger"], () => new TestJsonStorageSerializer(), TimeSpan.FromSeconds(3));

        var exported = await store.ExportAllAsync(a);

        Assert.Equal([("ledger", a), ("ledger", $"{a}/coop-1")], exported.Select(s => (s.GrainType, s.Key)).Order());
    }

    [Fact]
    public void GrainTypesWhosePartitionKeysOverlapAreRefused()
    {
        // "coop_ledger/x" and "coop/ledger_x" are the same PartitionKey once '/' is written as '_'.
        var store = new AzureTableTenantStateStore(
            azurite.Raw.Client, "svc", () => ["coop", "coop_ledger", "note"], () => new TestJsonStorageSerializer(), TimeSpan.FromSeconds(3));

        var refused = Assert.Throws<InvalidOperationException>(() => store.GrainTypes());

        Assert.Contains("'coop' and 'coop_ledger'", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IsReachableIsOneCheapRequestAndFalseQuicklyWhenNothingListens()
    {
        azurite.Cluster.Requests.Clear();
        Assert.True(await Store.IsReachableAsync(CancellationToken.None));
        var probe = Assert.Single(azurite.Cluster.Requests.Snapshot());
        Assert.Equal("GET", probe.Method);

        var nowhere = new TableServiceClient(
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Platform.Testing.AzuriteProcess.AccountKey};TableEndpoint=http://127.0.0.1:{Platform.Testing.Loopback.FreePort()}/devstoreaccount1;",
            new TableClientOptions { Retry = { MaxRetries = 0 } });
        var unreachable = new AzureTableTenantStateStore(
            nowhere.GetTableClient("grains"), "svc", () => ["note"], () => new TestJsonStorageSerializer(), TimeSpan.FromSeconds(2));
        var started = System.Diagnostics.Stopwatch.StartNew();
        Assert.False(await unreachable.IsReachableAsync(CancellationToken.None));
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), $"took {started.Elapsed}");
    }
}
