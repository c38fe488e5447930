using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Platform.Host.Configuration;

namespace Platform.Host.Security;

/// <summary>
/// The operator key: from configuration when set; otherwise, on the embedded file store, generated
/// at first start, printed once, and only its hash kept in the data folder. Memory stores get a
/// fresh one each start (nothing survives them anyway).
/// </summary>
public sealed class OperatorCredential
{
    private const string HashFileName = ".operator-key.sha256";
    private readonly byte[] _hash;

    public OperatorCredential(IOptions<PlatformOptions> options)
    {
        var platform = options.Value;
        if (!string.IsNullOrWhiteSpace(platform.OperatorKey))
        {
            _hash = Hash(platform.OperatorKey);
            return;
        }

        var hashFile = platform.Storage.Provider == StorageProvider.File
            ? Path.Combine(Path.GetFullPath(platform.Storage.Path), HashFileName)
            : null;
        if (hashFile is not null && File.Exists(hashFile))
        {
            _hash = Convert.FromHexString(File.ReadAllText(hashFile).Trim());
            return;
        }

        if (platform.Storage.Provider == StorageProvider.AzureTable)
            throw new InvalidOperationException("Platform:OperatorKey must be set when the store is Azure Table storage.");

        GeneratedKey = "ick_operator." + System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        _hash = Hash(GeneratedKey);
        if (hashFile is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(hashFile)!);
            File.WriteAllText(hashFile, Convert.ToHexString(_hash));
        }
    }

    /// <summary>The key generated at this start, to print once; null when it came from configuration or was printed before.</summary>
    public string? GeneratedKey { get; }

    public bool Matches(string presented) => CryptographicOperations.FixedTimeEquals(Hash(presented), _hash);

    private static byte[] Hash(string value) => SHA256.HashData(Encoding.UTF8.GetBytes(value));
}
