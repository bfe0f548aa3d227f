namespace RuBackup.Repository.Engine;

/// <summary>
/// Numbers every item of several disks one after another, so parallel workers share one atomic
/// counter instead of a precomputed work list (memory stays flat whatever the disk sizes).
/// </summary>
internal sealed class DiskCursor
{
    private readonly long[] _starts;
    private long _next = -1;

    public DiskCursor(IEnumerable<long> counts)
    {
        var list = counts.ToList();
        _starts = new long[list.Count + 1];
        for (var i = 0; i < list.Count; i++)
        {
            _starts[i + 1] = _starts[i] + list[i];
        }
    }

    /// <summary>Claims the next item; false when all are taken. Thread-safe.</summary>
    public bool TryNext(out int disk, out long item)
    {
        var index = Interlocked.Increment(ref _next);
        if (index >= _starts[^1])
        {
            disk = -1;
            item = -1;
            return false;
        }
        var found = Array.BinarySearch(_starts, index);
        disk = found >= 0 ? found : ~found - 1;
        // Disks with no items share their start with the next disk: move past them.
        while (index >= _starts[disk + 1])
        {
            disk++;
        }
        item = index - _starts[disk];
        return true;
    }
}
