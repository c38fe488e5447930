using System.Net;
using System.Text.Json.Nodes;
using Azure.Core;
using Platform.Runtime;

namespace Platform.Storage.AzureTable.Tests;

/// <summary>The retry and conflict rules, against a scripted service (no Azurite: exact failures on demand).</summary>
public sealed class RetryTests
{
    private const string Created = "W/\"datetime'2026-03-02T10%3A15%3A30.0000000Z'\"";
    private static readonly GrainId s_grain = new("note", "tenant/n");

    [Fact]
    public async Task TransientStatusesAreRetriedUntilTheServiceAnswers()
    {
        var handler = new ScriptedHandler((request, n) => Task.FromResult(request.RequestUri!.AbsolutePath.EndsWith("/Tables", StringComparison.Ordinal)
            ? ScriptedHandler.Status(HttpStatusCode.NoContent)
            : n switch
            {
                2 => ScriptedHandler.Status(HttpStatusCode.ServiceUnavailable, "ServerBusy"),
                3 => ScriptedHandler.Status(HttpStatusCode.InternalServerError, "InternalError"),
                _ => ScriptedHandler.Status(HttpStatusCode.NoContent, etag: Created),
            }));
        using var storage = Create(handler, maxAttempts: 4);
        var holder = new TestGrainState<NoteState> { State = { Text = "x" } };

        await storage.WriteStateAsync("note", s_grain, holder);

        Assert.Equal(Created, holder.ETag);
        Assert.Equal(["POST /devstoreaccount1/Tables", "POST /devstoreaccount1/grainstate", "POST /devstoreaccount1/grainstate", "POST /devstoreaccount1/grainstate"], handler.Seen);
    }

