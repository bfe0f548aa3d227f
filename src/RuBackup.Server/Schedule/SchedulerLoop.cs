using RuBackup.Server.Options;

namespace RuBackup.Server.Schedule;

/// <summary>
/// Ticks the <see cref="Scheduler"/> at start (so runs missed while the server was down are made at
/// once) and then every <see cref="ServerOptions.ScheduleInterval"/>, on the server's clock.
/// </summary>
public sealed partial class SchedulerLoop(Scheduler scheduler, ServerOptions options, TimeProvider time, ILogger<SchedulerLoop> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await scheduler.TickAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // the schedule must outlive a catalog hiccup: the next tick retries everything
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogTickFailed(logger, e);
            }
            try
            {
                await Task.Delay(options.ScheduleInterval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "schedule tick failed; the next one retries")]
    private static partial void LogTickFailed(ILogger logger, Exception exception);
}
