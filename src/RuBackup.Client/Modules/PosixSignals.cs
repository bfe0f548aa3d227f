using System.Runtime.InteropServices;

namespace RuBackup.Client.Modules;

/// <summary>
/// kill(2) with SIGTERM: the module cancels and removes what it created in the cloud, as on Ctrl-C.
/// Not SIGINT: a child inherits an ignored SIGINT (a daemon started from a script in the background
/// has one), and an ignored signal cannot be caught again; SIGTERM is ignored by nothing of the kind.
/// </summary>
internal static partial class PosixSignals
{
    private const int Sigterm = 15;

    /// <summary>False when the process is already gone.</summary>
    public static bool Terminate(int pid) => kill(pid, Sigterm) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int kill(int pid, int sig);
}
