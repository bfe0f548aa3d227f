using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RuBackup.Repository.Remote.Server;
using RuBackup.Repository.Storage;

namespace RuBackup.RustackModule.Tests;

/// <summary>
/// The module with --repo naming a pool URL, as the client daemon runs it: the pool protocol served
/// by a real Kestrel on 127.0.0.1 over a repository folder, the token in RUBACKUP_POOL_TOKEN.
/// </summary>
public sealed class PoolUrlTests : IAsyncLifetime
{
    private const string Token = "task-token";
    private readonly ModuleRun _run = new();
    private WebApplication? _app;
    private string _repo = "";
    private string _poolUrl = "";
    private int _commits;

    public async Task InitializeAsync()
    {
        _repo = _run.Folder("repo");
        var init = await _run.RepoAsync("init", "--repo", _repo, "--dedup");
        Assert.True(init.ExitCode == 0, init.ToString());
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        var pool = new LocalFolderDevice(_repo);
        _app.MapPoolProtocol("/api/v1/client/tasks/{taskId:long}/pool", (context, _) =>
        {
            if (context.Request.Headers.Authorization != "Bearer " + Token)
            {
                throw new PoolAccessDeniedException(401, "a valid bearer token is required");
            }
            return Task.FromResult(new PoolAccess
            {
                Device = pool,
                CanWrite = true,
                Commit = async (_, commit, ct) =>
                {
                    Interlocked.Increment(ref _commits);
                    await commit(ct);
                },
            });
        });
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        _poolUrl = address + "/api/v1/client/tasks/3/pool";
    }

    [Fact]
    public async Task BackupAndRestore_RepoIsPoolUrl_ArchivesLandInThePoolRestoreEqualsAndProgressIsReported()
    {
        _run.Environment["RUBACKUP_POOL_TOKEN"] = Token;
        var volumes = await CloudFiles.VolumeIdsAsync(_run, "web-1");
        var fullHashes = volumes.ToDictionary(v => v, v => CloudFiles.Sha256(CloudFiles.VolumePath(_run, v)));

        var full = await _run.ModuleAsync("-b", "web-1", "--repo", _poolUrl, "--type", "full", "--json", "--progress");
        var fullId = CloudFiles.ArchiveId(full);
        AssertProgress(full, expectBytes: true);
        CloudFiles.Scribble(CloudFiles.VolumePath(_run, volumes[0]), new Random(5));
        var incrementalHashes = volumes.ToDictionary(v => v, v => CloudFiles.Sha256(CloudFiles.VolumePath(_run, v)));
        var incremental = await _run.ModuleAsync("-b", "web-1", "--repo", _poolUrl, "--type", "incremental", "--json");
        var incrementalId = CloudFiles.ArchiveId(incremental);

        Assert.Equal(2, _commits);
        Assert.True(File.Exists(Path.Combine(_repo, "manifests", fullId + ".manifest")));
        Assert.True(File.Exists(Path.Combine(_repo, "manifests", incrementalId + ".manifest")));
        foreach (var (archive, hashes) in new[] { (fullId, fullHashes), (incrementalId, incrementalHashes) })
        {
            var target = _run.Folder("restore-" + archive);
            var restore = await _run.ModuleAsync("-r", archive, "-X", "--target", target, "--repo", _poolUrl, "--json", "--progress");
            Assert.True(restore.ExitCode == 0, restore.ToString());
            AssertProgress(restore, expectBytes: true);
            foreach (var (volume, hash) in hashes)
            {
                Assert.True(hash == CloudFiles.Sha256(Path.Combine(target, volume + ".raw")), $"archive {archive}: volume {volume} differs");
            }
        }
        Assert.Empty(await _run.TemporaryLeftoversAsync());
    }