    [Fact]
    public async Task PersistentTransientFailureBecomesStorageUnavailableAfterMaxAttempts()
    {
        var handler = new ScriptedHandler((_, _) => Task.FromResult(ScriptedHandler.Status(HttpStatusCode.ServiceUnavailable, "ServerBusy")));
        using var storage = Create(handler, maxAttempts: 3);

        var error = await Assert.ThrowsAsync<StorageUnavailableException>(() =>
            storage.ReadStateAsync("note", s_grain, new TestGrainState<NoteState>()));

        Assert.Equal(3, handler.Seen.Count);
        Assert.Contains("503 ServerBusy after 3 attempt(s)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HangingAttemptIsAbandonedAtTheAttemptTimeoutAndRetried()
    {
        // Like a socket, the hang ends only when the attempt is cancelled; the second attempt gets an answer.
        var handler = new ScriptedHandler(async (request, n, cancellationToken) =>
        {
            if (request.RequestUri!.AbsolutePath.EndsWith("/Tables", StringComparison.Ordinal)) return ScriptedHandler.Status(HttpStatusCode.NoContent);
            if (n == 2) await Task.Delay(Timeout.Infinite, cancellationToken);
            return ScriptedHandler.Status(HttpStatusCode.NotFound, "ResourceNotFound");
        });
        // A wide operation budget: only the attempt timeout can end the hang, even on a loaded machine.
        using var storage = Create(handler, maxAttempts: 3, attemptTimeout: TimeSpan.FromMilliseconds(200), operationTimeout: TimeSpan.FromSeconds(30));
        var holder = new TestGrainState<NoteState>();

        await storage.ReadStateAsync("note", s_grain, holder);

        Assert.False(holder.RecordExists);
        Assert.Equal(3, handler.Seen.Count);
        Assert.StartsWith("GET /devstoreaccount1/grainstate(", handler.Seen[1], StringComparison.Ordinal);
        Assert.Equal(handler.Seen[1], handler.Seen[2]);
    }

    [Fact]
    public async Task HangingServiceIsAbandonedAtTheOperationBudget()
    {
        var handler = new ScriptedHandler(async (_, _, cancellationToken) =>
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        });
        // Ten attempts of 300 ms need three seconds, so the 1 s budget ends this before the attempts run out.
        using var storage = Create(handler, maxAttempts: 10, attemptTimeout: TimeSpan.FromMilliseconds(300), operationTimeout: TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAsync<StorageUnavailableException>(() =>
            storage.ReadStateAsync("note", s_grain, new TestGrainState<NoteState>()));

        Assert.IsType<Polly.Timeout.TimeoutRejectedException>(error.InnerException);
        Assert.Contains("no answer within the 1 s budget", error.Message, StringComparison.Ordinal);
        Assert.InRange(handler.Seen.Count, 1, 9);
    }

    [Fact]
    public async Task ClientErrorsAreNotRetried()
    {
        var handler = new ScriptedHandler((_, _) => Task.FromResult(ScriptedHandler.Status(HttpStatusCode.BadRequest, "InvalidInput")));
        using var storage = Create(handler, maxAttempts: 4);

        await Assert.ThrowsAsync<InvalidOperationException>(() => storage.ReadStateAsync("note", s_grain, new TestGrainState<NoteState>()));

        Assert.Single(handler.Seen);
    }

    [Fact]
    public async Task InsertConflictAfterAnUncertainAttemptThatWasOursIsASuccess()
    {
        // Attempt 1 reaches the service and is stored, but its answer is lost (502); attempt 2 then finds its own entity.
        string? storedBody = null;
        var handler = new ScriptedHandler(async (request, _) =>
        {
            if (request.RequestUri!.AbsolutePath.EndsWith("/Tables", StringComparison.Ordinal)) return ScriptedHandler.Status(HttpStatusCode.NoContent);
            if (request.Method == HttpMethod.Post && storedBody is null)
            {
                storedBody = await request.Content!.ReadAsStringAsync();
                return ScriptedHandler.Status(HttpStatusCode.BadGateway);
            }
            if (request.Method == HttpMethod.Post) return ScriptedHandler.Status(HttpStatusCode.Conflict, "EntityAlreadyExists");
            var read = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(storedBody!) };
            read.Headers.TryAddWithoutValidation("ETag", Created);
            return read;
        });
        using var storage = Create(handler, maxAttempts: 3);
        var holder = new TestGrainState<NoteState> { State = { Text = "mine" } };

        await storage.WriteStateAsync("note", s_grain, holder);

        Assert.Equal(Created, holder.ETag);
        Assert.True(holder.RecordExists);
    }

    [Fact]
    public async Task ConflictAfterAnUncertainAttemptThatWasSomeoneElsesIsRefused()
    {
        var other = StateEntity.Serialize(TableKeys.For("intercoop", "note", s_grain),
            StateEntity.Compress("{\"text\":\"theirs\"}"u8, s_grain, "note"), 17, "someone-else");
        // Attempt 1 times out at a gateway (its effect unknown); attempt 2 meets another replica's write.
        var replaces = 0;
        var handler = new ScriptedHandler((request, _) =>
        {
            if (request.RequestUri!.AbsolutePath.EndsWith("/Tables", StringComparison.Ordinal)) return Task.FromResult(ScriptedHandler.Status(HttpStatusCode.NoContent));
            if (request.Method == HttpMethod.Put)
                return Task.FromResult(Interlocked.Increment(ref replaces) == 1
                    ? ScriptedHandler.Status(HttpStatusCode.GatewayTimeout)
                    : ScriptedHandler.Status(HttpStatusCode.PreconditionFailed, "UpdateConditionNotSatisfied"));
            var read = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ReadOnlyMemoryContent(other) };
            read.Headers.TryAddWithoutValidation("ETag", Created);
            return Task.FromResult(read);
        });
        using var storage = Create(handler, maxAttempts: 3);
        var holder = new TestGrainState<NoteState> { ETag = "W/\"old\"", RecordExists = true, State = { Text = "mine" } };

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("note", s_grain, holder));

