using RuBackup.Client.Api;
using RuBackup.Client.Auth;
using RuBackup.Client.Config;
using RuBackup.Client.Keys;

namespace RuBackup.Client.Tools;

/// <summary>
/// rb_archives and rb_tasks act as the client: the server and CA from the client's config, a token
/// got with the client's signing key and the id the daemon saved at registration.
/// </summary>
public sealed class ClientToolSession : IDisposable
{
    private readonly ClientKeys _keys;
    private readonly ClientSession _session;

    private ClientToolSession(ClientPaths paths, ClientConfig config, ClientKeys keys, RuBackupApiClient api, ClientSession session)
    {
        Paths = paths;
        Config = config;
        _keys = keys;
        Api = api;
        _session = session;
    }

    public ClientPaths Paths { get; }

    public ClientConfig Config { get; }

    public RuBackupApiClient Api { get; }

    public static ClientToolSession Open(ToolContext context, string? configFile)
    {
        ArgumentNullException.ThrowIfNull(context);
        var paths = context.Paths;
        var config = ClientConfigParser.Load(paths, configFile is null ? null : Path.GetFullPath(configFile, context.CurrentFolder));
        var id = ClientIdFile.Read(paths);
        var keys = ClientKeys.Load(paths);
        RuBackupApiClient? api = null;
        try
        {
            api = new RuBackupApiClient(config.Server, config.ServerCa);
            var session = new ClientSession(api, keys);
            session.UseClientId(id);
            return new ClientToolSession(paths, config, keys, api, session);
        }
        catch
        {
            api?.Dispose();
            keys.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        _session.Dispose();
        Api.Dispose();
        _keys.Dispose();
    }
}
