using System.Net;
using System.Text.Json;
using RuBackup.Rustack.Backup;
using RuBackup.Rustack.Cloud;
using RuBackup.Rustack.Config;

namespace RuBackup.Rustack.Tests;

/// <summary>
/// Which leftovers a backup removes before it starts: this host's dead runs (run lock free), and any
/// host's runs of tasks the server declared dead; never another host's run only because its lock is
/// not here (in a cluster group that run may be alive on the other member).
/// </summary>
public sealed class LeftoverSweeperTests : IDisposable
{
    private const string ThisHost = "vm-0";
    private const string OtherHost = "vm-b";

    private static readonly CloudOptions Fast = new() { RetryCount = 1, RetryBaseDelay = TimeSpan.Zero, RequestTimeout = TimeSpan.FromSeconds(5) };

    private readonly TempFolder _folder = new();
    private readonly FakeCinder _cinder = new();
    private readonly List<string> _log = [];

    private static RustackConfig Config() => new()
    {
        File = "test.conf",
        Url = FakeCloudHandler.Base,
        Username = "rubackup",
        Password = "user-secret",
        Domain = "default",
        ProjectId = "p-1",
        RubackupVmId = ThisHost,
    };

    private async Task<int> SweepAsync(RunRegistry runs, params string[] deadTasks)
    {
        using var cloud = new RustackCloud(Config(), _cinder.Handler, Fast);
        var log = new ModuleLog(_log.Add);
        return await new LeftoverSweeper(cloud, new TemporaryOps(cloud, log), runs, log).SweepAsync(ThisHost, "current-run", deadTasks, CancellationToken.None);
    }

    /// <summary>A run's snapshot and the volume made from it, attached to its host's backup VM.</summary>
    private void Run(string run, string host, string? task)
    {
        _cinder.AddRun(run, TemporaryResources.Metadata(run, "src-vm", host, task), host);
    }

    [Fact]
    public async Task Sweep_ForeignRunNotDeclaredDead_LeavesItAlone()
    {
        var runs = new RunRegistry(_folder.Sub("runs"));
        Run("run-b", OtherHost, "11"); // no lock file here: alive on the other member, as far as this host can know

        Assert.Equal(0, await SweepAsync(runs));

        Assert.Equal(["vol-run-b"], _cinder.Volumes.Keys);
        Assert.Equal(["snap-run-b"], _cinder.Snapshots.Keys);
        Assert.Equal(OtherHost, _cinder.Volumes["vol-run-b"].Attachments!.Single().ServerId);
        Assert.Empty(_cinder.Changes);
    }

