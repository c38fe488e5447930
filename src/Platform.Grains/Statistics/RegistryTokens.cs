using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Platform.Grains.Statistics;

/// <summary>
/// Turns a registry number into the opaque token a parent uses to count an organisation once:
/// HMAC-SHA256 truncated to 64 bits, under a key derived from the cluster's stored disclosure key
/// (<c>IDisclosureKeyGrain</c>). Registry numbers such as the NEQ are short and public, so a plain
/// hash could be reversed by trying them all; the key cannot be guessed. The key is the cluster's,
/// not one process's: two affiliates whose grains live on different silos must give the same
/// organisation the same token, or a parent would count it twice. Tokens never leave the cluster.
/// 64 bits: the chance of two of 100,000 organisations colliding is below 10⁻⁹.
/// </summary>
internal sealed class RegistryTokens(byte[] disclosureKey)
{
    private readonly byte[] _key = HMACSHA256.HashData(disclosureKey, "intercoop.registry-tokens"u8);

    public ulong Of(string registryId)
    {
        Span<byte> input = stackalloc byte[Encoding.UTF8.GetMaxByteCount(registryId.Length)];
        var length = Encoding.UTF8.GetBytes(registryId, input);
        Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, input[..length], hash);
        return BinaryPrimitives.ReadUInt64LittleEndian(hash);
    }
}
