namespace RuBackup.Client.Tasks;

/// <summary>
/// Keeps the latest progress and lets it out at most once per interval; a value equal to the last one
/// let out is not repeated. The final value is taken with <see cref="TakeFinal"/> whatever the time.
/// </summary>
public sealed class ProgressThrottle(TimeSpan interval, TimeProvider time)
{
    private readonly Lock _gate = new();
    private (long Done, long Total)? _latest;
    private (long Done, long Total)? _sent;
    private DateTimeOffset _sentAt = DateTimeOffset.MinValue;

    public void Update(long done, long total)
    {
        lock (_gate)
        {
            _latest = (done, total);
        }
    }

    /// <summary>The value to send now, or null (nothing new, or too soon).</summary>
    public (long Done, long Total)? TakeDue()
    {
        lock (_gate)
        {
            if (_latest is null || _latest == _sent || time.GetUtcNow() - _sentAt < interval)
            {
                return null;
            }
            return _latest;
        }
    }

    /// <summary>The value not yet sent, if any, regardless of the interval.</summary>
    public (long Done, long Total)? TakeFinal()
    {
        lock (_gate)
        {
            return _latest == _sent ? null : _latest;
        }
    }

    /// <summary>Records that <paramref name="value"/> reached the server.</summary>
    public void MarkSent((long Done, long Total) value)
    {
        lock (_gate)
        {
            _sent = value;
            _sentAt = time.GetUtcNow();
        }
    }
}
