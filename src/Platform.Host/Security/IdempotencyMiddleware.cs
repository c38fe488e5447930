using System.Security.Cryptography;
using System.Text;
using Platform.Abstractions;
using Platform.Host.Errors;

namespace Platform.Host.Security;

/// <summary>
/// <c>Idempotency-Key</c> on every POST (issue 13 §5): the same caller sending the same key with
/// the same request (method, path, query, body) within 24 hours gets the first answer back — its
/// status, body and Location, marked <c>Idempotent-Replayed: true</c> — instead of running it
/// again; the same key with another request is a 422. A retry after a lost answer is thus told
/// apart from a real conflict. The records live in the caller's tenant's
/// <see cref="IIdempotencyGrain"/>, so every host sees them. Runs after the authorization policies:
/// a caller refused there never reserves a key. Answers are stored encrypted (AES-GCM) under a key
/// derived from the caller's credential and the idempotency key, so a stored answer (which may hold
/// a key shown once) is readable only by whoever sends both again.
/// </summary>
public sealed partial class IdempotencyMiddleware(RequestDelegate next, ILogger<IdempotencyMiddleware> logger)
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";

    public async Task InvokeAsync(HttpContext context, CurrentCaller caller, IGrainFactory grains)
    {
        if (!HttpMethods.IsPost(context.Request.Method) || !context.Request.Headers.TryGetValue(Header, out var values) || context.GetEndpoint() is null)
        {
            await next(context);
            return;
        }
        var key = values.ToString();
        if (values.Count != 1 || key.Length is 0 or > 255 || key.Any(c => c is < '!' or > '~'))
        {
            await ProblemAsync(context, StatusCodes.Status400BadRequest,
                "« Idempotency-Key » doit être une seule valeur de 1 à 255 caractères ASCII visibles, par exemple un UUID.",
                "'Idempotency-Key' must be one value of 1 to 255 visible ASCII characters, e.g. a UUID.");
            return;
        }
        var scope = caller.IsTenantKey ? caller.TenantId : caller.IsOperator ? "operator" : null;
        if (scope is null)
        {
            await next(context);
            return;
        }

        context.Request.EnableBuffering();
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        context.Request.Body.Position = 0;

        var actor = caller.ActorClaim ?? caller.Actor;
        var recordKey = Hash($"{actor}\n{key}");
        var fingerprint = Hash($"{context.Request.Method}\n{context.Request.Path}\n{context.Request.QueryString}\n", body.ToArray());
        var secret = SHA256.HashData(Encoding.UTF8.GetBytes($"idempotency\n{context.Request.Headers.Authorization}\n{actor}\n{key}"));
        var records = grains.GetGrain<IIdempotencyGrain>(IIdempotencyGrain.KeyOf(scope!));

        var decision = await records.BeginAsync(recordKey, fingerprint);
        switch (decision.Outcome)
        {
            case IdempotencyOutcome.Replay when Decrypt(secret, decision.Answer!.Body) is { } answer:
                context.Response.StatusCode = decision.Answer.Status;
                if (decision.Answer.ContentType is { } type) context.Response.ContentType = type;
                if (decision.Answer.Location is { } location) context.Response.Headers.Location = location;
                context.Response.Headers[ReplayedHeader] = "true";
                await context.Response.Body.WriteAsync(answer, context.RequestAborted);
                return;
            case IdempotencyOutcome.Replay or IdempotencyOutcome.Mismatch:
                await ProblemAsync(context, StatusCodes.Status422UnprocessableEntity,
                    "Cette « Idempotency-Key » a déjà servi, dans les dernières 24 heures, pour une autre requête : envoyez une nouvelle clé pour une nouvelle requête.",
                    "This Idempotency-Key was already used for a different request in the last 24 hours: send a new key for a new request.",
                    "key-reused");
                return;
            case IdempotencyOutcome.InProgress:
                context.Response.Headers.RetryAfter = "1";
                await ProblemAsync(context, StatusCodes.Status409Conflict,
                    "La première requête avec cette « Idempotency-Key » est encore en cours : réessayez dans un instant pour obtenir sa réponse.",
                    "The first request with this Idempotency-Key is still running: retry in a moment to get its answer.",
                    "in-progress");
                return;
            case IdempotencyOutcome.Unknown:
                await ProblemAsync(context, StatusCodes.Status409Conflict,
                    "La première requête avec cette « Idempotency-Key » a été interrompue avant que sa réponse soit enregistrée : on ne sait pas si elle a pris effet. Lisez la ressource pour le savoir, et utilisez une nouvelle clé pour une nouvelle tentative.",
                    "The first request with this Idempotency-Key was cut off before its answer was recorded, so whether it took effect is unknown: read the resource to find out, and use a new key for a new attempt.",
                    "outcome-unknown");
                return;
        }

        var original = context.Response.Body;
        using var captured = new MemoryStream();
        context.Response.Body = captured;
        try
        {
            await next(context);
        }
        catch
        {
            context.Response.Body = original;
            await records.ReleaseAsync(recordKey);
            throw;
        }
        context.Response.Body = original;
        var status = context.Response.StatusCode;
        try
        {
            if (status is >= 500 or StatusCodes.Status429TooManyRequests) await records.ReleaseAsync(recordKey);
            else await records.CompleteAsync(recordKey, new StoredAnswer(status, context.Response.ContentType, context.Response.Headers.Location.ToString() is { Length: > 0 } l ? l : null, Encrypt(secret, captured.ToArray())));
        }
        catch (Exception e)
        {
            // The request took effect: its answer goes to the caller even if it could not be recorded.
            LogNotRecorded(logger, context.Request.Path, e);
        }
        captured.Position = 0;
        await captured.CopyToAsync(original, context.RequestAborted);
    }

    private static string Hash(string text, byte[]? more = null)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes(text));
        if (more is not null) sha.AppendData(more);
        return Convert.ToHexString(sha.GetHashAndReset());
    }

    private static byte[] Encrypt(byte[] secret, byte[] plain)
    {
        var sealedAnswer = new byte[12 + 16 + plain.Length];
        var nonce = sealedAnswer.AsSpan(0, 12);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(secret, 16);
        aes.Encrypt(nonce, plain, sealedAnswer.AsSpan(28), sealedAnswer.AsSpan(12, 16));
        return sealedAnswer;
    }

    private static byte[]? Decrypt(byte[] secret, byte[] sealedAnswer)
    {
        if (sealedAnswer.Length < 28) return null;
        var plain = new byte[sealedAnswer.Length - 28];
        try
        {
            using var aes = new AesGcm(secret, 16);
            aes.Decrypt(sealedAnswer.AsSpan(0, 12), sealedAnswer.AsSpan(28), sealedAnswer.AsSpan(12, 16), plain);
            return plain;
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }

    private static Task ProblemAsync(HttpContext context, int status, string french, string english, string? reason = null)
    {
        context.Response.StatusCode = status;
        var french_ = ProblemLanguage.IsFrench(context);
        return TypedResults.Problem(french_ ? french : english, statusCode: status,
            title: status == StatusCodes.Status400BadRequest ? ProblemLanguage.Pick(context, "La requête n'est pas valide.", "The request is not valid.")
                : ProblemLanguage.Pick(context, "Clé d'idempotence.", "Idempotency key."),
            extensions: reason is null ? null : new Dictionary<string, object?> { ["idempotency"] = reason }).ExecuteAsync(context);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The answer to {Path} could not be recorded for its Idempotency-Key")]
    private static partial void LogNotRecorded(ILogger logger, string path, Exception exception);
}
