namespace RuBackup.Rustack.Cloud;

/// <summary>
/// Polls a resource until it reaches a status, fails (error status or gone), or the configured
/// timeout passes. Time comes from a TimeProvider so tests can run hours of waiting instantly.
/// Polling starts fast (100 ms) and doubles up to the poll interval: a transition that takes a
/// moment is seen at once, a long one is not polled harder than the interval.
/// </summary>
public sealed class StatusWaiter(TimeProvider time, TimeSpan pollInterval)
{
    public async Task<T> UntilAsync<T>(
        Func<CancellationToken, Task<T?>> read, Func<T, string> statusOf, string wanted, TimeSpan timeout, string timeoutKey,
        string step, string resource, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(statusOf);
        var start = time.GetUtcNow();
        var polls = 0;
        while (true)
        {
            var item = await read(cancellationToken).ConfigureAwait(false)
                ?? throw CloudException.For(step, resource, "disappeared while waiting for status " + wanted);
            var status = statusOf(item);
            if (string.Equals(status, wanted, StringComparison.OrdinalIgnoreCase))
            {
                return item;
            }
            if (status.StartsWith("error", StringComparison.OrdinalIgnoreCase))
            {
                throw CloudException.For(step, resource, $"the cloud set status '{status}'");
            }
            if (time.GetUtcNow() - start >= timeout)
            {
                throw CloudException.For(step, resource, $"still '{status}' after {timeout.TotalSeconds:0} s, not '{wanted}' ({timeoutKey})");
            }
            await Task.Delay(NextDelay(polls++), time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Polls until the resource is gone (404); an error status means the delete failed.</summary>
    public async Task GoneAsync<T>(Func<CancellationToken, Task<T?>> read, Func<T, string> statusOf, TimeSpan timeout, string step, string resource, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(statusOf);
        var start = time.GetUtcNow();
        var polls = 0;
        while (true)
        {
            var item = await read(cancellationToken).ConfigureAwait(false);
            if (item is null)
            {
                return;
            }
            var status = statusOf(item);
            if (status.StartsWith("error", StringComparison.OrdinalIgnoreCase))
            {
                throw CloudException.For(step, resource, $"the cloud set status '{status}'");
            }
            if (time.GetUtcNow() - start >= timeout)
            {
                throw CloudException.For(step, resource, $"still '{status}' after {timeout.TotalSeconds:0} s");
            }
            await Task.Delay(NextDelay(polls++), time, cancellationToken).ConfigureAwait(false);
        }
    }

    private TimeSpan NextDelay(int polls)
    {
        var fast = TimeSpan.FromMilliseconds(100 * (1L << Math.Min(polls, 16)));
        return fast < pollInterval ? fast : pollInterval;
    }
}
