using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Azure.Core;
using Azure.Core.Pipeline;
using Orleans.Storage;
using Xunit.Abstractions;

namespace Platform.Storage.AzureTable.Tests;

/// <summary>
/// When the service applied a write but its answer was lost, the client's retry meets its own write. The old store
/// recognised that (a write id in the row); the stock provider reports a conflict, and the platform relies on what
/// Orleans does next: the activation is deactivated and the next call reads the write that did land.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AmbiguousOutcomeTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    /// <summary>Lets the next entity write reach the service, then loses its answer (a connection reset).</summary>
    private sealed class LoseNextWriteAnswer : HttpPipelinePolicy
    {
        private int _armed;

        public void Arm() => Volatile.Write(ref _armed, 1);

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            await ProcessNextAsync(message, pipeline);
            var isEntityWrite = message.Request.Method == RequestMethod.Put || message.Request.Method == RequestMethod.Post
                && !message.Request.Uri.Path.EndsWith("/Tables", StringComparison.Ordinal);
            if (isEntityWrite && Interlocked.Exchange(ref _armed, 0) == 1)
                throw new IOException($"scripted: the answer ({message.Response.Status}) was lost after the service applied the write");
        }
    }

    [Fact]
    public async Task RetriedWriteThatAlreadyLandedIsAConflictAndTheGrainThenReadsWhatLanded()
    {
        var lose = new LoseNextWriteAnswer();
        await using var cluster = await AzuriteCluster.StartAsync(azurite.ConnectionString, azurite.Cluster.TableName, Names.NewServiceId(), silos: 1,
            settings: s =>
            {
                var configure = s.ConfigureClientOptions;
                s.ConfigureClientOptions = options =>
                {
                    configure?.Invoke(options);
                    options.AddPolicy(lose, HttpPipelinePosition.PerRetry);
                };
            });
        var grain = cluster.Grains.GetGrain<INoteGrain>(Names.NewTenant() + "/ambiguous");
        var before = await grain.SetAsync("v1");

        lose.Arm();
        var conflict = await Assert.ThrowsAnyAsync<InconsistentStateException>(() => grain.SetAsync("v2"));

        output.WriteLine(conflict.Message);
        // v1 was an insert (POST); the replace with v2 went out twice: applied (answer lost), then refused with 412.
        Assert.Equal(2, cluster.Requests.Snapshot().Count(r => r.Method == "PUT"));
        var reloaded = await grain.GetAsync();
        Assert.NotEqual(before.Activation, reloaded.Activation);
        Assert.Equal("v2", reloaded.Text);
    }

    [Fact]
    public async Task ServiceThatAcceptsConnectionsButNeverAnswersIsGivenUpOnWithinTheRetryBudget()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var accepted = new List<Socket>();
        var accepting = Task.Run(async () =>
        {
            try
            {
                while (true) accepted.Add(await listener.AcceptSocketAsync());
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
            }
        });
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var client = TableServiceClients.Create(new()
        {
            ConnectionString = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Platform.Testing.AzuriteProcess.AccountKey};TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;",
            NetworkTimeout = TimeSpan.FromMilliseconds(500),
            MaxRetries = 2,
            RetryDelay = TimeSpan.FromMilliseconds(50),
        });

        var started = Stopwatch.StartNew();
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => client.GetTableClient("grains").GetEntityIfExistsAsync<Azure.Data.Tables.TableEntity>("p", "r"));
        var took = started.Elapsed;
        listener.Stop();
        await accepting;
        foreach (var socket in accepted) socket.Dispose();

        output.WriteLine($"{took}: {failure.GetType().FullName}: {failure.Message}");
        // Three attempts of 0.5 s and two short delays; never the SDK's default 100 s per attempt.
        Assert.InRange(took, TimeSpan.FromSeconds(1.4), TimeSpan.FromSeconds(8));
        Assert.True(PlatformAzureTableGrainStorage.IsOutage(failure, out var detail), $"{failure.GetType()} is not read as an outage");
        output.WriteLine(detail);
    }
}
