using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans;
using Orleans.Runtime;
using Orleans.Serialization.Serializers;
using Orleans.Storage;
using Platform.Abstractions.Storage;

namespace Platform.Storage.FileStore;

/// <summary>
/// The embedded store as an Orleans grain storage provider: one file per grain state under a data
/// folder, laid out as <c>{root}/{tenant}/{grainType}/{key}~{stateName}.state</c> with every name
/// escaped (see <see cref="StateFile"/>); the tenant is <see cref="TenantKeys.TenantOf"/> the key.
///
/// A write goes to a temporary file in the same folder, is flushed to disk, then atomically
/// renamed over the old file, and the folder is flushed, so the rename survives a power cut.
/// Each file starts with a header carrying the version (the ETag), the payload length and its
/// SHA-256: a torn or altered file is refused (<see cref="CorruptStateFileException"/>), never
/// read as state. A write or clear whose ETag is not the stored version (null: nothing may be
/// stored) throws <see cref="InconsistentStateException"/> and changes nothing.
///
/// Clearing writes a tombstone (the next version, no state) instead of deleting the file, so
/// versions never go back and an ETag held from before the clear can never match again.
///
/// One process owns a data folder (an exclusive lock on <c>{root}/.owner</c>, taken on silo start);
/// inside it the ETag check and the write are serialized per file, across every store instance of
/// the process, while writes to different files run in parallel.
/// </summary>
public sealed partial class FileGrainStorage : IGrainStorage, ITenantStateStore, ILifecycleParticipant<ISiloLifecycle>
{
    // Process-wide: two silos of one process (a test cluster) on one folder share the same locks.
    private static readonly SemaphoreSlim[] s_locks = Enumerable.Range(0, 256).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    private readonly string _name;
    private readonly IGrainStorageSerializer _serializer;
    private readonly IActivatorProvider? _activators;
    private readonly ILogger _logger;
    private readonly int _initStage;
    private FolderOwnership.Lease? _lease;

