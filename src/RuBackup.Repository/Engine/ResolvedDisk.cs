using RuBackup.Repository.Format;
using RuBackup.Repository.Storage;

namespace RuBackup.Repository.Engine;

/// <summary>
/// The full state of one disk at one archive, after overlaying its chain: for every position either a
/// hole (zeros) or a chunk digest and the container that holds it.
/// </summary>
public sealed class ResolvedDisk
{
    private ChunkDigest[] _digests;
    private int[] _containers; // -1: hole; otherwise an index into Containers
    private readonly List<ChunkContainer> _containerList = [];

    private ResolvedDisk(string name, long size, int chunkSize)
    {
        Name = name;
        ChunkSize = chunkSize;
        Size = size;
        var count = ChunkCount(size, chunkSize);
        _digests = new ChunkDigest[count];
        _containers = new int[count];
        Array.Fill(_containers, -1);
    }

    public string Name { get; }

    public long Size { get; private set; }

    public int ChunkSize { get; }

    public long Count => _digests.LongLength;

    public IReadOnlyList<ChunkContainer> Containers => _containerList;

    public static long ChunkCount(long size, int chunkSize) => (size + chunkSize - 1) / chunkSize;

    public bool IsHole(long position) => position >= Count || _containers[position] < 0;

    public ChunkDigest DigestAt(long position) => _digests[position];

    public ChunkContainer ContainerAt(long position) => _containerList[_containers[position]];

    /// <summary>Bytes of the chunk at <paramref name="position"/> (the last one may be short).</summary>
    public int LengthAt(long position) => (int)Math.Min(ChunkSize, Size - (position * ChunkSize));

    public long DataChunks => _containers.LongCount(c => c >= 0);

    /// <summary>
    /// Resolves every disk of the last archive of <paramref name="chain"/> (full first). A disk missing
    /// from a chain member was removed there: its state restarts empty, as the writer assumed.
    /// </summary>
    public static IReadOnlyList<ResolvedDisk> Resolve(IReadOnlyList<ArchiveManifest> chain, Func<ArchiveManifest, ChunkContainer> containerOf)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(containerOf);
        var target = chain[^1];
        var result = new List<ResolvedDisk>();
        foreach (var disk in target.Disks)
        {
            ResolvedDisk? state = null;
            foreach (var archive in chain)
            {
                var member = archive.Disks.FirstOrDefault(d => d.Name == disk.Name);
                if (member is null)
                {
                    state = null;
                    continue;
                }
                state ??= new ResolvedDisk(disk.Name, member.Size, target.ChunkSize);
                state.Overlay(member, containerOf(archive));
            }
            result.Add(state!);
        }
        return result;
    }

    /// <summary>An empty disk (all holes) of the given size: the base of a full or of a new disk.</summary>
    public static ResolvedDisk Empty(string name, long size, int chunkSize) => new(name, size, chunkSize);

    private void Overlay(DiskIndex member, ChunkContainer container)
    {
        var count = ChunkCount(member.Size, ChunkSize);
        if (count != Count)
        {
            // Positions past the new end are gone; new positions start as holes.
            var oldCount = Count;
            Array.Resize(ref _digests, (int)count);
            Array.Resize(ref _containers, (int)count);
            for (var i = oldCount; i < count; i++)
            {
                _containers[i] = -1;
            }
        }
        Size = member.Size;
        var containerIndex = _containerList.IndexOf(container);
        if (containerIndex < 0)
        {
            _containerList.Add(container);
            containerIndex = _containerList.Count - 1;
        }
        foreach (var entry in member.Entries)
        {
            if (entry.Position >= count || entry.Position < 0)
            {
                throw new DamagedDataException($"disk '{member.Name}': index entry at position {entry.Position} is past the disk's {count} chunks");
            }
            if (entry.Zero)
            {
                _containers[entry.Position] = -1;
            }
            else
            {
                _digests[entry.Position] = entry.Digest;
                _containers[entry.Position] = containerIndex;
            }
        }
    }
}
