using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Platform.Runtime;

/// <summary>
/// The embedded store: one file per grain state under a data folder, laid out as
/// <c>{root}/{partition}/{grainType}/{key}~{stateName}.state</c> with every name escaped.
///
/// A write goes to a temporary file in the same folder, is flushed to disk, then atomically
/// renamed over the old file (and the folder is flushed, so the rename survives a power cut).
/// Each file starts with a header carrying the version (the ETag), the payload length and its
/// SHA-256, so a torn or partial file is detected and never read as state.
/// One process owns a data folder; ETag checks are serialized per file inside that process.
/// </summary>
public sealed class FileGrainStorage : IGrainStorage, IGrainStorageAdmin
{
    private const string Magic = "ICSTATE1";
    private const string Extension = ".state";
    private readonly GrainStateSerializer _serializer;
    private readonly SemaphoreSlim[] _locks = Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    public FileGrainStorage(string rootPath, GrainStateSerializer serializer)
    {
        RootPath = Path.GetFullPath(rootPath);
        _serializer = serializer;
        Directory.CreateDirectory(RootPath);
    }

    public string RootPath { get; }

    /// <summary>Test hook: runs after the temporary file is durable and before the rename.</summary>
    internal Action<string>? BeforeRename { get; set; }

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathOf(stateName, grainId);
        var record = await ReadRecordAsync(path).ConfigureAwait(false);
        if (record is null)
        {
            grainState.State = GrainStateSerializer.CreateEmpty<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }
        grainState.State = _serializer.Deserialize<T>(record.Value.State.Span);
        grainState.ETag = record.Value.Version.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathOf(stateName, grainId);
        var state = _serializer.Serialize(grainState.State);
        var gate = LockFor(path);
        await gate.WaitAsync().ConfigureAwait(false);
        try
        {
            var current = await CheckETagAsync(path, stateName, grainId, grainState.ETag).ConfigureAwait(false);
            var version = (current ?? 0) + 1;
            await WriteAtomicallyAsync(path, Encode(version, grainId, stateName, state)).ConfigureAwait(false);
            grainState.ETag = version.ToString(CultureInfo.InvariantCulture);
            grainState.RecordExists = true;
        }
        finally
        {
            gate.Release();
        }
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathOf(stateName, grainId);
        var gate = LockFor(path);
        await gate.WaitAsync().ConfigureAwait(false);
        try
        {
            await CheckETagAsync(path, stateName, grainId, grainState.ETag).ConfigureAwait(false);
            if (File.Exists(path))
            {
                File.Delete(path);
                FlushDirectory(Path.GetDirectoryName(path)!);
            }
            grainState.ETag = null;
            grainState.RecordExists = false;
            grainState.State = GrainStateSerializer.CreateEmpty<T>();
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<long?> CheckETagAsync(string path, string stateName, GrainId grainId, string? expected)
    {
        var record = await ReadRecordAsync(path).ConfigureAwait(false);
        var current = record?.Version.ToString(CultureInfo.InvariantCulture);
        if (current != expected)
            throw new InconsistentStateException(
                $"ETag mismatch for {grainId} ({stateName}): stored {current ?? "none"}, held {expected ?? "none"}.",
                current, expected);
        return record?.Version;
    }

    private async Task WriteAtomicallyAsync(string path, byte[] content)
    {
        var folder = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
            {
                await stream.WriteAsync(content).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }
            BeforeRename?.Invoke(temporary);
            File.Move(temporary, path, overwrite: true);
            FlushDirectory(folder);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    private static byte[] Encode(long version, GrainId grainId, string stateName, byte[] state)
    {
        var metadata = JsonSerializer.SerializeToUtf8Bytes(new FileMetadata(grainId.Type, grainId.Key, stateName));
        var payload = new byte[metadata.Length + 1 + state.Length];
        metadata.CopyTo(payload, 0);
        payload[metadata.Length] = (byte)'\n';
        state.CopyTo(payload, metadata.Length + 1);
        var header = Encoding.ASCII.GetBytes(
            $"{Magic} {version.ToString(CultureInfo.InvariantCulture)} {payload.Length.ToString(CultureInfo.InvariantCulture)} {Convert.ToHexString(SHA256.HashData(payload))}\n");
        return [.. header, .. payload];
    }

    private readonly record struct Record(long Version, FileMetadata Metadata, ReadOnlyMemory<byte> State);

    private sealed record FileMetadata(string GrainType, string Key, string StateName);

    private static async Task<Record?> ReadRecordAsync(string path)
    {
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path).ConfigureAwait(false);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
        return Decode(bytes, path);
    }

    private static Record Decode(byte[] bytes, string path)
    {
        var headerEnd = Array.IndexOf(bytes, (byte)'\n');
        if (headerEnd < 0) throw Corrupt(path, "no header");
        var header = Encoding.ASCII.GetString(bytes, 0, headerEnd).Split(' ');
        if (header.Length != 4 || header[0] != Magic
            || !long.TryParse(header[1], NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            || !int.TryParse(header[2], NumberStyles.None, CultureInfo.InvariantCulture, out var length))
            throw Corrupt(path, "unreadable header");
        var payload = bytes.AsMemory(headerEnd + 1);
        if (payload.Length != length) throw Corrupt(path, $"payload is {payload.Length} bytes, header says {length}");
        if (!string.Equals(Convert.ToHexString(SHA256.HashData(payload.Span)), header[3], StringComparison.Ordinal))
            throw Corrupt(path, "checksum mismatch");
        var metadataEnd = payload.Span.IndexOf((byte)'\n');
        if (metadataEnd < 0) throw Corrupt(path, "no metadata");
        var metadata = JsonSerializer.Deserialize<FileMetadata>(payload.Span[..metadataEnd]) ?? throw Corrupt(path, "no metadata");
        return new Record(version, metadata, payload[(metadataEnd + 1)..]);
    }

    private static CorruptStateException Corrupt(string path, string why) =>
        new($"State file {path} failed its integrity check ({why}); it is not read as state.");

    public async IAsyncEnumerable<StoredGrainState> ExportPartitionAsync(string partition, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var folder = Path.Combine(RootPath, Escape(partition));
        if (!Directory.Exists(folder)) yield break;
        var files = Directory.EnumerateFiles(folder, "*" + Extension, SearchOption.AllDirectories)
            .Where(f => !Path.GetFileName(f).StartsWith('.'))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var record = await ReadRecordAsync(file).ConfigureAwait(false);
            if (record is not { } r) continue;
            yield return new StoredGrainState(r.Metadata.GrainType, r.Metadata.Key, r.Metadata.StateName,
                r.Version.ToString(CultureInfo.InvariantCulture), Encoding.UTF8.GetString(r.State.Span));
        }
    }

    public Task<int> DeletePartitionAsync(string partition, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(RootPath, Escape(partition));
        if (!Directory.Exists(folder)) return Task.FromResult(0);
        var count = Directory.EnumerateFiles(folder, "*" + Extension, SearchOption.AllDirectories)
            .Count(f => !Path.GetFileName(f).StartsWith('.'));
        Directory.Delete(folder, recursive: true);
        FlushDirectory(RootPath);
        return Task.FromResult(count);
    }

    public Task<bool> IsReachableAsync(CancellationToken cancellationToken)
    {
        try
        {
            Directory.CreateDirectory(RootPath);
            return Task.FromResult(Directory.Exists(RootPath));
        }
        catch (IOException)
        {
            return Task.FromResult(false);
        }
        catch (UnauthorizedAccessException)
        {
            return Task.FromResult(false);
        }
    }

    internal string PathOf(string stateName, GrainId grainId)
    {
        var name = $"{Escape(grainId.Key)}~{Escape(stateName)}";
        // File names are limited to 255 bytes; long keys are hashed (the key itself is kept inside the file).
        if (name.Length > 200) name = "h-" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{grainId.Key}\n{stateName}"))).ToLowerInvariant();
        return Path.Combine(RootPath, Escape(grainId.Partition), Escape(grainId.Type), name + Extension);
    }

    /// <summary>
    /// Reversible, case-safe escaping: lower-case ASCII letters, digits and '-' stay; everything
    /// else becomes _XX per UTF-8 byte, so no name is ever '.', '..', contains '/', or differs only by case.
    /// </summary>
    internal static string Escape(string value)
    {
        if (value.Length == 0) return "_";
        var builder = new StringBuilder(value.Length + 8);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (b is >= (byte)'a' and <= (byte)'z' or >= (byte)'0' and <= (byte)'9' or (byte)'-') builder.Append((char)b);
            else builder.Append('_').Append(b.ToString("x2", CultureInfo.InvariantCulture));
        }
        return builder.ToString();
    }

    private SemaphoreSlim LockFor(string path) => _locks[(StringComparer.Ordinal.GetHashCode(path) & int.MaxValue) % _locks.Length];

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
    }

    // fsync on the folder makes a completed rename durable; only possible (and needed) on Unix.
    private static void FlushDirectory(string folder)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return;
        var fd = NativeMethods.open(folder, 0 /* O_RDONLY */);
        if (fd < 0) return;
        try
        {
            _ = NativeMethods.fsync(fd);
        }
        finally
        {
            _ = NativeMethods.close(fd);
        }
    }

    private static class NativeMethods
    {
        [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        internal static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

        [DllImport("libc", SetLastError = true)]
        internal static extern int fsync(int fd);

        [DllImport("libc", SetLastError = true)]
        internal static extern int close(int fd);
    }
}
