using Xunit.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Platform.Runtime;

namespace Platform.Storage.AzureTable.Tests;

public interface ICounterGrain : IGrainWithStringKey
{
    Task<int> IncrementAsync();
}

public sealed class CounterState
{
    public int Count { get; set; }
}

[GrainType("counter")]
public sealed class CounterGrain([PersistentState("counter")] IPersistentState<CounterState> counter) : Grain, ICounterGrain
{
    public async Task<int> IncrementAsync()
    {
        counter.State.Count++;
        await counter.WriteStateAsync();
        return counter.State.Count;
    }
}

/// <summary>Two hosts (replicas) sharing one table: ETags must keep every acknowledged update.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TwoRuntimesTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task ConcurrentIncrementsFromTwoRuntimesLoseNoAcknowledgedUpdate()
    {
        await using var first = BuildRuntime();
        await using var second = BuildRuntime();
        var key = Stores.NewTenant() + "/counter";
        const int incrementsPerRuntime = 30;

        var results = await Task.WhenAll(
            IncrementAsync(first.GetRequiredService<IGrainFactory>(), key, incrementsPerRuntime),
            IncrementAsync(second.GetRequiredService<IGrainFactory>(), key, incrementsPerRuntime));

        using var storage = Stores.Create(azurite);
        var stored = new TestGrainState<CounterState>();
        await storage.ReadStateAsync("counter", new GrainId("counter", key), stored);
        output.WriteLine($"acknowledged {results[0].Acknowledged} + {results[1].Acknowledged}, conflicts {results[0].Conflicts} + {results[1].Conflicts}, stored {stored.State.Count}");
        Assert.Equal(results.Sum(r => r.Acknowledged), stored.State.Count);
        // Both replicas got updates through and met each other's writes: they really competed for the record.
        Assert.All(results, r => Assert.True(r.Acknowledged > 0));
        Assert.True(results.Sum(r => r.Conflicts) > 0, "no ETag conflict happened, so nothing was tested");
    }

    private static async Task<(int Acknowledged, int Conflicts)> IncrementAsync(IGrainFactory factory, string key, int times)
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
                    await factory.GetGrain<ICounterGrain>(key).IncrementAsync();
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

    private ServiceProvider BuildRuntime() => new ServiceCollection()
        .AddLogging()
        .AddGrainRuntime()
        .AddGrain<CounterGrain>()
        .AddAzureTableGrainStorage(options =>
        {
            options.ConnectionString = azurite.ConnectionString;
            options.RetryBaseDelay = TimeSpan.FromMilliseconds(50);
            options.OperationTimeout = TimeSpan.FromSeconds(6);
        })
        .Services
        .BuildServiceProvider();
}
