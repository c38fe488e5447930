using System.Text.RegularExpressions;

namespace Platform.Infra.Tests;

/// <summary>Patterns of credentials that must never appear in infra/.</summary>
internal static partial class SecretScanner
{
    public static IReadOnlyList<string> Findings(string text) =>
        Rules().Where(r => r.Pattern.IsMatch(text)).Select(r => r.What).ToList();

    private static IEnumerable<(string What, Regex Pattern)> Rules()
    {
        yield return ("a connection string with AccountKey=", AccountKey());
        yield return ("a storage connection string", StorageConnectionString());
        yield return ("a SAS token or SharedAccessSignature", Sas());
        yield return ("a 64-byte base64 key (the shape of a storage account key)", Base64Key());
        yield return ("a list*() call that reads keys or credentials", ListKeys());
        yield return ("an Application Insights InstrumentationKey= literal", InstrumentationKey());
    }

    [GeneratedRegex(@"AccountKey\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex AccountKey();

    [GeneratedRegex(@"DefaultEndpointsProtocol\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex StorageConnectionString();

    [GeneratedRegex(@"SharedAccessSignature\s*=|[?&]sig=[A-Za-z0-9%]{20,}", RegexOptions.IgnoreCase)]
    private static partial Regex Sas();

    [GeneratedRegex(@"(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{86}==")]
    private static partial Regex Base64Key();

    [GeneratedRegex(@"\blist(?:Keys|AccountSas|ServiceSas|ConnectionStrings?|Credentials?|Secrets)\s*\(", RegexOptions.IgnoreCase)]
    private static partial Regex ListKeys();

    [GeneratedRegex(@"InstrumentationKey\s*=\s*[0-9a-f]{8}-", RegexOptions.IgnoreCase)]
    private static partial Regex InstrumentationKey();
}
