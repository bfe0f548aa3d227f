namespace RuBackup.Client.Tasks;

/// <summary>How one task ended on this client.</summary>
/// <param name="Error">Null when the task succeeded.</param>
/// <param name="Refused">The server took the task back (cancelled, lost, client revoked): no finish was reported.</param>
/// <param name="Reported">The finish reached the server.</param>
public sealed record TaskOutcome(long TaskId, string? ArchiveId, string? Error, bool Refused, bool Reported)
{
    public bool Succeeded => Error is null;
}
