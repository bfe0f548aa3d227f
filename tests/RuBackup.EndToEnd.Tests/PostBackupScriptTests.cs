using RuBackup.Api;

namespace RuBackup.EndToEnd.Tests;

/// <summary>
/// The document's custom protective transformation (acceptance 4 of issue 7), with the real processes:
/// a nocrypt rule's post-backup script encrypts the exported archive with rbcrypt under its own
/// Kalyna-512 key; the administrator later decrypts it by hand, imports it into another site's
/// repository and restores the VM's disks byte for byte.
/// </summary>
public sealed class PostBackupScriptTests
{
    [Fact]
    public async Task PostBackupScript_RbcryptKalyna512_FileKeepsItsNameAndDecryptsImportsAndRestoresByteForByte()
    {
        await using var run = await SystemRun.StartAsync(CatalogKind.Sqlite);
        await run.AddPoolAsync("dedup", PoolKind.Dedup);
        var (client, _) = await run.AddClientAsync("owner");
        var scripts = Directory.CreateDirectory(Path.Combine(client.Root, "scripts")).FullName;
        var key = Path.Combine(scripts, "offsite.key");
        var keygen = await ChildProcess.RunAsync(Programs.Rbcrypt, ["keygen", "--out", key, "--bits", "512"], new Dictionary<string, string>());
        Assert.True(keygen.ExitCode == 0, keygen.ToString());
        var environmentFile = Path.Combine(scripts, "env.txt");
        var script = WriteScript(Path.Combine(scripts, "offsite.sh"), $"""
            env > '{environmentFile}'
            '{Programs.RbcryptApphost}' encrypt --in "$RUBACKUP_ARCHIVE_FILE" --out "$RUBACKUP_ARCHIVE_FILE.tmp" --key '{key}' --alg kalyna --bits 512 && mv "$RUBACKUP_ARCHIVE_FILE.tmp" "$RUBACKUP_ARCHIVE_FILE"
            """);
        var rule = await run.AddRuleAsync("owner", "web-1", "dedup", scriptAfterBackup: script);
        Assert.Equal(script, rule.Settings.ScriptAfterBackup);
        var volumes = await CloudDisks.VolumeIdsAsync(run.Sim, "web-1");

        var backup = await run.WaitTaskAsync((await run.Admin.RunRuleAsync(rule.Id)).Id);

        var archive = backup.ArchiveId!;
        var file = Path.Combine(client.Root, "exports", archive + ".rbexport");
        Assert.True(File.Exists(file), $"{file} is missing: {string.Join(", ", Directory.GetFiles(Path.GetDirectoryName(file)!))}");
        Assert.Equal("RBCRYPT\0"u8.ToArray(), Head(file, 8));
        var environment = File.ReadAllLines(environmentFile);
        Assert.Contains($"RUBACKUP_ARCHIVE_ID={archive}", environment);
        Assert.Contains($"RUBACKUP_ARCHIVE_FILE={file}", environment);
        Assert.Contains($"RUBACKUP_TASK_ID={backup.Id}", environment);
        Assert.Contains($"RUBACKUP_RULE_ID={rule.Id}", environment);
        Assert.Contains($"RUBACKUP_RESOURCE={rule.Settings.Resource}", environment);
        Assert.Contains("RUBACKUP_RESOURCE_NAME=web-1", environment);
        Assert.Contains("RUBACKUP_POOL=dedup", environment);
        Assert.DoesNotContain(environment, l => l.StartsWith("RUBACKUP_POOL_TOKEN=", StringComparison.Ordinal));
        var log = await run.Admin.GetTaskLogAsync(backup.Id);
        Assert.Contains(log, l => l.Message.StartsWith("post-backup script: encrypted ", StringComparison.Ordinal) && l.Message.Contains("Kalyna", StringComparison.OrdinalIgnoreCase));

        // By hand, at the other site: decrypt, import into a repository of its own, restore.
        var site = Directory.CreateTempSubdirectory("rb-e2e-site-").FullName;
        try
        {
            var plain = Path.Combine(site, archive + ".rbexport");
            var none = new Dictionary<string, string>();
            var decrypt = await ChildProcess.RunAsync(Programs.Rbcrypt, ["decrypt", "--in", file, "--out", plain, "--key", key], none);
            Assert.True(decrypt.ExitCode == 0, decrypt.ToString());
            Assert.Equal("RBEX"u8.ToArray(), Head(plain, 4));
            var repository = Path.Combine(site, "repo");
            foreach (var step in new[]
            {
                new[] { "init", "--repo", repository },
                ["import", "--repo", repository, "--in", plain],
                ["restore", "--repo", repository, "--archive", archive, "--target", Path.Combine(site, "restored")],
            })
            {
                var result = await ChildProcess.RunAsync(Programs.Repo, step, none);
                Assert.True(result.ExitCode == 0, $"rb_repo {step[0]}: {result}");
            }
            foreach (var volume in volumes)
            {
                var restored = Directory.GetFiles(Path.Combine(site, "restored"), volume + ".raw", SearchOption.AllDirectories).Single();
                Assert.Equal(CloudDisks.Sha256(CloudDisks.VolumePath(run.Sim, volume)), CloudDisks.Sha256(restored));
            }
        }
        finally
        {
            Directory.Delete(site, recursive: true);
        }
    }

    [Fact]
    public async Task PostBackupScript_RenamesTheFile_TaskErrorSaysTheNameMustBeKeptAndTheArchiveStays()
    {
        await using var run = await SystemRun.StartAsync(CatalogKind.Sqlite);
        await run.AddPoolAsync("dedup", PoolKind.Dedup);
        var (client, _) = await run.AddClientAsync("owner");
        var script = WriteScript(Path.Combine(client.Root, "scripts", "rename.sh"), """mv "$RUBACKUP_ARCHIVE_FILE" "$RUBACKUP_ARCHIVE_FILE.enc" """);
        var rule = await run.AddRuleAsync("owner", "web-1", "dedup", scriptAfterBackup: script);

        var backup = await run.WaitTaskAsync((await run.Admin.RunRuleAsync(rule.Id)).Id, expectDone: false);

        Assert.Equal(TaskState.Error, backup.State);
        Assert.NotNull(backup.ArchiveId);
        var file = Path.Combine(client.Root, "exports", backup.ArchiveId + ".rbexport");
        Assert.Contains($"file {file} no longer exists: a transformed file must keep its name", backup.Error, StringComparison.Ordinal);
        Assert.True(File.Exists(file + ".enc"));
        var archive = await run.Admin.GetArchiveAsync(backup.ArchiveId);
        Assert.Equal("ok", archive.Status);
        Assert.Equal(rule.Id, archive.RuleId);
    }

    private static string WriteScript(string path, string body)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "#!/bin/sh\nset -e\n" + body.Replace("\r", "", StringComparison.Ordinal) + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private static byte[] Head(string path, int count)
    {
        var bytes = new byte[count];
        using var stream = File.OpenRead(path);
        stream.ReadExactly(bytes);
        return bytes;
    }
}
