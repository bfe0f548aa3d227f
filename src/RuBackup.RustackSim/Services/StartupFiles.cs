using System.Globalization;
using System.Text;
using System.Text.Json;

namespace RuBackup.RustackSim.Services;

/// <summary>
/// Writes DIR/rb_module_rustack.conf (a ready module configuration for this cloud) and DIR/sim.json
/// (for scripts) once the listening address is known; both atomically, sim.json last, so a script
/// that waits for sim.json finds the configuration complete.
/// </summary>
public static class StartupFiles
{
    public static void Write(SimOptions options, CloudStore store, string url)
    {
        var (projectId, backupVm, user, admin, domain) = store.Read(s => (s.ProjectId, s.BackupVmId, s.User, s.Admin, s.Domain));
        var conf = new StringBuilder()
            .AppendLine("# Written by rustack-sim: module configuration for the simulated cloud (key value per line).")
            .AppendLine(CultureInfo.InvariantCulture, $"url {url}/v3")
            .AppendLine(CultureInfo.InvariantCulture, $"username {user.Name}")
            .AppendLine(CultureInfo.InvariantCulture, $"password {user.Password}")
            .AppendLine(CultureInfo.InvariantCulture, $"domain {domain}")
            .AppendLine(CultureInfo.InvariantCulture, $"project_id {projectId}")
            .AppendLine("timeout 60")
            .AppendLine("volume_creation_timeout 300")
            .AppendLine("snapshot_creation_timeout 300")
            .AppendLine("volume_attachment_timeout 120")
            .AppendLine(CultureInfo.InvariantCulture, $"rubackup-vm-id {backupVm}")
            .AppendLine(CultureInfo.InvariantCulture, $"admin_name {admin.Name}")
            .AppendLine(CultureInfo.InvariantCulture, $"admin_password {admin.Password}")
            .AppendLine("protocol tcp")
            .AppendLine("enable_ssl no")
            .AppendLine("# Extension keys (docs/rustack-sim.md)")
            .AppendLine(CultureInfo.InvariantCulture, $"by_id_dir {options.ByIdDir}")
            .ToString();
        WriteAtomically(Path.Combine(options.StateDir, "rb_module_rustack.conf"), conf);
        var sim = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["url"] = url,
            ["project_id"] = projectId,
            ["backup_vm_id"] = backupVm,
            ["pid"] = Environment.ProcessId,
        });
        WriteAtomically(Path.Combine(options.StateDir, "sim.json"), sim);
    }

    private static void WriteAtomically(string path, string text)
    {
        var temp = path + ".tmp";
        File.WriteAllText(temp, text);
        File.Move(temp, path, overwrite: true);
    }
}
