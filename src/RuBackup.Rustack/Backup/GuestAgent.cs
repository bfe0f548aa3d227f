using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using RuBackup.Rustack.Config;

namespace RuBackup.Rustack.Backup;

public sealed record GuestExecResult(int ExitCode, string Output, string Error);

/// <summary>
/// Runs a program inside a guest through its QEMU guest agent, reached with
/// `virsh -c qemu+ssh://HOST/system qemu-agent-command INSTANCE JSON` (qemu+tcp with protocol tcp):
/// guest-exec starts it, guest-exec-status is polled until it exits.
/// </summary>
public sealed class GuestAgent
{
    private readonly RustackConfig _config;
    private readonly IProcessRunner _runner;
    private readonly TimeProvider _time;
    private readonly string _host;
    private readonly string _instance;

    public GuestAgent(RustackConfig config, IProcessRunner runner, TimeProvider time, string host, string instance)
    {
        _config = config;
        _runner = runner;
        _time = time;
        _host = host;
        _instance = instance;
    }

    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    public string ConnectionUri => $"qemu+{(_config.Protocol == HypervisorProtocol.Tcp ? "tcp" : "ssh")}://{_host}/system";

    /// <summary>`virsh -c URI version`: proves the hypervisor is reachable (the -t check).</summary>
    public async Task<ProcessResult> VersionAsync(CancellationToken cancellationToken) =>
        await _runner.RunAsync(_config.Virsh, ["-c", ConnectionUri, "version"], CommandTimeout, cancellationToken).ConfigureAwait(false);

    public async Task<GuestExecResult> ExecAsync(string path, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new JsonObject
        {
            ["execute"] = "guest-exec",
            ["arguments"] = new JsonObject
            {
                ["path"] = path,
                ["arg"] = new JsonArray([.. arguments.Select(a => (JsonNode)JsonValue.Create(a)!)]),
                ["capture-output"] = true,
            },
        };
        var started = await CommandAsync(start, cancellationToken).ConfigureAwait(false);
        var pid = started["pid"]?.GetValue<long>() ?? throw new GuestAgentException($"guest-exec of {path} in {_instance}: no pid in the answer");
        var deadline = _time.GetUtcNow() + timeout;
        while (true)
        {
            var status = await CommandAsync(new JsonObject { ["execute"] = "guest-exec-status", ["arguments"] = new JsonObject { ["pid"] = pid } }, cancellationToken).ConfigureAwait(false);
            if (status["exited"]?.GetValue<bool>() == true)
            {
                return new GuestExecResult(
                    status["exitcode"]?.GetValue<int>() ?? (status["signal"] is null ? 0 : 128 + status["signal"]!.GetValue<int>()),
                    Decode(status["out-data"]),
                    Decode(status["err-data"]));
            }
            if (_time.GetUtcNow() >= deadline)
            {
                throw new GuestAgentException($"{path} in {_instance}: still running after {timeout.TotalSeconds:0} s");
            }
            await Task.Delay(PollInterval, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<JsonNode> CommandAsync(JsonObject command, CancellationToken cancellationToken)
    {
        var text = command.ToJsonString();
        var result = await _runner.RunAsync(_config.Virsh, ["-c", ConnectionUri, "qemu-agent-command", _instance, text], CommandTimeout, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            var reason = (result.Error.Trim().Length > 0 ? result.Error : result.Output).ReplaceLineEndings(" ").Trim();
            throw new GuestAgentException($"virsh {command["execute"]} on {_instance} at {_host}: {reason}");
        }
        try
        {
            var answer = JsonNode.Parse(result.Output);
            return answer?["return"] ?? throw new GuestAgentException($"virsh {command["execute"]} on {_instance}: answer without \"return\": {result.Output.Trim()}");
        }
        catch (JsonException e)
        {
            throw new GuestAgentException($"virsh {command["execute"]} on {_instance}: unreadable answer: {e.Message}", e);
        }
    }

    private static string Decode(JsonNode? base64) =>
        base64 is null ? "" : Encoding.UTF8.GetString(Convert.FromBase64String(base64.GetValue<string>()));
}

public sealed class GuestAgentException : Exception
{
    public GuestAgentException(string message) : base(message) { }

    public GuestAgentException(string message, Exception inner) : base(message, inner) { }

    public GuestAgentException() { }
}
