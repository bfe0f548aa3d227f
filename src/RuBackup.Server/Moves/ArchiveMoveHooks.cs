namespace RuBackup.Server.Moves;

/// <summary>
/// A seam for the ordering tests: runs after every member is copied into the target and before the
/// target is verified (a test damages the copy there). Null in production.
/// </summary>
public sealed class ArchiveMoveHooks
{
    /// <summary>Called with the target pool's name and the copied archive ids.</summary>
    public Func<string, IReadOnlyList<string>, Task>? AfterCopy { get; set; }
}
