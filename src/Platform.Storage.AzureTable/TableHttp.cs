using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Azure;
using Azure.Identity;
using Microsoft.Extensions.Logging;
using Platform.Runtime;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Platform.Storage.AzureTable;

/// <summary>One request to the Table service, described so that it can be rebuilt for every attempt.</summary>
internal sealed record TableRequest(HttpMethod Method, string PathAndQuery)
{
    public const string NoMetadata = "application/json;odata=nometadata";

    /// <summary>Queries ask for minimal metadata: it is what carries each entity's ETag (<c>odata.etag</c>).</summary>
    public const string MinimalMetadata = "application/json;odata=minimalmetadata";

    public ReadOnlyMemory<byte>? Body { get; init; }
    public string? IfMatch { get; init; }
    public bool ReturnNoContent { get; init; }
    public string Accept { get; init; } = NoMetadata;
}

/// <summary>The service's answer, fully read (so nothing needs disposing and timeouts cover the body).</summary>
internal sealed record TableResponse(HttpStatusCode Status, string? ETag, string? ErrorCode, byte[] Body)
{
    public string? NextPartitionKey { get; init; }
    public string? NextRowKey { get; init; }

    /// <summary>
    /// True when an earlier attempt failed in a way that leaves its effect unknown (timeout, broken
    /// connection, 5xx): a conflict on the final attempt may then be that earlier attempt's own success.
    /// </summary>
    public bool EarlierAttemptMayHaveApplied { get; init; }

    public bool IsSuccess => (int)Status is >= 200 and < 300;
}

/// <summary>
/// Sends Table service requests: signs them, retries transient failures with exponential backoff
/// and jitter inside an overall time budget, and turns what is still failing into
/// <see cref="StorageUnavailableException"/>. Everything above it deals only in final answers.
/// </summary>
internal sealed partial class TableHttp : IDisposable
{
    private const string ServiceVersion = "2021-12-02";
    private readonly HttpClient _http;
    private readonly string _endpoint;
    private readonly TableRequestAuthorizer _authorizer;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline<TableResponse> _retrying;
    private readonly ResiliencePipeline<TableResponse> _singleAttempt;
    private readonly TimeSpan _operationTimeout;

    public TableHttp(
        Uri endpoint, TableRequestAuthorizer authorizer, AzureTableStorageOptions options,
        HttpMessageHandler handler, bool disposeHandler, TimeProvider timeProvider, ILogger logger)
    {
        // Without the trailing '/' a host-only Uri always prints, so paths append with exactly one.
        _endpoint = endpoint.AbsoluteUri.TrimEnd('/');
        _authorizer = authorizer;
        _timeProvider = timeProvider;
        _logger = logger;
        _operationTimeout = options.OperationTimeout;
        // Polly owns every timeout; the client's own would fire as an unclassified cancellation.
        _http = new HttpClient(handler, disposeHandler) { Timeout = Timeout.InfiniteTimeSpan };

        var retrying = new ResiliencePipelineBuilder<TableResponse> { TimeProvider = timeProvider }
            .AddTimeout(options.OperationTimeout);
        if (options.MaxAttempts > 1)
        {
            retrying.AddRetry(new RetryStrategyOptions<TableResponse>
            {
                ShouldHandle = static args => ValueTask.FromResult(IsTransient(args.Outcome)),
                MaxRetryAttempts = options.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.OperationTimeout / 2,
                OnRetry = args =>
                {
                    // AttemptNumber counts from 0 and names the attempt that just failed; the log names the next one from 1.
                    LogRetry(_logger, args.AttemptNumber + 2, args.RetryDelay.TotalMilliseconds,
                        args.Outcome.Exception?.Message ?? $"HTTP {(int)args.Outcome.Result!.Status} {args.Outcome.Result.ErrorCode}");
                    return default;
                },
            });
        }
        _retrying = retrying.AddTimeout(options.AttemptTimeout).Build();
        _singleAttempt = new ResiliencePipelineBuilder<TableResponse> { TimeProvider = timeProvider }
            .AddTimeout(options.AttemptTimeout)
            .Build();
    }

