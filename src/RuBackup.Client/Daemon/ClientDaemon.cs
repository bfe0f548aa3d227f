using RuBackup.Api;
using RuBackup.Client.Api;
using RuBackup.Client.Auth;
using RuBackup.Client.Config;
using RuBackup.Client.Keys;
using RuBackup.Client.Logging;
using RuBackup.Client.Modules;
using RuBackup.Client.Tasks;

namespace RuBackup.Client.Daemon;

/// <summary>
/// The client daemon from start to stop: config, log (first record: the modules found), keys,
/// registration (retried while the server is unreachable), then the task poll loop and the resource
/// reports until <c>stop</c>; a running module is stopped with SIGTERM and its task reported.
/// </summary>
public static class ClientDaemon
{
    public const int ExitError = 2;

    /// <param name="console">Where one-line fatal errors and (with <paramref name="echo"/>) every log line go.</param>
    /// <param name="tuning">Overrides of the task timings (tests); the config's values are applied on top.</param>
    public static async Task<int> RunAsync(ClientPaths paths, string? configFile, TextWriter console, bool echo, CancellationToken stop, TaskRunnerOptions? tuning = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(console);
        ClientConfig config;
        ClientLog log;
        try
        {
            config = ClientConfigParser.Load(paths, configFile);
            log = new ClientLog(paths.LogFile, echo ? console : null);
        }
        catch (Exception e) when (e is ClientConfigException or IOException or UnauthorizedAccessException)
        {
            await console.WriteLineAsync($"rubackup-client: error: {e.Message}").ConfigureAwait(false);
            return ExitError;
        }
        using (log)
        {
            try
            {
                return await RunAsync(paths, config, log, stop, tuning).ConfigureAwait(false);
            }
            catch (Exception e) when (e is KeyFileException or ApiException or IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                log.Error(e.Message);
                if (!echo)
                {
                    await console.WriteLineAsync($"rubackup-client: error: {e.Message}").ConfigureAwait(false);
                }
                return ExitError;
            }
        }
    }

    private static async Task<int> RunAsync(ClientPaths paths, ClientConfig config, ClientLog log, CancellationToken stop, TaskRunnerOptions? tuning)
    {
        var module = new ModuleSettings
        {
            ModulePath = config.ModulePath,
            ModuleConfig = config.ModuleConfig,
            MasterKeyFile = paths.MasterKey,
            SigningKeyFile = paths.SigningKey,
            ClientName = config.Name,
            ServerCa = config.ServerCa,
            RestoreFolder = paths.RestoreFolder,
            ExportFolder = config.ExportFolder,
        };
        var probe = await ModuleProbe.RunAsync(module, TimeSpan.FromSeconds(30), stop).ConfigureAwait(false);
        log.Info($"rubackup-client {ClientIdentity.ProductVersion} starting as '{config.Name}', server {config.Server}, config {config.File}; {ModuleProbe.Describe([probe])}");

        using var keys = ClientKeys.LoadOrCreate(paths, log.Info);
        using var api = new RuBackupApiClient(config.Server, config.ServerCa);
        using var session = new ClientSession(api, keys) { Registered = id => ClientIdFile.Write(paths, id) };
        var identity = new ClientIdentity(config.Name, Environment.MachineName, probe.Answers ? [probe.Type] : [], config.CentralizedRestore, ClientIdentity.ProductVersion);

        var options = (tuning ?? new TaskRunnerOptions()) with
        {
            PollWait = config.PollWait,
            MaxTasks = config.MaxTasks,
            ServerUnreachableLimit = config.ServerUnreachableLimit,
        };
        if (!await RegisterAsync(session, identity, keys, options, log, stop).ConfigureAwait(false))
        {
            log.Info("rubackup-client stopped before it could register");
            return 0;
        }

        var runner = new TaskRunner(api, module, options, log);
        var poll = new TaskPollLoop(api, runner, options, log);
        var resources = new ResourceReporter(api, module, config.ResourceReportInterval, config.PollWait, log);
        await Task.WhenAll(poll.RunAsync(stop), resources.RunAsync(stop)).ConfigureAwait(false);
        log.Info("rubackup-client stopped");
        return 0;
    }

    /// <summary>Retries while the server does not answer; a refusal (bad name, key clash) is fatal.</summary>
    private static async Task<bool> RegisterAsync(ClientSession session, ClientIdentity identity, ClientKeys keys, TaskRunnerOptions options, ClientLog log, CancellationToken stop)
    {
        var backoff = new Backoff(options.RetryFirst, options.RetryMax);
        string? problem = null;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var registration = await session.RegisterAsync(identity, stop).ConfigureAwait(false);
                log.Info($"registered as client {registration.ClientId} '{identity.Name}' ({registration.Status.ToString().ToLowerInvariant()}), key fingerprint {keys.Fingerprint}");
                if (registration.Status != ClientStatus.Authorized)
                {
                    log.Warn($"this client gets no tasks until an administrator authorizes it (rb_admin clients authorize {identity.Name})");
                }
                return true;
            }
            catch (ApiException e) when (e.NoAnswer || e.StatusCode >= 500)
            {
                if (e.Message != problem)
                {
                    log.Warn($"cannot register: {e.Message}; retrying");
                    problem = e.Message;
                }
                try
                {
                    await Task.Delay(backoff.Next(), stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return false;
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return false;
            }
        }
        return false;
    }
}
