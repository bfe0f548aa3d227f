using RuBackup.Server.Options;

namespace RuBackup.Server.Strategies;

/// <summary>
/// Expands every strategy every <see cref="ServerOptions.ScheduleInterval"/>: catches what a failed
/// expansion after a report missed, a client authorized or moved into a group after it reported, and
/// rules left pointing at a deleted strategy by a crash.
/// </summary>
public sealed partial class StrategyTimer(StrategyExpander expander, ServerOptions options, TimeProvider time, ILogger<StrategyTimer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await expander.TickAsync(stoppingToken).ConfigureAwait(false);
                await Task.Delay(options.ScheduleInterval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // the timer must outlive a catalog hiccup; the next tick retries
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogTickFailed(logger, e);
                await Task.Delay(options.ScheduleInterval, time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "expanding the strategies failed; retrying after the schedule interval")]
    private static partial void LogTickFailed(ILogger logger, Exception exception);
}
