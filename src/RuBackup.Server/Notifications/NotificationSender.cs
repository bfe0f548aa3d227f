using RuBackup.Api;
using RuBackup.Catalog;
using RuBackup.Server.Options;

namespace RuBackup.Server.Notifications;

/// <summary>
/// Delivers the outbox: takes each due pending message (an atomic claim, so two servers never send the
/// same one at once), tries it once, and records the outcome. A failed attempt is retried after a growing
/// pause (<see cref="RetryDelays"/>); after <see cref="MaxAttempts"/> the message is failed with its last
/// error. E-mail without a configured SMTP server fails at once: retrying cannot help. A server that dies
/// mid-attempt leaves the message claimed until <see cref="ClaimTime"/> has passed, then it is tried again
/// (delivery is at least once). Woken when messages are queued, and looks every
/// <see cref="ServerOptions.WorkerPollInterval"/> regardless.
/// </summary>
public sealed partial class NotificationSender(
    ICatalog catalog, NotificationDelivery delivery, OutboxSignal signal, ServerOptions options, TimeProvider time, ILogger<NotificationSender> logger) : BackgroundService
{
    public const int MaxAttempts = 8;

    /// <summary>The pause after the 1st, 2nd, ... failed attempt; the last one repeats.</summary>
    public static readonly IReadOnlyList<TimeSpan> RetryDelays =
    [
        TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30),
        TimeSpan.FromHours(1), TimeSpan.FromHours(2), TimeSpan.FromHours(4),
    ];

    /// <summary>Longer than any one attempt can take (SMTP and webhooks time out well before).</summary>
    public static readonly TimeSpan ClaimTime = TimeSpan.FromMinutes(5);

    public static TimeSpan RetryDelay(int failedAttempts) => RetryDelays[Math.Clamp(failedAttempts, 1, RetryDelays.Count) - 1];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var woken = signal.Queued.Next;
            try
            {
                await TickAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // the sender must outlive a catalog hiccup; claimed messages come due again
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogSenderFailure(logger, e);
            }
            try
            {
                await woken.WaitAsync(options.WorkerPollInterval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Tries every message due now once; returns how many it tried.</summary>
    public async Task<int> TickAsync(CancellationToken cancellationToken)
    {
        var tried = 0;
        while (await catalog.ClaimDueNotificationAsync(time.GetUtcNow(), time.GetUtcNow() + ClaimTime, cancellationToken).ConfigureAwait(false) is { } message)
        {
            tried++;
            string? error;
            try
            {
                error = await delivery.DeliverAsync(message.Channel, message.Address, message.Subject, message.Body, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw; // shutting down: the claim runs out and the message is tried again
            }
#pragma warning disable CA1031 // an unforeseen delivery fault is this message's failure, not the sender's end
            catch (Exception e)
#pragma warning restore CA1031
            {
                error = $"{e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}";
            }
            await RecordAsync(message, error, cancellationToken).ConfigureAwait(false);
        }
        return tried;
    }

    private async Task RecordAsync(NotificationInfo message, string? error, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var attempt = message.Attempts + 1;
        if (error is null)
        {
            await catalog.RecordNotificationAttemptAsync(message.Id, NotificationState.Sent, null, now, null, cancellationToken).ConfigureAwait(false);
            LogSent(logger, message.Id, message.Channel, NotifyAddress.ForLog(message.Address), attempt);
            return;
        }
        if (attempt >= MaxAttempts || error == EmailDelivery.NotConfigured)
        {
            await catalog.RecordNotificationAttemptAsync(message.Id, NotificationState.Failed, error, now, null, cancellationToken).ConfigureAwait(false);
            LogGaveUp(logger, message.Id, message.Channel, NotifyAddress.ForLog(message.Address), attempt, error);
            return;
        }
        var next = now + RetryDelay(attempt);
        await catalog.RecordNotificationAttemptAsync(message.Id, NotificationState.Pending, error, now, next, cancellationToken).ConfigureAwait(false);
        LogRetry(logger, message.Id, message.Channel, NotifyAddress.ForLog(message.Address), attempt, error, next);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "notification {Id} ({Channel}) to {Address} sent (attempt {Attempt})")]
    private static partial void LogSent(ILogger logger, long id, NotificationChannel channel, string address, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "notification {Id} ({Channel}) to {Address}: attempt {Attempt} failed: {Error}; next attempt at {Next:O}")]
    private static partial void LogRetry(ILogger logger, long id, NotificationChannel channel, string address, int attempt, string error, DateTimeOffset next);

    [LoggerMessage(Level = LogLevel.Error, Message = "notification {Id} ({Channel}) to {Address} failed for good after {Attempt} attempt(s): {Error}")]
    private static partial void LogGaveUp(ILogger logger, long id, NotificationChannel channel, string address, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "notification sender failed; retrying")]
    private static partial void LogSenderFailure(ILogger logger, Exception exception);
}
