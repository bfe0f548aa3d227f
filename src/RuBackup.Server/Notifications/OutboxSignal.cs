using RuBackup.Server.Tasks;

namespace RuBackup.Server.Notifications;

/// <summary>Wakes the sender when messages were queued, so a notice leaves at once rather than at the next poll.</summary>
public sealed class OutboxSignal
{
    public TaskSignal Queued { get; } = new();
}