    [Fact]
    public async Task Sweep_ForeignTaskDeclaredDead_DetachesFromItsHostThenDeletesVolumeThenSnapshot()
    {
        var runs = new RunRegistry(_folder.Sub("runs"));
        Run("run-b", OtherHost, "11");
        Run("run-c", OtherHost, "12"); // another task of that member: still alive

        Assert.Equal(2, await SweepAsync(runs, "11"));

        Assert.Equal(["vol-run-c"], _cinder.Volumes.Keys);
        Assert.Equal(["snap-run-c"], _cinder.Snapshots.Keys);
        Assert.Equal([$"detach vol-run-b from {OtherHost}", "delete volume vol-run-b", "delete snapshot snap-run-b"], _cinder.Changes);
        Assert.Contains(_log, l => l.Contains("task 11", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sweep_OwnRuns_RemovesDeadAndLegacyKeepsLive()
    {
        var runs = new RunRegistry(_folder.Sub("runs"));
        Run("run-dead", ThisHost, "21");
        Run("run-live", ThisHost, "22");
        _cinder.AddRun("run-legacy", TemporaryResources.Metadata("run-legacy", "src-vm"), ThisHost); // before hosts were recorded
        _cinder.AddUserVolume("user-vol", ThisHost);
        using var live = runs.Register("run-live");

        Assert.Equal(4, await SweepAsync(runs));

        Assert.Equal(["user-vol", "vol-run-live"], _cinder.Volumes.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["snap-run-live"], _cinder.Snapshots.Keys);
        Assert.Contains($"detach vol-run-dead from {ThisHost}", _cinder.Changes);
    }

    public void Dispose() => _folder.Dispose();

    /// <summary>Just enough Cinder and Nova for the sweeper: list, read, delete, detach; every change takes effect at once.</summary>
    private sealed class FakeCinder
    {
        public FakeCinder() => Handler = new FakeCloudHandler { Api = Answer };

        public FakeCloudHandler Handler { get; }

        public Dictionary<string, Volume> Volumes { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, Snapshot> Snapshots { get; } = new(StringComparer.Ordinal);

        public List<string> Changes { get; } = [];

        public void AddRun(string run, Dictionary<string, string> metadata, string host)
        {
            Snapshots["snap-" + run] = new Snapshot { Id = "snap-" + run, Name = TemporaryResources.Name(run, "snap", "v1"), Status = "available", Metadata = metadata };
            Volumes["vol-" + run] = new Volume
            {
                Id = "vol-" + run, Name = TemporaryResources.Name(run, "vol", "v1"), Status = "in-use", Metadata = metadata,
                Attachments = [new VolumeAttachmentInfo(host, "att-" + run, "/dev/vdb")],
            };
        }

        public void AddUserVolume(string id, string server) =>
            Volumes[id] = new Volume { Id = id, Name = id, Status = "in-use", Attachments = [new VolumeAttachmentInfo(server, "att-" + id, "/dev/vda")] };

        private HttpResponseMessage Answer(RecordedRequest request)
        {
            var parts = request.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
            var method = request.Method;
            if (method == HttpMethod.Get && parts[^1] == "detail")
            {
                return parts[^2] == "volumes" ? Ok(new VolumeList([.. Volumes.Values])) : Ok(new SnapshotList([.. Snapshots.Values]));
            }
            if (method == HttpMethod.Get && parts[^2] == "volumes")
            {
                return Volumes.TryGetValue(parts[^1], out var volume) ? Ok(new VolumeEnvelope(volume)) : NotFound();
            }
            if (method == HttpMethod.Get && parts[^2] == "snapshots")
            {
                return Snapshots.TryGetValue(parts[^1], out var snapshot) ? Ok(new SnapshotEnvelope(snapshot)) : NotFound();
            }
            if (method == HttpMethod.Delete && parts[^2] == "os-volume_attachments")
            {
                var (server, id) = (parts[^3], parts[^1]);
                var volume = Volumes[id];
                var left = volume.Attachments!.Where(a => a.ServerId != server).ToList();
                Volumes[id] = volume with { Attachments = left, Status = left.Count == 0 ? "available" : "in-use" };
                Changes.Add($"detach {id} from {server}");
                return Accepted();
            }
            if (method == HttpMethod.Delete && parts[^2] == "volumes")
            {
                if (Volumes[parts[^1]].Attachments is { Count: > 0 })
                {
                    return FakeCloudHandler.Json(HttpStatusCode.BadRequest, """{"badRequest": {"message": "volume is attached"}}""");
                }
                Volumes.Remove(parts[^1]);
                Changes.Add("delete volume " + parts[^1]);
                return Accepted();
            }
            if (method == HttpMethod.Delete && parts[^2] == "snapshots")
            {
                Snapshots.Remove(parts[^1]);
                Changes.Add("delete snapshot " + parts[^1]);
                return Accepted();
            }
            return FakeCloudHandler.Json(HttpStatusCode.NotImplemented, "{}");
        }

        private static HttpResponseMessage Ok<T>(T body) => FakeCloudHandler.Json(HttpStatusCode.OK, JsonSerializer.Serialize(body));

        private static HttpResponseMessage NotFound() => FakeCloudHandler.Json(HttpStatusCode.NotFound, """{"itemNotFound": {"message": "not found"}}""");

        private static HttpResponseMessage Accepted() => new(HttpStatusCode.Accepted);
    }
}
