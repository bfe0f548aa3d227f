namespace RuBackup.Server.Hosting;

/// <summary>
/// Something the server does again and again (schedule, moves, gc, leases, strategies): the part says
/// what one round does and how often; <see cref="PeriodicRunner{TWork}"/> keeps it going.
/// </summary>
public interface IPeriodicWork
{
    /// <summary>Names the work in the log line of a failed round.</summary>
    string Name { get; }

    TimeSpan Period { get; }

    /// <summary>One round; tests call the part's own TickAsync instead, after moving a fake clock.</summary>
    Task RunOnceAsync(CancellationToken cancellationToken);
}

/// <summary>
/// Runs one <typeparamref name="TWork"/>: a round at start, so what a stopped server missed happens at
/// once, then one every <see cref="IPeriodicWork.Period"/> on the server's clock. A failed round is
/// logged and the next one retries it: every part reads its state from the catalog, so a round after a
/// failure (or a restart) continues where the last one stopped.
/// </summary>
public sealed class PeriodicRunner<TWork>(TWork work, TimeProvider time, ILogger<PeriodicRunner<TWork>> logger) : BackgroundService
    where TWork : IPeriodicWork
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await work.RunOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // periodic work must outlive a catalog hiccup: the next round retries
            catch (Exception e)
#pragma warning restore CA1031
            {
                PeriodicLog.RoundFailed(logger, work.Name, e);
            }
            try
            {
                await Task.Delay(work.Period, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}

internal static partial class PeriodicLog
{
    [LoggerMessage(Level = LogLevel.Error, Message = "{Work}: the round failed; the next one retries")]
    public static partial void RoundFailed(ILogger logger, string work, Exception exception);
}

public static class PeriodicWorkRegistration
{
    /// <summary>Registers the work as a singleton (tests tick it directly) and its runner as a hosted service.</summary>
    public static IServiceCollection AddPeriodicWork<TWork>(this IServiceCollection services)
        where TWork : class, IPeriodicWork
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<TWork>();
        services.AddHostedService<PeriodicRunner<TWork>>();
        return services;
    }
}
