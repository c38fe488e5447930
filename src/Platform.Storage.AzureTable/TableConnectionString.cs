namespace Platform.Storage.AzureTable;

/// <summary>
/// The parts of an Azure Storage connection string the table store needs: where the table
/// service is and the shared key that signs requests to it.
/// </summary>
internal sealed record TableConnectionString(Uri TableEndpoint, string AccountName, byte[] AccountKey)
{
    /// <summary>Azurite's well-known development account; the key is public and documented by Microsoft.</summary>
    public const string DevelopmentAccountName = "devstoreaccount1";

    public const string DevelopmentAccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public static readonly Uri DevelopmentTableEndpoint = new("http://127.0.0.1:10002/devstoreaccount1");

    /// <summary>
    /// Parses <c>key=value;…</c> pairs. Unknown keys (BlobEndpoint, QueueEndpoint, …) are ignored
    /// because one connection string usually serves every storage service of an account.
    /// Error messages never repeat the string: it holds a secret.
    /// </summary>
    public static TableConnectionString Parse(string connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new ArgumentException("The Azure Storage connection string is empty.", nameof(connectionString));

        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var segment in connectionString.Split(';'))
        {
            if (string.IsNullOrWhiteSpace(segment)) continue;
            // Split at the first '=' only: base64 account keys end with '='.
            var equals = segment.IndexOf('=');
            if (equals <= 0)
                throw new ArgumentException(
                    "The Azure Storage connection string is malformed: every part must be 'Name=value', separated by ';'.",
                    nameof(connectionString));
            var name = segment[..equals].Trim();
            var value = segment[(equals + 1)..].Trim();
            if (!settings.TryAdd(name, value))
                throw new ArgumentException($"The Azure Storage connection string sets '{name}' twice.", nameof(connectionString));
        }

        if (settings.TryGetValue("UseDevelopmentStorage", out var development))
        {
            if (!bool.TryParse(development, out var useDevelopment) || !useDevelopment)
                throw new ArgumentException("UseDevelopmentStorage must be 'true' when present.", nameof(connectionString));
            if (settings.ContainsKey("DevelopmentStorageProxyUri"))
                throw new ArgumentException("DevelopmentStorageProxyUri is not supported.", nameof(connectionString));
            return new TableConnectionString(DevelopmentTableEndpoint, DevelopmentAccountName, Convert.FromBase64String(DevelopmentAccountKey));
        }

        if (settings.ContainsKey("SharedAccessSignature"))
            throw new ArgumentException(
                "SharedAccessSignature connection strings are not supported; use AccountName and AccountKey, " +
                "or TableEndpoint with a Microsoft Entra ID credential.", nameof(connectionString));

        if (!settings.TryGetValue("AccountName", out var accountName) || accountName.Length == 0)
            throw new ArgumentException("The Azure Storage connection string has no AccountName.", nameof(connectionString));
        if (!settings.TryGetValue("AccountKey", out var accountKeyText) || accountKeyText.Length == 0)
            throw new ArgumentException(
                "The Azure Storage connection string has no AccountKey. To authenticate with Microsoft Entra ID " +
                "(managed identity), set TableEndpoint on the options instead of a connection string.", nameof(connectionString));
        byte[] accountKey;
        try
        {
            accountKey = Convert.FromBase64String(accountKeyText);
        }
        catch (FormatException)
        {
            throw new ArgumentException("The AccountKey of the Azure Storage connection string is not valid base64.", nameof(connectionString));
        }

        Uri endpoint;
        if (settings.TryGetValue("TableEndpoint", out var tableEndpoint))
        {
            endpoint = ParseEndpoint(tableEndpoint, "TableEndpoint");
        }
        else
        {
            var protocol = settings.GetValueOrDefault("DefaultEndpointsProtocol", "https").ToLowerInvariant();
            if (protocol is not ("https" or "http"))
                throw new ArgumentException($"DefaultEndpointsProtocol must be 'https' or 'http', not '{protocol}'.", nameof(connectionString));
            var suffix = settings.GetValueOrDefault("EndpointSuffix", "core.windows.net").Trim('.');
            if (suffix.Length == 0)
                throw new ArgumentException("EndpointSuffix is empty.", nameof(connectionString));
            endpoint = ParseEndpoint($"{protocol}://{accountName}.table.{suffix}", "the table endpoint built from AccountName and EndpointSuffix");
        }
        return new TableConnectionString(endpoint, accountName, accountKey);
    }

    /// <summary>An absolute http(s) endpoint without query or fragment, normalized to end without '/'.</summary>
    private static Uri ParseEndpoint(string value, string what)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri))
            throw new ArgumentException($"{what} must be an absolute http or https address.", "connectionString");
        return NormalizeEndpoint(uri, what, "connectionString");
    }

    /// <summary>Checks an endpoint is plain http(s) and drops any trailing '/', so paths can be appended.</summary>
    internal static Uri NormalizeEndpoint(Uri uri, string what, string parameterName)
    {
        if (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            throw new ArgumentException($"{what} must be an absolute http or https address.", parameterName);
        if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
            throw new ArgumentException($"{what} must not carry a query, fragment or user info (SAS tokens are not supported).", parameterName);
        return new Uri(uri.GetLeftPart(UriPartial.Path).TrimEnd('/'), UriKind.Absolute);
    }
}