    [Fact]
    public async Task Backup_PoolUrlWithExportFolder_TheCommittedArchiveIsReadBackFromThePoolIntoItsFile()
    {
        _run.Environment["RUBACKUP_POOL_TOKEN"] = Token;
        var exports = _run.Folder("exports");
        var elsewhere = _run.Folder("elsewhere");
        Assert.True((await _run.RepoAsync("init", "--repo", elsewhere)) is { ExitCode: 0 }, "init failed");
        var volumes = await CloudFiles.VolumeIdsAsync(_run, "db-1");
        var hashes = volumes.ToDictionary(v => v, v => CloudFiles.Sha256(CloudFiles.VolumePath(_run, v)));

        var (archive, file) = ExportFolderTests.Exported(await _run.ModuleAsync("-b", "db-1", "--repo", _poolUrl, "--type", "full", "--export-folder", exports, "--json"), exports);

        Assert.Equal(1, _commits);
        var import = await _run.RepoAsync("import", "--repo", elsewhere, "--in", file);
        Assert.True(import.ExitCode == 0, import.ToString());
        var target = _run.Folder("restore");
        var restore = await _run.ModuleAsync("-r", archive, "--repo", elsewhere, "-X", "--target", target);
        Assert.True(restore.ExitCode == 0, restore.ToString());
        foreach (var (volume, hash) in hashes)
        {
            Assert.True(hash == CloudFiles.Sha256(Path.Combine(target, volume + ".raw")), $"volume {volume} differs after export from the pool");
        }
    }

    [Fact]
    public async Task Deploy_RepoIsPoolUrl_NewVmCreated()
    {
        _run.Environment["RUBACKUP_POOL_TOKEN"] = Token;
        var archive = CloudFiles.ArchiveId(await _run.ModuleAsync("-b", "db-1", "--repo", _poolUrl, "--type", "full", "--json"));

        var deploy = await _run.ModuleAsync("-r", archive, "-x", "--repo", _poolUrl, "--json", "--progress");

        Assert.True(deploy.ExitCode == 0, deploy.ToString());
        Assert.Contains("\"vm_id\"", deploy.Stdout, StringComparison.Ordinal);
        AssertProgress(deploy, expectBytes: true);
        Assert.Empty(await _run.TemporaryLeftoversAsync());
    }

    [Fact]
    public async Task Backup_PoolUrlWithoutToken_Exit2NamingTheVariable()
    {
        var result = await _run.ModuleAsync("-b", "web-1", "--repo", _poolUrl, "--type", "full");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("set RUBACKUP_POOL_TOKEN", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(await _run.TemporaryLeftoversAsync());
    }

    [Fact]
    public async Task Backup_PoolUrlWrongToken_Exit2WithTheServersLineAndNoSecret()
    {
        _run.Environment["RUBACKUP_POOL_TOKEN"] = "wrong-secret";

        var result = await _run.ModuleAsync("-b", "web-1", "--repo", _poolUrl, "--type", "full");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"pool {_poolUrl}: 401 a valid bearer token is required", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-secret", result.Stderr + result.Stdout, StringComparison.Ordinal);
        Assert.Empty(await _run.TemporaryLeftoversAsync());
        Assert.Equal(0, _commits);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        _run.Dispose();
    }

    /// <summary>Progress lines are "progress DONE TOTAL"; the last one is complete; DONE never goes back.</summary>
    private static void AssertProgress(ProcessResult result, bool expectBytes)
    {
        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l.StartsWith("progress ", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(lines);
        var values = lines.Select(l => l.Split(' ')).Select(p =>
        {
            Assert.Equal(3, p.Length);
            return (Done: long.Parse(p[1], CultureInfo.InvariantCulture), Total: long.Parse(p[2], CultureInfo.InvariantCulture));
        }).ToList();
        for (var i = 1; i < values.Count; i++)
        {
            Assert.True(values[i].Done >= values[i - 1].Done, $"progress went back: {lines[i - 1]} then {lines[i]}");
        }
        var last = values[^1];
        Assert.Equal(last.Total, last.Done);
        if (expectBytes)
        {
            Assert.True(last.Total > 0, result.ToString());
        }
    }
}
