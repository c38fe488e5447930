using System.Net;
using Platform.Runtime;

namespace Platform.Storage.AzureTable.Tests;

/// <summary>What a grain activation holds for one state, outside the runtime.</summary>
public sealed class TestGrainState<T> : IGrainState<T> where T : new()
{
    public T State { get; set; } = new();
    public string? ETag { get; set; }
    public bool RecordExists { get; set; }
}

public sealed class NoteState
{
    public string Text { get; set; } = "";
    public List<string> Lines { get; set; } = [];
}

/// <summary>Counts the requests that reach the wire, and can refuse them all (a store that cannot be reached).</summary>
public sealed class CountingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private int _requests;

    public int Requests => Volatile.Read(ref _requests);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requests);
        return base.SendAsync(request, cancellationToken);
    }
}

/// <summary>Answers from a script instead of the network; records what was asked.</summary>
public sealed class ScriptedHandler(Func<HttpRequestMessage, int, CancellationToken, Task<HttpResponseMessage>> answer) : HttpMessageHandler
{
    public ScriptedHandler(Func<HttpRequestMessage, int, Task<HttpResponseMessage>> answer)
        : this((request, number, _) => answer(request, number))
    {
    }

    private int _requests;

    public List<string> Seen { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var number = Interlocked.Increment(ref _requests);
        lock (Seen) Seen.Add($"{request.Method} {request.RequestUri!.AbsolutePath}");
        return await answer(request, number, cancellationToken);
    }

    public static HttpResponseMessage Status(HttpStatusCode status, string? errorCode = null, string? etag = null)
    {
        var response = new HttpResponseMessage(status);
        if (errorCode is not null)
            response.Content = new StringContent(System.Text.Json.JsonSerializer.Serialize(
                new Dictionary<string, object> { ["odata.error"] = new { code = errorCode, message = new { lang = "en-US", value = "scripted" } } }));
        if (etag is not null) response.Headers.TryAddWithoutValidation("ETag", etag);
        return response;
    }
}

internal static class Stores
{
    public static readonly GrainStateSerializer Serializer = new([]);

    /// <summary>Options fit for tests: short timeouts, quick retries.</summary>
    public static AzureTableStorageOptions Options(string connectionString, string table = "grainstate") => new()
    {
        ConnectionString = connectionString,
        TableName = table,
        MaxAttempts = 3,
        RetryBaseDelay = TimeSpan.FromMilliseconds(50),
        AttemptTimeout = TimeSpan.FromSeconds(3),
        OperationTimeout = TimeSpan.FromSeconds(6),
    };

    public static AzureTableGrainStorage Create(AzuriteFixture azurite) => new(Options(azurite.ConnectionString), Serializer);

    public static (AzureTableGrainStorage Storage, CountingHandler Handler) CreateCounting(AzureTableStorageOptions options)
    {
        var handler = new CountingHandler(new SocketsHttpHandler());
        return (new AzureTableGrainStorage(options, Serializer, handler, disposeHandler: true), handler);
    }

    /// <summary>A tenant id no other test uses, so tests sharing the table never see each other's rows.</summary>
    public static string NewTenant(string prefix = "t") => $"{prefix}-{Guid.NewGuid():N}"[..20];
}
