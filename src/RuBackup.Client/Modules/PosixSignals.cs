using System.Runtime.InteropServices;

namespace RuBackup.Client.Modules;

/// <summary>kill(2) with SIGINT: the module's Ctrl-C path, where it removes what it created in the cloud.</summary>
internal static partial class PosixSignals
{
    private const int Sigint = 2;

    /// <summary>False when the process is already gone.</summary>
    public static bool Interrupt(int pid) => kill(pid, Sigint) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int kill(int pid, int sig);
}