    /// <param name="name">The provider name (the <c>storageName</c> of <c>[PersistentState]</c>).</param>
    /// <param name="options">Its options; <see cref="FileGrainStorageOptions.GrainStorageSerializer"/> must be set (registration fills it from DI).</param>
    /// <param name="activatorProvider">Orleans's activators, to create the empty state of a grain that has none; <see cref="Activator"/> when null.</param>
    /// <param name="logger">Where the store reports what it cleaned up on start.</param>
    public FileGrainStorage(string name, FileGrainStorageOptions options, IActivatorProvider? activatorProvider = null, ILogger<FileGrainStorage>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.RootPath))
            throw new ArgumentException($"{nameof(FileGrainStorageOptions.RootPath)} is required.", nameof(options));
        _name = name;
        _serializer = options.GrainStorageSerializer
            ?? throw new ArgumentException(
                $"No {nameof(IGrainStorageSerializer)}: set {nameof(FileGrainStorageOptions.GrainStorageSerializer)} or register one in the services.", nameof(options));
        _activators = activatorProvider;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _initStage = options.InitStage;
        RootPath = Path.GetFullPath(options.RootPath);
    }

    /// <summary>The data folder, as a full path.</summary>
    public string RootPath { get; }

    /// <summary>Test hook: runs after the temporary file is durable and before the rename.</summary>
    internal Action<string>? BeforeRename { get; set; }

    // ---------------------------------------------------------------- Orleans IGrainStorage

    /// <inheritdoc />
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var target = Target.Of(stateName, grainId, RootPath);
        using var activity = FileStorageTelemetry.StartGrainOperation("read", _name, target.GrainType, target.Tenant, stateName);
        try
        {
            var record = await ReadRecordAsync(target.Path, target).ConfigureAwait(false);
            if (record is not { IsLive: true } live)
            {
                grainState.State = CreateEmpty<T>();
                grainState.ETag = null;
                grainState.RecordExists = false;
                FileStorageTelemetry.Succeeded(activity, FileStorageTelemetry.NotFound);
                return;
            }
            grainState.State = _serializer.Deserialize<T>(new BinaryData(live.State)) ?? CreateEmpty<T>();
            grainState.ETag = ETagOf(live.Version);
            grainState.RecordExists = true;
            FileStorageTelemetry.Succeeded(activity);
        }
        catch (Exception e)
        {
            FileStorageTelemetry.Failed(activity, e);
            throw;
        }
    }

    /// <inheritdoc />
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var target = Target.Of(stateName, grainId, RootPath);
        using var activity = FileStorageTelemetry.StartGrainOperation("write", _name, target.GrainType, target.Tenant, stateName);
        try
        {
            // Serialized before taking the lock: only the check and the write are serialized.
            var state = _serializer.Serialize(grainState.State).ToMemory();
            var gate = LockFor(target.Path);
            await gate.WaitAsync().ConfigureAwait(false);
            try
            {
                var current = await CheckETagAsync(target, grainState.ETag).ConfigureAwait(false);
                var version = (current?.Version ?? 0) + 1;
                await WriteAtomicallyAsync(target.Path, StateFile.Encode(version, target.Metadata(cleared: false), state.Span)).ConfigureAwait(false);
                grainState.ETag = ETagOf(version);
                grainState.RecordExists = true;
            }
            finally
            {
                gate.Release();
            }
            FileStorageTelemetry.Succeeded(activity);
        }
        catch (Exception e)
        {
            FileStorageTelemetry.Failed(activity, e);
            throw;
        }
    }

    /// <inheritdoc />
    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var target = Target.Of(stateName, grainId, RootPath);
        using var activity = FileStorageTelemetry.StartGrainOperation("clear", _name, target.GrainType, target.Tenant, stateName);
        try
        {
            var gate = LockFor(target.Path);
            await gate.WaitAsync().ConfigureAwait(false);
            try
            {
                var current = await CheckETagAsync(target, grainState.ETag).ConfigureAwait(false);
                if (current is { IsLive: true } live)
                    await WriteAtomicallyAsync(target.Path, StateFile.Encode(live.Version + 1, target.Metadata(cleared: true), [])).ConfigureAwait(false);
            }
            finally
            {
                gate.Release();
            }
            grainState.ETag = null;
            grainState.RecordExists = false;
            grainState.State = CreateEmpty<T>();
            FileStorageTelemetry.Succeeded(activity);
        }
        catch (Exception e)
        {
            FileStorageTelemetry.Failed(activity, e);
            throw;
        }
    }

    /// <summary>The stored record when the held ETag is its version (or null and nothing live is stored); otherwise throws.</summary>
    private static async Task<StateRecord?> CheckETagAsync(Target target, string? held)
    {
        var record = await ReadRecordAsync(target.Path, target).ConfigureAwait(false);
        var stored = record is { IsLive: true } live ? ETagOf(live.Version) : null;
        if (!string.Equals(stored, held, StringComparison.Ordinal))
            throw new InconsistentStateException(
                $"ETag mismatch for {target.GrainType}/{target.Key} ({target.StateName}): stored {stored ?? "none"}, held {held ?? "none"}.",
                stored, held);
        return record;
    }

    // ---------------------------------------------------------------- ITenantStateStore

    /// <inheritdoc />
    public async IAsyncEnumerable<StoredGrainState> ExportTenantAsync(string tenantId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var folder = TenantFolder(tenantId);
        using var activity = FileStorageTelemetry.StartTenantOperation("export", _name, tenantId);
        var count = 0;
        if (Directory.Exists(folder))
        {
            var files = Directory.EnumerateFiles(folder, "*" + StateFile.Extension, SearchOption.AllDirectories)
                .Where(StateFile.IsStateFile)
                .Order(StringComparer.Ordinal)
                .ToList();
            foreach (var file in files)
            {
                cancellationToken.ThrowIfCancellationRequested();
                StoredGrainState? exported;
                try
                {
                    exported = await ExportOneAsync(file, tenantId).ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    FileStorageTelemetry.Failed(activity, e);
                    throw;
                }
                if (exported is null) continue;
                count++;
                yield return exported;
            }
        }
        activity?.SetTag(FileStorageTelemetry.CountTag, count);
        FileStorageTelemetry.Succeeded(activity);
    }

    private static async Task<StoredGrainState?> ExportOneAsync(string file, string tenantId)
    {
        // No lock: a rename is atomic, so this reads the old version or the new one, never a mix.
        var record = await ReadRecordAsync(file, expected: null).ConfigureAwait(false);
        // Gone since listed, a tombstone, or (only by hand) another tenant's state in this folder.
        if (record is not { IsLive: true } live || !TenantKeys.BelongsTo(live.Metadata.Key, tenantId)) return null;
        return new StoredGrainState(live.Metadata.GrainType, live.Metadata.Key, live.Metadata.StateName, ETagOf(live.Version), JsonText(live.State, file));
    }

    /// <inheritdoc />
    public async Task<int> DeleteTenantAsync(string tenantId, CancellationToken cancellationToken)
    {
        var folder = TenantFolder(tenantId);
        using var activity = FileStorageTelemetry.StartTenantOperation("delete-tenant", _name, tenantId);
        try
        {
            var removed = 0;
            if (Directory.Exists(folder))
            {
                foreach (var typeFolder in Directory.EnumerateDirectories(folder).ToList())
                {
                    foreach (var file in Directory.EnumerateFiles(typeFolder, "*", SearchOption.AllDirectories).ToList())
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        if (StateFile.IsStateFile(file)) removed += await DeleteStateFileAsync(file).ConfigureAwait(false);
                        else if (StateFile.IsTemporaryFile(file)) TryDelete(file);
                    }
                    FlushDirectory(typeFolder);
                    TryDeleteEmptyFolder(typeFolder);
                }
                TryDeleteEmptyFolder(folder);
                FlushDirectory(RootPath);
            }
            activity?.SetTag(FileStorageTelemetry.CountTag, removed);
            FileStorageTelemetry.Succeeded(activity);
            return removed;
        }
        catch (Exception e)
        {
            FileStorageTelemetry.Failed(activity, e);
            throw;
        }
    }

    /// <summary>Deletes one state file under its lock; 1 when it held a state (live or unreadable), 0 for a tombstone or a file already gone.</summary>
    private static async Task<int> DeleteStateFileAsync(string file)
    {
        var gate = LockFor(file);
        await gate.WaitAsync().ConfigureAwait(false);
        try
        {
            int held;
            try
            {
                held = await ReadRecordAsync(file, expected: null).ConfigureAwait(false) switch
                {
                    null => 0,
                    { IsLive: true } => 1,
                    _ => 0,
                };
            }
            catch (CorruptStateFileException)
            {
                held = 1;
            }
            System.IO.File.Delete(file);
            return held;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <inheritdoc />
    public Task<bool> IsReachableAsync(CancellationToken cancellationToken)
    {
        var probe = Path.Combine(RootPath, $".probe-{Guid.NewGuid():N}{StateFile.TemporaryExtension}");
        try
        {
            Directory.CreateDirectory(RootPath);
            using (var stream = new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.WriteByte(0);
                stream.Flush(flushToDisk: true);
            }
            System.IO.File.Delete(probe);
            return Task.FromResult(true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(probe);
            return Task.FromResult(false);
        }
    }

    private string TenantFolder(string tenantId)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        if (tenantId.Contains('/', StringComparison.Ordinal))
            throw new ArgumentException($"'{tenantId}' is not a tenant id: a tenant id holds no '/'.", nameof(tenantId));
        return Path.Combine(RootPath, StateFile.FolderName(tenantId));
    }

    /// <summary>The stored bytes as JSON text; the store exports JSON, so it needs a JSON serializer.</summary>
    private static string JsonText(ReadOnlyMemory<byte> state, string file)
    {
        try
        {
            var reader = new Utf8JsonReader(state.Span);
            while (reader.Read())
            {
            }
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException(
                $"State file {file} does not hold JSON. Tenant export hands states out as JSON, so the file store needs a JSON {nameof(IGrainStorageSerializer)}.", e);
        }
        return Encoding.UTF8.GetString(state.Span);
    }

    // ---------------------------------------------------------------- lifecycle

    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe($"{nameof(FileGrainStorage)}-{_name}", _initStage, OnStartAsync, OnStopAsync);

    /// <summary>
    /// Creates the data folder and takes ownership of it. The first store of the process to take
    /// it removes the temporary files a crash left (nothing of this process is writing yet).
    /// </summary>
    internal Task OnStartAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(RootPath);
        var lease = FolderOwnership.Acquire(RootPath);
        if (Interlocked.CompareExchange(ref _lease, lease, null) is not null)
        {
            lease.Dispose();
            return Task.CompletedTask;
        }
        if (lease.IsFirstInProcess)
        {
            var removed = RemoveLeftoverTemporaryFiles(cancellationToken);
            if (removed > 0) LogLeftoversRemoved(_logger, removed, RootPath);
        }
        return Task.CompletedTask;
    }

    internal Task OnStopAsync(CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _lease, null)?.Dispose();
        return Task.CompletedTask;
    }

    internal int RemoveLeftoverTemporaryFiles(CancellationToken cancellationToken)
    {
        var removed = 0;
        foreach (var file in Directory.EnumerateFiles(RootPath, "*" + StateFile.TemporaryExtension, SearchOption.AllDirectories))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!StateFile.IsTemporaryFile(file)) continue;
            if (TryDelete(file)) removed++;
        }
        return removed;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Count} temporary files left by an interrupted write in {Root}; the states they were replacing are intact.")]
    private static partial void LogLeftoversRemoved(ILogger logger, int count, string root);

    // ---------------------------------------------------------------- files

    /// <summary>Where one grain state lives, and what its file must say about itself.</summary>
    private readonly record struct Target(string GrainType, string Key, string Tenant, string StateName, string Path)
    {
        public static Target Of(string stateName, GrainId grainId, string root)
        {
            var grainType = grainId.Type.ToString()!;
            var key = grainId.Key.ToString()!;
            var tenant = TenantKeys.TenantOf(key);
            return new Target(grainType, key, tenant, stateName,
                System.IO.Path.Combine(root, StateFile.RelativePathOf(tenant, grainType, key, stateName)));
        }

        public StateFileMetadata Metadata(bool cleared) => new(GrainType, Key, StateName, cleared);
    }

    internal string PathOf(string stateName, GrainId grainId) => Target.Of(stateName, grainId, RootPath).Path;

    private static async Task<StateRecord?> ReadRecordAsync(string path, Target? expected)
    {
        byte[] bytes;
        try
        {
            bytes = await System.IO.File.ReadAllBytesAsync(path).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        var record = StateFile.Decode(bytes, path);
        if (expected is { } t && (record.Metadata.GrainType != t.GrainType || record.Metadata.Key != t.Key || record.Metadata.StateName != t.StateName))
            throw new CorruptStateFileException(path,
                $"it holds the state of {record.Metadata.GrainType}/{record.Metadata.Key} ({record.Metadata.StateName})");
        return record;
    }

    private async Task WriteAtomicallyAsync(string path, byte[] content)
    {
        var folder = Path.GetDirectoryName(path)!;
        if (!Directory.Exists(folder))
        {
            Directory.CreateDirectory(folder);
            // New folders are entries of their parents: make them durable before the file they hold.
            FlushDirectory(Path.GetDirectoryName(folder)!);
            FlushDirectory(Path.GetDirectoryName(Path.GetDirectoryName(folder)!)!);
        }
        var temporary = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}{StateFile.TemporaryExtension}");
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
            {
                await stream.WriteAsync(content).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }
            BeforeRename?.Invoke(temporary);
            System.IO.File.Move(temporary, path, overwrite: true);
            FlushDirectory(folder);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    private T CreateEmpty<T>()
    {
        if (_activators is not null) return _activators.GetActivator<T>().Create();
        return typeof(T).IsValueType ? default! : Activator.CreateInstance<T>();
    }

    private static string ETagOf(long version) => version.ToString(CultureInfo.InvariantCulture);

    private static SemaphoreSlim LockFor(string path) =>
        s_locks[(uint)string.GetHashCode(path, StringComparison.Ordinal) % (uint)s_locks.Length];

    private static bool TryDelete(string path)
    {
        try
        {
            System.IO.File.Delete(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static void TryDeleteEmptyFolder(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not empty: a state written after its file was deleted stays, as any later write would.
        }
    }

    // fsync on the folder makes a completed rename or delete durable; only possible (and needed) on Unix.
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
