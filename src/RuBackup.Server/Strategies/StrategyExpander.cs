using RuBackup.Api;
using RuBackup.Catalog;
using RuBackup.Server.Api;
using RuBackup.Server.Auth;
using RuBackup.Server.Hosting;
using RuBackup.Server.Options;
using RuBackup.Server.Rules;
using RuBackup.Server.Services;

namespace RuBackup.Server.Strategies;

/// <summary>
/// Turns strategies into rules: every VM reported by a strategy's client (or by the authorized members
/// of its group, by VM id) whose name matches the pattern gets one rule, made through RuleService so it
/// is validated and audited like a hand-made one, then marked with the strategy's id. Runs after a
/// client reports resources, on a timer, and after every change of a strategy. A rule is never deleted
/// here: a VM that vanishes still has archives whose retention the rule governs; its rule only gets a
/// note, cleared when the VM is reported again.
/// All expansion and every change of a strategy run under one lock, so two expansions in this process
/// never both create the rule of one VM.
/// </summary>
public sealed partial class StrategyExpander(ICatalog catalog, RuleService rules, ServerOptions options, ILogger<StrategyExpander> logger) : IPeriodicWork, IDisposable
{
    public const string GoneNote = "VM no longer reported by the client";

    public string Name => "strategy expansion";

    /// <summary>The timer catches what an expansion after a report missed: a client authorized or moved into a group after it reported, rules left pointing at a deleted strategy by a crash.</summary>
    public TimeSpan Period => options.ScheduleInterval;

    Task IPeriodicWork.RunOnceAsync(CancellationToken cancellationToken) => TickAsync(cancellationToken);

    private readonly RoundGate gate = new();