        Assert.Equal("W/\"old\"", holder.ETag);
        Assert.Equal(["POST /devstoreaccount1/Tables", "PUT", "PUT", "GET"], handler.Seen.Select(s => s.StartsWith("POST", StringComparison.Ordinal) ? s : s.Split(' ')[0]));
    }

    [Fact]
    public async Task ConflictWithoutAnyRetryIsRefusedWithoutReadingBack()
    {
        var handler = new ScriptedHandler((request, _) => Task.FromResult(request.RequestUri!.AbsolutePath.EndsWith("/Tables", StringComparison.Ordinal)
            ? ScriptedHandler.Status(HttpStatusCode.Conflict, "TableAlreadyExists")
            : ScriptedHandler.Status(HttpStatusCode.Conflict, "EntityAlreadyExists")));
        using var storage = Create(handler, maxAttempts: 3);

        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            storage.WriteStateAsync("note", s_grain, new TestGrainState<NoteState>()));

        Assert.Equal(["POST /devstoreaccount1/Tables", "POST /devstoreaccount1/grainstate"], handler.Seen);
    }

    [Fact]
    public async Task BearerTokenIsFetchedOnceAndRenewedBeforeItExpires()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero));
        var credential = new CountingCredential(clock, lifetime: TimeSpan.FromHours(1));
        var authorizer = new BearerTokenAuthorizer(credential, clock);

        for (var i = 0; i < 5; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "https://a.table.core.windows.net/Tables");
            await authorizer.AuthorizeAsync(request, CancellationToken.None);
            Assert.Equal("Bearer token-1", request.Headers.Authorization!.ToString());
        }
        clock.Now += TimeSpan.FromMinutes(56);
        using var late = new HttpRequestMessage(HttpMethod.Get, "https://a.table.core.windows.net/Tables");
        await authorizer.AuthorizeAsync(late, CancellationToken.None);

        Assert.Equal("Bearer token-2", late.Headers.Authorization!.ToString());
        Assert.Equal(["https://storage.azure.com/.default"], credential.Scopes.Distinct());
    }

    [Fact]
    public async Task EndpointWithoutConnectionStringSendsBearerTokens()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var handler = new ScriptedHandler((request, _) =>
        {
            Assert.Equal("Bearer", request.Headers.Authorization!.Scheme);
            Assert.Equal("2021-12-02", request.Headers.GetValues("x-ms-version").Single());
            return Task.FromResult(request.Method == HttpMethod.Post
                ? ScriptedHandler.Status(HttpStatusCode.NoContent)
                : ScriptedHandler.Status(HttpStatusCode.NotFound, "ResourceNotFound"));
        });
        var options = new AzureTableStorageOptions
        {
            TableEndpoint = new Uri("https://coopdata.table.core.windows.net/"),
            TokenCredential = new CountingCredential(clock, TimeSpan.FromHours(1)),
        };
        using var storage = new AzureTableGrainStorage(options, Stores.Serializer, handler, disposeHandler: true);

        var read = new TestGrainState<NoteState>();
        await storage.ReadStateAsync("note", s_grain, read);

        Assert.False(read.RecordExists);
        Assert.Equal(["POST /Tables", "GET /grainstate(PartitionKey='intercoop_tenant',RowKey='note__tenant_2Fn__note')"], handler.Seen);
    }

    private static AzureTableGrainStorage Create(
        HttpMessageHandler handler, int maxAttempts, TimeSpan? attemptTimeout = null, TimeSpan? operationTimeout = null)
    {
        var options = Stores.Options("UseDevelopmentStorage=true");
        options.MaxAttempts = maxAttempts;
        options.RetryBaseDelay = TimeSpan.FromMilliseconds(1);
        options.AttemptTimeout = attemptTimeout ?? TimeSpan.FromSeconds(2);
        options.OperationTimeout = operationTimeout ?? TimeSpan.FromSeconds(5);
        return new AzureTableGrainStorage(options, Stores.Serializer, handler, disposeHandler: true);
    }

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private sealed class CountingCredential(TimeProvider clock, TimeSpan lifetime) : TokenCredential
    {
        private int _issued;

        public List<string> Scopes { get; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            Scopes.AddRange(requestContext.Scopes);
            return new AccessToken($"token-{++_issued}", clock.GetUtcNow() + lifetime);
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