    /// <summary>
    /// Sends until a final answer (success or a non-transient error status) comes back. Throws
    /// <see cref="StorageUnavailableException"/> when the service cannot be reached, keeps failing
    /// transiently past the retries or the time budget, or refuses the credentials.
    /// </summary>
    public async Task<TableResponse> SendAsync(string operation, TableRequest request, CancellationToken cancellationToken, bool retry = true)
    {
        var attempts = new AttemptLog();
        using var activity = RuntimeTelemetry.ActivitySource.HasListeners()
            ? RuntimeTelemetry.ActivitySource.StartActivity($"azuretable {operation}", ActivityKind.Client)
            : null;
        activity?.SetTag("db.system.name", "azure.table");
        activity?.SetTag("http.request.method", request.Method.Method);
        try
        {
            var pipeline = retry ? _retrying : _singleAttempt;
            var response = await pipeline.ExecuteAsync(
                static (state, token) => state.Self.AttemptAsync(state.Request, state.Attempts, token),
                (Self: this, Request: request, Attempts: attempts),
                cancellationToken).ConfigureAwait(false);
            activity?.SetTag("http.response.status_code", (int)response.Status);
            activity?.SetTag("azure.table.attempts", attempts.Count);
            if (IsTransient(response.Status))
                throw new StorageUnavailableException(
                    $"Azure Table {operation} still answered {(int)response.Status} {response.ErrorCode} after {attempts.Count} attempt(s).");
            if (response.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                throw new StorageUnavailableException(
                    $"Azure Table refused the credentials for {operation} ({(int)response.Status} {response.ErrorCode}); " +
                    "check the account key, or the identity's 'Storage Table Data Contributor' role.");
            return response with { EarlierAttemptMayHaveApplied = attempts.EarlierMayHaveApplied };
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException or IOException
                                      or AuthenticationFailedException or RequestFailedException
                                      || e is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
            var why = e is TimeoutRejectedException ? $"no answer within the {FormatSeconds(_operationTimeout)} budget" : e.Message;
            throw new StorageUnavailableException($"Azure Table {operation} failed after {attempts.Count} attempt(s): {why}", e);
        }
        catch (StorageUnavailableException e)
        {
            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
            throw;
        }
    }

    private async ValueTask<TableResponse> AttemptAsync(TableRequest request, AttemptLog attempts, CancellationToken cancellationToken)
    {
        attempts.Count++;
        attempts.EarlierMayHaveApplied |= attempts.LastMayHaveApplied;
        attempts.LastMayHaveApplied = false;
        using var message = await BuildAsync(request, cancellationToken).ConfigureAwait(false);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.ConnectionError)
        {
            // No connection was made, so the service never saw this attempt.
            throw;
        }
        catch
        {
            attempts.LastMayHaveApplied = true;
            throw;
        }
        using (response)
        {
            attempts.LastMayHaveApplied = true;
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            var result = new TableResponse(response.StatusCode, HeaderOf(response, "ETag"), ErrorCodeOf(response, body), body)
            {
                NextPartitionKey = HeaderOf(response, "x-ms-continuation-NextPartitionKey"),
                NextRowKey = HeaderOf(response, "x-ms-continuation-NextRowKey"),
            };
            // A definite answer other than a transient failure settles this attempt's effect.
            attempts.LastMayHaveApplied = IsTransient(response.StatusCode);
            return result;
        }
    }

    private async ValueTask<HttpRequestMessage> BuildAsync(TableRequest request, CancellationToken cancellationToken)
    {
        var message = new HttpRequestMessage(request.Method, new Uri(_endpoint + "/" + request.PathAndQuery, UriKind.Absolute));
        var headers = message.Headers;
        headers.TryAddWithoutValidation("x-ms-date", _timeProvider.GetUtcNow().ToString("R", CultureInfo.InvariantCulture));
        headers.TryAddWithoutValidation("x-ms-version", ServiceVersion);
        headers.TryAddWithoutValidation("x-ms-client-request-id", Guid.NewGuid().ToString());
        headers.TryAddWithoutValidation("DataServiceVersion", "3.0;NetFx");
        headers.TryAddWithoutValidation("MaxDataServiceVersion", "3.0;NetFx");
        headers.TryAddWithoutValidation("Accept", request.Accept);
        // ETags hold quotes and '%'; they are echoed exactly as the service gave them.
        if (request.IfMatch is not null) headers.TryAddWithoutValidation("If-Match", request.IfMatch);
        if (request.ReturnNoContent) headers.TryAddWithoutValidation("Prefer", "return-no-content");
        if (request.Body is { } body)
        {
            message.Content = new ReadOnlyMemoryContent(body);
            message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }
        try
        {
            await _authorizer.AuthorizeAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            message.Dispose();
            throw;
        }
        return message;
    }

    private static bool IsTransient(Outcome<TableResponse> outcome) =>
        outcome.Exception is HttpRequestException or TimeoutRejectedException or IOException
        || outcome.Result is { } response && IsTransient(response.Status);

    /// <summary>The statuses Azure Storage documents as retryable: the request may succeed if sent again.</summary>
    internal static bool IsTransient(HttpStatusCode status) => status is HttpStatusCode.RequestTimeout
        or HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway
        or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    private static string? HeaderOf(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    /// <summary>The service's error code, from the OData error body, else the x-ms-error-code header.</summary>
    private static string? ErrorCodeOf(HttpResponseMessage response, byte[] body)
    {
        if ((int)response.StatusCode < 400) return null;
        if (body.Length > 0 && body[0] == (byte)'{')
        {
            try
            {
                using var document = JsonDocument.Parse(body);
                if (document.RootElement.TryGetProperty("odata.error", out var error)
                    && error.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String)
                    return code.GetString();
            }
            catch (JsonException)
            {
                // Not the documented error shape; fall back to the header.
            }
        }
        return HeaderOf(response, "x-ms-error-code");
    }

    private static string FormatSeconds(TimeSpan time) => $"{time.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s";

    public void Dispose() => _http.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Azure Table request failed transiently ({Reason}); attempt {Attempt} in {DelayMs:0} ms")]
    private static partial void LogRetry(ILogger logger, int attempt, double delayMs, string reason);

    private sealed class AttemptLog
    {
        public int Count;
        public bool LastMayHaveApplied;
        public bool EarlierMayHaveApplied;
    }
}
