using System.ComponentModel;
using System.Diagnostics;

namespace RuBackup.Client.Tests;

/// <summary>
/// Bash scripts standing in for rb_module_rustack: each answers --version and -l --json, records its
/// arguments (args.txt) and pool token (env.txt) beside itself, then plays a scenario.
/// </summary>
public static class FakeModule
{
    private const string Header = """
        #!/bin/bash
        here="$(dirname "$0")"
        if [ "$1" = "--version" ]; then echo "fake-module 9.9"; exit 0; fi
        if [ "$3" = "-l" ]; then
          echo "rb_module_rustack: listing" >&2
          cat <<'JSON'
        [
          {
            "name": "web-1",
            "id": "vm-1",
            "status": "ACTIVE"
          },
          {
            "name": "db-1",
            "id": "vm-2",
            "status": "SHUTOFF"
          }
        ]
        JSON
          exit 0
        fi
        printf '%s\n' "$@" > "$here/args.txt"
        echo "token=$RUBACKUP_POOL_TOKEN" > "$here/env.txt"
        echo "ca=$RUBACKUP_SERVER_CA" >> "$here/env.txt"

        """;

    /// <summary>Ten progress lines, an info and a warning line, then the backup's JSON (indented, snake_case like the module).</summary>
    public const string Succeeds = """
        for i in 1 2 3 4 5 6 7 8 9 10; do echo "progress $((i*100)) 1000" >&2; done
        echo "rb_module_rustack: snapshot of volume v1 created" >&2
        echo "rb_module_rustack: warning: the guest agent did not answer" >&2
        echo "some text before the JSON"
        cat <<'JSON'
        {
          "archive": "arch-42",
          "type": "incremental",
          "vm": "web-1",
          "vm_id": "vm-1",
          "warnings": ["the guest agent did not answer"]
        }
        JSON
        exit 0
        """;

    public const string Fails = """
        echo "progress 100 1000" >&2
        echo "rb_module_rustack: cloning volume v1" >&2
        echo "rb_module_rustack: error: snapshot of volume v1 failed: quota exceeded" >&2
        exit 2
        """;

    /// <summary>Runs until SIGTERM, which it answers like the module: a marker file, a cleanup line, exit 2.</summary>
    public const string RunsUntilInterrupted = """
        trap 'echo interrupted > "$here/stop.marker"; echo "rb_module_rustack: error: cancelled (temporary resources were cleaned up)" >&2; exit 2' TERM
        i=0
        while true; do i=$((i+1)); echo "progress $i 100000" >&2; sleep 0.05; done
        """;

    /// <summary>Prints nothing (a long read of a quiet disk) until SIGTERM.</summary>
    public const string SilentUntilInterrupted = """
        trap 'echo interrupted > "$here/stop.marker"; exit 2' TERM
        while true; do sleep 0.05; done
        """;

    /// <summary>Notes SIGTERM but keeps running: only SIGKILL ends it.</summary>
    public const string IgnoresInterrupt = """
        trap 'echo interrupted > "$here/stop.marker"' TERM
        while true; do echo "progress 1 100" >&2; sleep 0.05; done
        """;

    /// <summary>
    /// Backs up and exports (the fake export file is 12 bytes) into the --export-folder it was given,
    /// printing the JSON with "export" as the module does.
    /// </summary>
    public const string Exports = """
        dir=""; prev=""
        for a in "$@"; do if [ "$prev" = "--export-folder" ]; then dir="$a"; fi; prev="$a"; done
        printf 'RBEX-archive' > "$dir/arch-42.rbexport"
        echo "rb_module_rustack: exported archive arch-42" >&2
        cat <<JSON
        {
          "archive": "arch-42",
          "type": "full",
          "vm": "web-1",
          "vm_id": "vm-1",
          "warnings": [],
          "export": "$dir/arch-42.rbexport"
        }
        JSON
        exit 0
        """;

    /// <summary>A post-backup script (sh): answers --version at once (see <see cref="WaitUntilRunnable"/>), else runs <paramref name="body"/>.</summary>
    public static string WriteScript(string path, string body)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "#!/bin/sh\nif [ \"$1\" = \"--version\" ]; then exit 0; fi\n" + body.Replace("\r", "", StringComparison.Ordinal) + "\n");
        File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
        WaitUntilRunnable(path);
        return path;
    }

    public static string Write(string path, string scenario)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, Header + scenario.Replace("\r", "", StringComparison.Ordinal) + "\n");
        File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
        WaitUntilRunnable(path);
        return path;
    }

    public static string Marker(string modulePath) => Path.Combine(Path.GetDirectoryName(modulePath)!, "stop.marker");

    public static IReadOnlyList<string> Arguments(string modulePath) => File.ReadAllLines(Path.Combine(Path.GetDirectoryName(modulePath)!, "args.txt"));

    public static string Environment(string modulePath) => File.ReadAllText(Path.Combine(Path.GetDirectoryName(modulePath)!, "env.txt"));

    /// <summary>
    /// A script just written can fail to start with ETXTBSY while a process forked by another test still
    /// holds its write handle; run it once until it starts so the code under test never sees that.
    /// </summary>
    private static void WaitUntilRunnable(string path)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var process = Process.Start(new ProcessStartInfo(path, "--version") { RedirectStandardOutput = true })!;
                process.StandardOutput.ReadToEnd();
                process.WaitForExit();
                return;
            }
            catch (Win32Exception) when (attempt < 50)
            {
                Thread.Sleep(50);
            }
        }
    }
}
