using RuBackup.Api;
using RuBackup.Client.Api;
using RuBackup.Client.Logging;
using RuBackup.Client.Modules;

namespace RuBackup.Client.Tasks;

/// <summary>
/// Tells the server what the module can back up (`-l --json`), at start and every interval. A report the
/// server refuses (not authorized yet) is retried every retry period with the same list, so the VMs show
/// up soon after an administrator authorizes the client.
/// </summary>
public sealed class ResourceReporter
{
    private static readonly TimeSpan ListTimeout = TimeSpan.FromMinutes(5);

    private readonly RuBackupApiClient _api;
    private readonly ModuleSettings _module;
    private readonly TimeSpan _interval;
    private readonly TimeSpan _retry;
    private readonly ClientLog _log;
    private readonly TimeProvider _time;

    public ResourceReporter(RuBackupApiClient api, ModuleSettings module, TimeSpan interval, TimeSpan retry, ClientLog log, TimeProvider? time = null)
    {
        _api = api ?? throw new ArgumentNullException(nameof(api));
        _module = module ?? throw new ArgumentNullException(nameof(module));
        _log = log ?? throw new ArgumentNullException(nameof(log));
        _interval = interval;
        _retry = retry;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Runs `module -c CONF -l --json`; null (with the reason logged) when it fails.</summary>
    public async Task<IReadOnlyList<ResourceInfo>?> ListAsync(CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        try
        {
            using var process = ModuleProcess.Start(_module.ModulePath, ModuleCommandLine.List(_module), new Dictionary<string, string>(), line =>
            {
                if (line is ModuleLine.Log { Level: "error" or "warning" } log)
                {
                    lock (errors)
                    {
                        errors.Add(log.Message);
                    }
                }
            });
            int exit;
            using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                deadline.CancelAfter(ListTimeout);
                try
                {
                    exit = await process.WaitAsync(deadline.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    await process.StopAsync(TimeSpan.FromSeconds(10), _time).ConfigureAwait(false);
                    if (!cancellationToken.IsCancellationRequested)
                    {
                        _log.Warn($"resources: {_module.ModuleName} -l gave no answer within {ListTimeout.TotalMinutes:0} min");
                    }
                    return null;
                }
            }
            var resources = exit == 0 ? ModuleResult.ParseResources(process.Stdout, _module.Type) : null;
            if (resources is null)
            {
                _log.Warn($"resources: {_module.ModuleName} -l failed (exit {exit}): {string.Join("; ", errors.TakeLast(3))}");
            }
            return resources;
        }
        catch (TaskSetupException e)
        {
            _log.Warn($"resources: {e.Message}");
            return null;
        }
    }

    public async Task RunAsync(CancellationToken stop)
    {
        IReadOnlyList<ResourceInfo>? resources = null;
        var delivered = false;
        var nextList = _time.GetUtcNow();
        string? lastProblem = null;
        int? lastCount = null;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (_time.GetUtcNow() >= nextList)
                {
                    resources = await ListAsync(stop).ConfigureAwait(false);
                    nextList = _time.GetUtcNow() + _interval;
                    delivered = false;
                }
                if (resources is not null && !delivered)
                {
                    try
                    {
                        await _api.ReportResourcesAsync(new ResourceReport(_module.Type, resources), stop).ConfigureAwait(false);
                        delivered = true;
                        lastProblem = null;
                        if (lastCount != resources.Count)
                        {
                            _log.Info($"resources reported: {resources.Count} {_module.Type} VM(s)");
                            lastCount = resources.Count;
                        }
                    }
                    catch (ApiException e)
                    {
                        if (e.Message != lastProblem)
                        {
                            _log.Warn($"resources not reported: {e.Message}");
                            lastProblem = e.Message;
                        }
                    }
                }
                var wait = resources is not null && !delivered ? _retry : nextList - _time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _time, stop).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
