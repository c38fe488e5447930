using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Platform.Abstractions;

namespace Platform.Host.Errors;

/// <summary>
/// Turns what escapes an endpoint into problem+json. Domain errors and bad requests are 4xx with
/// the grain's own message; a store outage is 503 with Retry-After; anything else is a 500 and a bug.
/// </summary>
public sealed partial class PlatformExceptionHandler(IProblemDetailsService problems, ILogger<PlatformExceptionHandler> logger) : IExceptionHandler
{
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail, errors) = Classify(exception);
        if (exception is BadHttpRequestException { StatusCode: not 413 } or JsonException)
        {
            // The framework's own messages name .NET types and are English only: say which field is
            // wrong and what it should be, in the caller's language.
            var field = exception is BadHttpRequestException bad ? BadRequestDescriber.Describe(http, bad) : BadRequestDescriber.Describe(http, (JsonException)exception);
            status = field.Status;
            detail = ProblemLanguage.Pick(http, field.French, field.English);
            title = ProblemLanguage.Pick(http, "La requête n'est pas valide.", "The request is not valid.");
            errors = field.Field is null ? null : new Dictionary<string, string[]> { [field.Field] = [detail] };
        }
        if (status >= 500 && status != StatusCodes.Status503ServiceUnavailable) LogUnexpected(logger, http.Request.Path, exception);
        if (status == StatusCodes.Status503ServiceUnavailable) http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);

        http.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        if (errors is not null) problem.Extensions["errors"] = errors;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    internal static (int Status, string Title, string Detail, IReadOnlyDictionary<string, string[]>? Errors) Classify(Exception exception) =>
        exception switch
        {
            ValidationFailedException v => (400, "The request is not valid.", v.Message, v.Errors.Count > 0 ? v.Errors : null),
            NotFoundException n => (404, "Not found.", n.Message, null),
            ConflictException c => (409, "Conflict.", c.Message, null),
            AccessDeniedException a => (403, "Not allowed.", a.Message, null),
            Orleans.Storage.InconsistentStateException => (409, "Conflict.", "The object was changed by another request at the same time; read it again and retry.", null),
            Platform.Storage.AzureTable.GrainStateTooLargeException => (409, "Too large.", "This record has grown past what one stored object may hold; nothing was changed.", null),
            BadHttpRequestException { StatusCode: 413 } => (413, "Request body too large.", "Request bodies are limited to 1 MiB.", null),
            BadHttpRequestException b => (b.StatusCode, "The request is not valid.", "The request is not valid.", null),
            JsonException => (400, "The request is not valid.", "The JSON body could not be read.", null),
            _ when IsStoreUnreachable(exception) => (503, "Storage unavailable.", "The data store cannot be reached right now; nothing was changed. Retry shortly.", null),
            TimeoutException => (503, "Busy.", "The request took too long and was abandoned; retry shortly.", null),
            _ when IsClusterInTransition(exception) => (503, "Busy.", "The service is moving this data between servers; retry shortly.", null),
            _ => (500, "Unexpected error.", "An unexpected error occurred; it has been logged.", null),
        };

    /// <summary>
    /// The store did not answer (Azure Table unreachable, timed out or throttling after the
    /// client's retries), wherever Orleans wrapped it. The grain that saw it deactivated itself, so
    /// a retry reads what is really stored.
    /// </summary>
    private static bool IsStoreUnreachable(Exception exception) =>
        AnyInChain(exception, e => e is Platform.Storage.AzureTable.StoreUnavailableException
            or Azure.RequestFailedException { Status: 0 or 408 or 429 or >= 500 } or HttpRequestException or System.Net.Sockets.SocketException);

    /// <summary>
    /// A silo of the cluster died or is leaving, and the grain has not re-activated elsewhere yet
    /// (a few seconds at most): the call was not delivered or its answer was lost, so retrying is right.
    /// </summary>
    private static bool IsClusterInTransition(Exception exception) =>
        AnyInChain(exception, e => e is OrleansMessageRejectionException or GatewayTooBusyException
            or Orleans.Runtime.Messaging.ConnectionFailedException or Orleans.Networking.Shared.SocketConnectionException);

    /// <summary>The exception or one it wraps, however deep Orleans and the Azure client nested it.</summary>
    private static bool AnyInChain(Exception exception, Func<Exception, bool> matches)
    {
        for (var e = exception; e is not null; e = e.InnerException)
            if (matches(e)) return true;
        return false;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception on {Path}")]
    private static partial void LogUnexpected(ILogger logger, string path, Exception exception);
}

/// <summary>
/// The last word on every problem answer: a detail or an error that still names a .NET type
/// (a grain's message quoting one, a framework message not rewritten above) has it replaced, so no
/// answer discloses the platform's internals.
/// </summary>
public static partial class ProblemScrubber
{
    public static void Scrub(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        problem.Detail = Clean(problem.Detail);
        problem.Title = Clean(problem.Title);
        if (problem.Extensions.TryGetValue("errors", out var errors) && errors is IReadOnlyDictionary<string, string[]> fields)
            problem.Extensions["errors"] = fields.ToDictionary(f => f.Key, f => f.Value.Select(v => Clean(v)!).ToArray());
    }

    public static string? Clean(string? text) => text is null ? null : TypeName().Replace(text, "a value");

    [System.Text.RegularExpressions.GeneratedRegex(@"\b(?:Platform|System|Microsoft|Orleans)\.[A-Za-z0-9_.`+\[\]]+", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex TypeName();
}
