namespace RuBackup.Rustack.Cloud;

/// <summary>
/// Polls a resource until it reaches a status, fails (error status or gone), or the configured
/// timeout passes. Time comes from a TimeProvider so tests can run hours of waiting instantly.
/// </summary>
public sealed class StatusWaiter(TimeProvider time, TimeSpan pollInterval)
{
    /// <summary>
    /// The n-th pause: starts at a sixteenth of the poll interval and doubles up to it, so quick
    /// transitions (most attaches, small snapshots) are seen in a fraction of a second while long
    /// waits still poll at the configured pace.
    /// </summary>
    private TimeSpan Pause(int attempt) => TimeSpan.FromTicks(Math.Min(pollInterval.Ticks, (pollInterval.Ticks / 16) << Math.Min(attempt, 4)));

    public async Task<T> UntilAsync<T>(
        Func<CancellationToken, Task<T?>> read, Func<T, string> statusOf, string wanted, TimeSpan timeout, string timeoutKey,
        string step, string resource, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(statusOf);
        var start = time.GetUtcNow();
        for (var attempt = 0; ; attempt++)
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
            await Task.Delay(Pause(attempt), time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Polls until the resource is gone (404); an error status means the delete failed.</summary>
    public async Task GoneAsync<T>(Func<CancellationToken, Task<T?>> read, Func<T, string> statusOf, TimeSpan timeout, string step, string resource, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(statusOf);
        var start = time.GetUtcNow();
        for (var attempt = 0; ; attempt++)
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
            await Task.Delay(Pause(attempt), time, cancellationToken).ConfigureAwait(false);
        }
    }
}
