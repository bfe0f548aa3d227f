namespace RuBackup.Server.Notifications;

/// <summary>Until delivery is configured: every notice goes to the server log, nowhere else.</summary>
public sealed partial class LogNotifier(ILogger<LogNotifier> logger) : INotifier
{
    public Task NotifyAsync(Notice notice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notice);
        LogNotice(logger, notice.Event.ToString(), notice.Summary);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "notice ({Event}): {Summary}")]
    private static partial void LogNotice(ILogger logger, string @event, string summary);
}
