using RuBackup.RustackSim.Model;

namespace RuBackup.RustackSim.Services;

/// <summary>How an injected fault changes the status a transition ends in (docs/rustack-sim.md).</summary>
public static class Pending
{
    /// <summary>stuck = no target (the mover never applies it); error = the error status; else the normal one.</summary>
    public static PendingChange Create(string kind, DateTimeOffset due, FaultMode? fault, string? normal, string error, string? serverId = null, string? attachmentId = null) => new()
    {
        Kind = kind,
        Target = fault switch
        {
            FaultMode.Stuck => null,
            FaultMode.Error => error,
            _ => normal ?? "",
        },
        DueAt = fault == FaultMode.Stuck ? DateTimeOffset.MaxValue : due,
        ServerId = serverId,
        AttachmentId = attachmentId,
    };
}
