using RuBackup.Api;
using RuBackup.Client.Api;

namespace RuBackup.EndToEnd.Tests;

/// <summary>
/// What one party may not do to another, with the real processes: a client cannot list or restore
/// another client's archives, an archive encrypted by one client cannot be restored by another, the
/// master key never reaches the server, and an operator cannot change rules.
/// </summary>
public abstract class SecurityTests(CatalogKind catalog)
{
    [Fact]
    public async Task OtherClient_ArchivesAndKeys_Refused()
    {
        await using var run = await SystemRun.StartAsync(catalog);
        await run.AddPoolAsync("files", PoolKind.Plain);
        var (owner, _) = await run.AddClientAsync("owner");
        var (other, _) = await run.AddClientAsync("other");
        var rule = await run.AddRuleAsync("owner", "web-1", "files", encryption: "aes-256-gcm");
        var backup = await run.WaitTaskAsync((await run.Admin.RunRuleAsync(rule.Id)).Id);
        var archive = await run.Admin.GetArchiveAsync(backup.ArchiveId!);
        Assert.NotEqual("nocrypt", archive.Encryption);

        // The other client neither sees nor restores it.
        var listed = await other.ArchivesAsync("--json");
        Assert.True(listed.ExitCode == 0, listed.ToString());
        Assert.DoesNotContain(archive.Id, listed.Stdout, StringComparison.Ordinal);
        var stolen = await other.ArchivesAsync("-X", archive.Id, "-d", Path.Combine(other.Root, "stolen"));
        Assert.NotEqual(0, stolen.ExitCode);
        Assert.False(Directory.Exists(Path.Combine(other.Root, "stolen")) && Directory.EnumerateFiles(Path.Combine(other.Root, "stolen"), "*.raw", SearchOption.AllDirectories).Any());

        // Even sent there by an administrator, the other client's master key cannot open it.
        var forced = await run.Admin.RestoreArchiveAsync(archive.Id, new RestoreRequest(RestoreMode.Folder, Path.Combine(other.Root, "forced"), "other"));
        var failed = await run.WaitTaskAsync(forced.Id, expectDone: false);
        Assert.Equal(TaskState.Error, failed.State);
        Assert.Contains("key", failed.Error ?? "", StringComparison.OrdinalIgnoreCase);

        // The owner restores it with its own key.
        var mine = await owner.ArchivesAsync("-X", archive.Id, "-d", Path.Combine(owner.Root, "mine"));
        Assert.True(mine.ExitCode == 0, mine.ToString());

        // Nothing the server stores holds the master key, in bytes or in hex.
        var key = await File.ReadAllBytesAsync(owner.MasterKey);
        Assert.Equal(32, key.Length);
        var hex = System.Text.Encoding.ASCII.GetBytes(Convert.ToHexStringLower(key));
        foreach (var file in Directory.EnumerateFiles(run.Server.Root, "*", SearchOption.AllDirectories))
        {
            // The running server holds its lock file (empty) exclusively.
            if (Path.GetFileName(file) == "server.lock")
            {
                continue;
            }
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.True(bytes.AsSpan().IndexOf(key) < 0 && bytes.AsSpan().IndexOf(hex) < 0, $"{file} holds the master key");
        }
        Assert.DoesNotContain(Convert.ToHexStringLower(key), run.Server.Output, StringComparison.Ordinal);

        // An operator runs and watches but changes no rule.
        await run.Admin.CreateUserAsync(new CreateUserRequest("op", "operator-secret", UserRole.Operator));
        using var operatorApi = await SystemRun.LoginAsync(run.Server.Url, "op", "operator-secret");
        var denied = await Assert.ThrowsAsync<ApiException>(() => operatorApi.UpdateRuleAsync(rule.Id, rule.Settings with { RetentionDays = 1 }));
        Assert.Equal(403, denied.StatusCode);
        await run.WaitTaskAsync((await operatorApi.RunRuleAsync(rule.Id)).Id);
    }
}

public sealed class SecurityOnSqliteTests() : SecurityTests(CatalogKind.Sqlite);

public sealed class SecurityOnPostgresTests() : SecurityTests(CatalogKind.Postgres);
