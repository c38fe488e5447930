using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace Platform.Web.Tests;

/// <summary>
/// A browser-like HTTP session without a browser: keeps cookies by hand (the session cookie is
/// Secure, which HttpClient's container would never send over http), follows no redirect, and
/// posts forms the way the pages do (antiforgery field and Blazor's form name).
/// </summary>
public sealed partial class Session(Uri baseAddress) : IDisposable
{
    private readonly HttpClient _client = new(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = baseAddress };
    private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);

    public List<string> SetCookieHeaders { get; } = [];

    public async Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> GetAsync(string path, string? bearer = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (bearer is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return await SendAsync(request);
    }

    /// <summary>Posts a page's form: reads the page first for its antiforgery token unless <paramref name="withToken"/> is false.</summary>
    public async Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> PostFormAsync(string path, string handler, IDictionary<string, string> fields, bool withToken = true)
    {
        var values = new Dictionary<string, string>(fields) { ["_handler"] = handler };
        if (withToken)
        {
            var (_, page, _) = await GetAsync(path);
            values["__RequestVerificationToken"] = TokenPattern().Match(page).Groups[1].Value;
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(values) };
        return await SendAsync(request);
    }

    private async Task<(HttpStatusCode, string, HttpResponseMessage)> SendAsync(HttpRequestMessage request)
    {
        if (_cookies.Count > 0) request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
        var response = await _client.SendAsync(request);
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            foreach (var header in setCookies)
            {
                SetCookieHeaders.Add(header);
                var pair = header.Split(';')[0];
                var eq = pair.IndexOf('=');
                var (name, value) = (pair[..eq], pair[(eq + 1)..]);
                if (value.Length == 0 || header.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase)) _cookies.Remove(name);
                else _cookies[name] = value;
            }
        }
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    public void Dispose() => _client.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
