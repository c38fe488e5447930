using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Platform.Grains.Statistics;

/// <summary>
/// Turns a registry number into the opaque token a parent uses to count an organisation once:
/// HMAC-SHA256 under a key drawn at process start, truncated to 64 bits. Registry numbers such as
/// the NEQ are short and public, so a plain hash could be reversed by trying them all; the secret key
/// cannot be guessed and is never stored, which is fine because tokens never leave the process
/// (contributions are recomputed from the roster after a restart). 64 bits: the chance of two of
/// 100,000 organisations colliding is below 10⁻⁹.
/// </summary>
internal static class RegistryTokens
{
    private static readonly byte[] s_key = RandomNumberGenerator.GetBytes(32);

    public static ulong Of(string registryId)
    {
        Span<byte> input = stackalloc byte[Encoding.UTF8.GetMaxByteCount(registryId.Length)];
        var length = Encoding.UTF8.GetBytes(registryId, input);
        Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(s_key, input[..length], hash);
        return BinaryPrimitives.ReadUInt64LittleEndian(hash);
    }
}
