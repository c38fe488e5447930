using Platform.Testing;

namespace Platform.Storage.AzureTable.Tests;

/// <summary>
/// A real Azurite table service shared by the tests of one collection (see <see cref="AzuriteProcess"/>):
/// installed from package-lock.json, on a free port, stoppable and restartable for the outage tests.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteProcess? _azurite;

    private AzuriteProcess Azurite => _azurite ?? throw new InvalidOperationException("Azurite is not started.");

    public int Port => Azurite.Port;
    public string ConnectionString => Azurite.ConnectionString;
    public bool IsRunning => Azurite.IsRunning;

    public async Task InitializeAsync() => _azurite = await AzuriteProcess.StartNewAsync();

    public async Task DisposeAsync()
    {
        if (_azurite is not null) await _azurite.DisposeAsync();
    }

    public Task StartAsync() => Azurite.StartAsync();
    public Task StopAsync() => Azurite.StopAsync();
    public string Output() => Azurite.Output();
}

/// <summary>Every test that talks to Azurite shares one instance and runs one at a time (the outage tests stop it).</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
