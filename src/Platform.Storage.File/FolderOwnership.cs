using System.Globalization;
using System.Text;

namespace Platform.Storage.FileStore;

/// <summary>
/// One process owns a data folder: the ETag check and the write are serialized per file inside
/// the process only, so a second process on the same folder could let two writers both win.
/// The owner holds an exclusive lock on <c>{root}/.owner</c> (an OS file lock, released by the
/// kernel when the process dies, even by SIGKILL); a second process is refused at start.
/// Several stores in one process (two silos of a test cluster, a named and a default provider on
/// one folder) share the lease: their per-file locks are process-wide too.
/// </summary>
internal static class FolderOwnership
{
    public const string LockFileName = ".owner";

    private static readonly Dictionary<string, Holder> s_holders = new(StringComparer.Ordinal);
    private static readonly Lock s_gate = new();

    private sealed class Holder(FileStream stream)
    {
        public FileStream Stream { get; } = stream;
        public int Count { get; set; }
    }

    /// <summary>A share of the process's ownership of one folder; disposing the last share releases the lock.</summary>
    public sealed class Lease : IDisposable
    {
        private readonly string _root;
        private int _disposed;

        internal Lease(string root, bool first)
        {
            _root = root;
            IsFirstInProcess = first;
        }

        /// <summary>True when no other store of this process held the folder: nothing of this process is writing in it yet.</summary>
        public bool IsFirstInProcess { get; }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
            Release(_root);
        }
    }

    /// <summary>Takes (or shares) ownership of the folder; throws <see cref="IOException"/> when another process owns it.</summary>
    public static Lease Acquire(string root)
    {
        lock (s_gate)
        {
            if (s_holders.TryGetValue(root, out var holder))
            {
                holder.Count++;
                return new Lease(root, first: false);
            }
            Directory.CreateDirectory(root);
            var path = Path.Combine(root, LockFileName);
            FileStream stream;
            try
            {
                // FileShare.None is an exclusive advisory lock (flock) on Unix, a share-mode lock on Windows.
                stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException e)
            {
                throw new IOException(
                    $"The data folder {root} is in use by another process (it holds {path}). One process owns a data folder; stop the other one or give this one its own folder.", e);
            }
            stream.SetLength(0);
            stream.Write(Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n"));
            stream.Flush(flushToDisk: true);
            s_holders[root] = new Holder(stream) { Count = 1 };
            return new Lease(root, first: true);
        }
    }

    private static void Release(string root)
    {
        lock (s_gate)
        {
            if (!s_holders.TryGetValue(root, out var holder)) return;
            if (--holder.Count > 0) return;
            s_holders.Remove(root);
            // The file stays: deleting it after unlocking would race with the next owner opening it.
            holder.Stream.Dispose();
        }
    }
}
