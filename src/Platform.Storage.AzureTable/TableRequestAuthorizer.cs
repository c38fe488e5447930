using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Azure.Core;

namespace Platform.Storage.AzureTable;

/// <summary>Adds the Authorization header to a request whose x-ms-date and Content-Type are already set.</summary>
internal abstract class TableRequestAuthorizer
{
    public abstract ValueTask AuthorizeAsync(HttpRequestMessage request, CancellationToken cancellationToken);
}

/// <summary>
/// Shared Key for the Table service: HMAC-SHA256 over
/// <c>VERB\nContent-MD5\nContent-Type\nDate\nCanonicalizedResource</c>, where Date is the x-ms-date value
/// and the canonicalized resource is <c>/{account}{encoded path}</c> (plus <c>?comp=…</c>, which this
/// store never uses). With a path-style endpoint such as Azurite's the path already starts with the
/// account, so the account appears twice: <c>/devstoreaccount1/devstoreaccount1/Tables</c>.
/// </summary>
internal sealed class SharedKeyAuthorizer(string accountName, byte[] accountKey) : TableRequestAuthorizer
{
    public override ValueTask AuthorizeAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var signature = Sign(StringToSign(request));
        request.Headers.Authorization = new AuthenticationHeaderValue("SharedKey", $"{accountName}:{signature}");
        return ValueTask.CompletedTask;
    }

    internal string StringToSign(HttpRequestMessage request)
    {
        var contentMd5 = request.Content?.Headers.ContentMD5 is { } md5 ? Convert.ToBase64String(md5) : "";
        var contentType = request.Content?.Headers.ContentType?.ToString() ?? "";
        var date = request.Headers.TryGetValues("x-ms-date", out var dates) ? dates.First() : "";
        var uri = request.RequestUri ?? throw new InvalidOperationException("The request has no address.");
        // AbsolutePath is the path as sent on the wire (still percent-encoded), which is what the service signs.
        return string.Create(CultureInfo.InvariantCulture,
            $"{request.Method.Method}\n{contentMd5}\n{contentType}\n{date}\n/{accountName}{uri.AbsolutePath}{CompOf(uri)}");
    }

    internal string Sign(string stringToSign) =>
        Convert.ToBase64String(HMACSHA256.HashData(accountKey, Encoding.UTF8.GetBytes(stringToSign)));

    // Only the comp parameter takes part in the Table service's canonicalized resource.
    private static string CompOf(Uri uri)
    {
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            if (pair.StartsWith("comp=", StringComparison.OrdinalIgnoreCase))
                return "?comp=" + Uri.UnescapeDataString(pair["comp=".Length..]);
        }
        return "";
    }
}

/// <summary>
/// Microsoft Entra ID: a bearer token for Azure Storage from a <see cref="TokenCredential"/> (a managed
/// identity in production). Tokens are cached and renewed a few minutes before they expire, so a
/// request never waits on the identity endpoint except around renewal.
/// </summary>
internal sealed class BearerTokenAuthorizer(TokenCredential credential, TimeProvider timeProvider) : TableRequestAuthorizer
{
    private static readonly TokenRequestContext s_storageScope = new(["https://storage.azure.com/.default"]);
    private static readonly TimeSpan s_renewBeforeExpiry = TimeSpan.FromMinutes(5);
    private readonly SemaphoreSlim _renewal = new(1, 1);

    // A reference, not the AccessToken struct, so the lock-free read on the hot path never sees a torn value.
    private volatile CachedToken? _token;

    private sealed record CachedToken(string Value, DateTimeOffset RenewAt);

    public override async ValueTask AuthorizeAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var token = await GetTokenAsync(cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    private async ValueTask<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        if (_token is { } cached && timeProvider.GetUtcNow() < cached.RenewAt) return cached.Value;
        await _renewal.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_token is { } renewed && timeProvider.GetUtcNow() < renewed.RenewAt) return renewed.Value;
            var token = await credential.GetTokenAsync(s_storageScope, cancellationToken).ConfigureAwait(false);
            // Renew when the credential suggests, else a little before expiry; a token valid for less than
            // that margin is used once and renewed on the next request.
            var renewAt = token.RefreshOn ?? token.ExpiresOn - s_renewBeforeExpiry;
            _token = new CachedToken(token.Token, renewAt);
            return token.Token;
        }
        finally
        {
            _renewal.Release();
        }
    }
}