    /// <summary>Runs <paramref name="work"/> with no expansion and no other strategy change in between.</summary>
    public Task<T> ExclusiveAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken) => gate.RunAsync(work, cancellationToken);

    public void Dispose() => gate.Dispose();

    /// <summary>Expands every strategy; a strategy whose rules cannot be made (its pool was deleted) is logged and skipped.</summary>
    public Task<int> TickAsync(CancellationToken cancellationToken) =>
        ExclusiveAsync(async () =>
        {
            var strategies = await catalog.ListStrategiesAsync(cancellationToken).ConfigureAwait(false);
            await DetachOrphansAsync(strategies, cancellationToken).ConfigureAwait(false);
            var created = 0;
            foreach (var strategy in strategies)
            {
                created += await TryExpandAsync(strategy, cancellationToken).ConfigureAwait(false);
            }
            return created;
        }, cancellationToken);

    /// <summary>Expands the strategies that may see a client's resources; never throws, because the client's report must not fail for it.</summary>
    public async Task ClientReportedAsync(long clientId, CancellationToken cancellationToken)
    {
        try
        {
            var client = (await catalog.FindClientAsync(clientId, cancellationToken).ConfigureAwait(false))?.Info;
            if (client is null)
            {
                return;
            }
            await ExclusiveAsync(async () =>
            {
                var strategies = await catalog.ListStrategiesAsync(cancellationToken).ConfigureAwait(false);
                foreach (var strategy in strategies.Where(s => s.Settings.Client == client.Name || (client.Group is not null && s.Settings.ClientGroup == client.Group)))
                {
                    await TryExpandAsync(strategy, cancellationToken).ConfigureAwait(false);
                }
                return 0;
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
#pragma warning disable CA1031 // the report is saved already; an expansion failure is logged and retried by the timer
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogReportExpansionFailed(logger, clientId, e);
        }
    }

    /// <summary>
    /// Expands one strategy; the caller holds the lock (<see cref="ExclusiveAsync"/>). Returns the rules made.
    /// Throws <see cref="ApiException"/> when a rule's settings are refused.
    /// </summary>
    public async Task<IReadOnlyList<RuleInfo>> ExpandAsync(StrategyInfo strategy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        var settings = strategy.Settings;
        var reported = await ReportedAsync(settings, cancellationToken).ConfigureAwait(false);
        if (reported is null)
        {
            return [];
        }
        var matching = reported.Values.Where(r => NamePattern.Matches(settings.NamePattern, r.Name)).ToDictionary(r => r.Id, StringComparer.Ordinal);
        var allRules = (await catalog.ListRulesAsync(cancellationToken).ConfigureAwait(false)).ToList();
        var caller = new Caller("strategy:" + settings.Name, AuditLog.ServerActor, null, null);
        var made = new List<RuleInfo>();
        foreach (var vm in matching.Values.OrderBy(r => r.Name, StringComparer.Ordinal))
        {
            if (allRules.Any(r => r.StrategyId == strategy.Id && r.Settings.Resource == vm.Id))
            {
                continue;
            }
            var baseName = RuleName(settings.Name, vm.Name);
            // A crash between creating a rule and marking it leaves it unmarked: adopt it rather than make a second rule of the VM.
            var orphan = allRules.FirstOrDefault(r => r.StrategyId is null && r.Settings.Resource == vm.Id && IsNamed(r.Settings.Name, baseName)
                && r.Settings.Client == settings.Client && r.Settings.ClientGroup == settings.ClientGroup);
            var rule = orphan ?? await CreateRuleAsync(caller, strategy, vm, baseName, allRules, cancellationToken).ConfigureAwait(false);
            await catalog.SetRuleStrategyAsync(rule.Id, strategy.Id, cancellationToken).ConfigureAwait(false);
            rule = rule with { StrategyId = strategy.Id };
            if (orphan is not null)
            {
                allRules.Remove(orphan);
            }
            allRules.Add(rule);
            made.Add(rule);
        }
        foreach (var rule in allRules.Where(r => r.StrategyId == strategy.Id))
        {
            var present = matching.ContainsKey(rule.Settings.Resource);
            if (!present && rule.Note is null)
            {
                await catalog.SetRuleNoteAsync(rule.Id, GoneNote, cancellationToken).ConfigureAwait(false);
            }
            else if (present && rule.Note == GoneNote)
            {
                await catalog.SetRuleNoteAsync(rule.Id, null, cancellationToken).ConfigureAwait(false);
            }
        }
        return made;
    }

    /// <summary>"STRATEGY/VM", cut so that a numeric suffix still fits the rules' name limit.</summary>
    public static string RuleName(string strategyName, string vmName)
    {
        ArgumentNullException.ThrowIfNull(strategyName);
        var name = strategyName + "/" + vmName;
        return name.Length <= RuleValidator.MaxNameLength - 8 ? name : name[..(RuleValidator.MaxNameLength - 8)];
    }

    private static bool IsNamed(string name, string baseName) =>
        name == baseName || (name.StartsWith(baseName + "-", StringComparison.Ordinal) && name.Length > baseName.Length + 1 && name[(baseName.Length + 1)..].All(char.IsAsciiDigit));

    private async Task<RuleInfo> CreateRuleAsync(Caller caller, StrategyInfo strategy, ResourceInfo vm, string baseName, List<RuleInfo> allRules, CancellationToken cancellationToken)
    {
        var taken = allRules.Select(r => r.Settings.Name).ToHashSet(StringComparer.Ordinal);
        for (var n = 1; ; n++)
        {
            var name = n == 1 ? baseName : $"{baseName}-{n}";
            if (taken.Contains(name))
            {
                continue;
            }
            var settings = strategy.Settings.ToRule(name, vm.Id, vm.Name) with { EnableAfterCreation = strategy.Status == RuleStatus.Run };
            try
            {
                return await rules.CreateAsync(caller, settings, cancellationToken).ConfigureAwait(false);
            }
            catch (ApiException e) when (e.Status == StatusCodes.Status409Conflict && n < 1000)
            {
                // Made by hand meanwhile: try the next suffix.
            }
        }
    }

    /// <summary>The resources the strategy's client(s) reported, by VM id; null when its client is missing or not authorized.</summary>
    private async Task<Dictionary<string, ResourceInfo>?> ReportedAsync(StrategySettings settings, CancellationToken cancellationToken)
    {
        List<ClientInfo> clients;
        if (settings.Client is { } name)
        {
            var client = (await catalog.FindClientByNameAsync(name, cancellationToken).ConfigureAwait(false))?.Info;
            if (client is not { Status: ClientStatus.Authorized })
            {
                return null;
            }
            clients = [client];
        }
        else
        {
            clients = (await catalog.ListClientsAsync(ClientStatus.Authorized, cancellationToken).ConfigureAwait(false))
                .Select(c => c.Info).Where(c => c.Group == settings.ClientGroup).OrderBy(c => c.Id).ToList();
        }
        var byId = new Dictionary<string, ResourceInfo>(StringComparer.Ordinal);
        foreach (var client in clients)
        {
            foreach (var resource in await catalog.ListResourcesAsync(client.Id, cancellationToken).ConfigureAwait(false))
            {
                if (resource.Type == settings.ResourceType)
                {
                    byId.TryAdd(resource.Id, resource);
                }
            }
        }
        return byId;
    }

    private async Task<int> TryExpandAsync(StrategyInfo strategy, CancellationToken cancellationToken)
    {
        try
        {
            return (await ExpandAsync(strategy, cancellationToken).ConfigureAwait(false)).Count;
        }
        catch (ApiException e)
        {
            LogExpansionRefused(logger, strategy.Id, strategy.Settings.Name, e.Message);
            return 0;
        }
    }

    /// <summary>A crash while deleting a strategy (row first, then its rules) leaves rules pointing nowhere: they become hand-made.</summary>
    private async Task DetachOrphansAsync(IReadOnlyList<StrategyInfo> strategies, CancellationToken cancellationToken)
    {
        var known = strategies.Select(s => s.Id).ToHashSet();
        foreach (var rule in await catalog.ListRulesAsync(cancellationToken).ConfigureAwait(false))
        {
            if (rule.StrategyId is { } id && !known.Contains(id))
            {
                await DetachAsync(rule, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Makes a generated rule hand-made; the strategy's note goes with it, since nothing would clear it any more.</summary>
    public async Task DetachAsync(RuleInfo rule, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rule);
        await catalog.SetRuleStrategyAsync(rule.Id, null, cancellationToken).ConfigureAwait(false);
        if (rule.Note == GoneNote)
        {
            await catalog.SetRuleNoteAsync(rule.Id, null, cancellationToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "strategy {Id} ({Name}) made no rules: {Reason}")]
    private static partial void LogExpansionRefused(ILogger logger, long id, string name, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "expanding the strategies after client {ClientId} reported resources failed; the timer retries")]
    private static partial void LogReportExpansionFailed(ILogger logger, long clientId, Exception exception);
}
