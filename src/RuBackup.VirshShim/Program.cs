using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

// virsh-compatible shim for the RUSTACK simulator (docs/rustack-sim.md "Guest agents and the virsh
// shim"): only what the module uses. Arguments are parsed by hand to accept virsh's own syntax.
const int ExitOk = 0;

string? uri = null;
var rest = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    if (args[i] is "-c" or "--connect" && i + 1 < args.Length)
    {
        uri = args[++i];
    }
    else
    {
        rest.Add(args[i]);
    }
}
var state = Environment.GetEnvironmentVariable("RUSTACK_SIM_STATE");
if (string.IsNullOrEmpty(state))
{
    return Fail("failed to connect to the hypervisor: RUSTACK_SIM_STATE is not set");
}
if (uri is null || !TryHost(uri, out var host))
{
    return Fail($"failed to connect to the hypervisor: unsupported URI '{uri}' (qemu+ssh://HOST/system or qemu+tcp://HOST/system)");
}
var hostDir = Path.Combine(state, "hypervisors", host);
if (!Directory.Exists(hostDir))
{
    return Fail($"failed to connect to the hypervisor: Cannot recv data: ssh: Could not resolve hostname {host}");
}
if (rest.Count == 0 || rest[0] == "version")
{
    Console.WriteLine("Compiled against library: libvirt 9.0.0\nUsing library: libvirt 9.0.0\nUsing API: QEMU 9.0.0\nRunning hypervisor: QEMU 7.2.0");
    return ExitOk;
}
if (rest[0] != "qemu-agent-command" || rest.Count < 3)
{
    return Fail($"unknown command: '{rest[0]}' (the simulator's virsh supports version and qemu-agent-command DOMAIN JSON [--timeout N])");
}
var timeout = 30;
var positional = new List<string>();
for (var i = 1; i < rest.Count; i++)
{
    if (rest[i] == "--timeout" && i + 1 < rest.Count && int.TryParse(rest[i + 1], out var t))
    {
        timeout = t;
        i++;
    }
    else if (!rest[i].StartsWith("--", StringComparison.Ordinal))
    {
        positional.Add(rest[i]);
    }
}
if (positional.Count < 2)
{
    return Fail("command 'qemu-agent-command' requires <domain> and <cmd>");
}
var (domain, command) = (positional[0], string.Join(' ', positional.Skip(1)));
JsonNode? request;
try
{
    request = JsonNode.Parse(command);
}
catch (System.Text.Json.JsonException e)
{
    return Fail($"internal error: unable to execute QEMU agent command: invalid JSON: {e.Message}");
}
var execute = request?["execute"]?.GetValue<string>() ?? "";
// Freezing here would freeze the host's file systems: refused even if an agent would allow it.
if (execute.StartsWith("guest-fsfreeze-", StringComparison.Ordinal))
{
    return Fail($"argument unsupported: QEMU agent command '{execute}' is refused by the RUSTACK simulator (it would freeze the host)");
}
var socketPath = Path.Combine(hostDir, domain + ".sock");
if (!File.Exists(socketPath) && new FileInfo(socketPath).LinkTarget is null)
{
    return Fail($"failed to get domain '{domain}'");
}
try
{
    using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(timeout));
    var answer = await AskAsync(socketPath, request!.ToJsonString(), cts.Token).ConfigureAwait(false);
    var node = JsonNode.Parse(answer);
    if (node?["error"] is { } error)
    {
        return Fail($"internal error: unable to execute QEMU agent command '{execute}': {error["desc"]?.GetValue<string>()}");
    }
    Console.WriteLine(answer);
    return ExitOk;
}
catch (OperationCanceledException)
{
    return Fail("Guest agent is not responding: Guest agent not available for now");
}
catch (Exception e) when (e is SocketException or IOException)
{
    return Fail($"Guest agent is not responding: QEMU guest agent is not connected ({e.Message})");
}

static int Fail(string message)
{
    Console.Error.WriteLine("error: " + message);
    return 1;
}

static bool TryHost(string uri, out string host)
{
    host = "";
    if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("qemu+ssh" or "qemu+tcp"))
    {
        return false;
    }
    host = parsed.Host;
    return host.Length > 0;
}

// qemu-ga keeps no framing: one JSON per line. A guest-sync with a random id first discards whatever
// a previous, interrupted client left in the channel, as libvirt does.
static async Task<string> AskAsync(string path, string request, CancellationToken ct)
{
    using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), ct).ConfigureAwait(false);
    await using var stream = new NetworkStream(socket, ownsSocket: false);
    using var reader = new StreamReader(stream, Encoding.UTF8);
    var id = Random.Shared.Next(1, int.MaxValue);
    await stream.WriteAsync(Encoding.UTF8.GetBytes($"{{\"execute\":\"guest-sync\",\"arguments\":{{\"id\":{id}}}}}\n"), ct).ConfigureAwait(false);
    while (true)
    {
        var line = await reader.ReadLineAsync(ct).ConfigureAwait(false) ?? throw new IOException("agent closed the connection");
        if (JsonNode.Parse(line)?["return"] is JsonValue v && v.TryGetValue<long>(out var got) && got == id)
        {
            break;
        }
    }
    await stream.WriteAsync(Encoding.UTF8.GetBytes(request + "\n"), ct).ConfigureAwait(false);
    return await reader.ReadLineAsync(ct).ConfigureAwait(false) ?? throw new IOException("agent closed the connection");
}
