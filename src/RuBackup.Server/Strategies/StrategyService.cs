using RuBackup.Api;
using RuBackup.Catalog;
using RuBackup.Server.Api;
using RuBackup.Server.Auth;
using RuBackup.Server.Rules;
using RuBackup.Server.Services;

namespace RuBackup.Server.Strategies;

/// <summary>
/// Strategies as the API sees them. A strategy's settings are validated as the settings of the rules it
/// generates (RuleValidator, the same fields named), and every change reaches those rules: new settings
/// are written to each (names and VMs kept), pause and resume set their status, run makes a backup task
/// of each. Changes hold the expander's lock, so no expansion sees half a change.
/// </summary>
public sealed class StrategyService(ICatalog catalog, RuleValidator validator, RuleService rules, StrategyExpander expander, AuditLog audit, TimeProvider time)
{
    /// <summary>Room for "/VM" and a suffix in the generated rules' names.</summary>
    public const int MaxNameLength = 64;

    public Task<IReadOnlyList<StrategyInfo>> ListAsync(CancellationToken cancellationToken) => catalog.ListStrategiesAsync(cancellationToken);

    public async Task<StrategyInfo> GetAsync(long id, CancellationToken cancellationToken) =>
        await catalog.FindStrategyAsync(id, cancellationToken).ConfigureAwait(false) ?? throw ApiException.NotFound($"no strategy {id}");

    public async Task<IReadOnlyList<RuleInfo>> RulesAsync(long id, CancellationToken cancellationToken)
    {
        _ = await GetAsync(id, cancellationToken).ConfigureAwait(false);
        return (await catalog.ListRulesAsync(cancellationToken).ConfigureAwait(false)).Where(r => r.StrategyId == id).ToList();
    }

    public async Task<StrategyInfo> CreateAsync(Caller caller, StrategySettings settings, CancellationToken cancellationToken)
    {
        settings = Normalize(settings);
        await ValidateAsync(settings, cancellationToken).ConfigureAwait(false);
        return await expander.ExclusiveAsync(async () =>
        {
            StrategyInfo strategy;
            try
            {
                strategy = await catalog.CreateStrategyAsync(settings, settings.EnableAfterCreation ? RuleStatus.Run : RuleStatus.Wait, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            }
            catch (CatalogConflictException)
            {
                throw ApiException.Conflict($"a strategy named '{settings.Name}' exists");
            }
            await audit.RecordAsync(caller, "strategy.create", Target(strategy), Describe(settings), cancellationToken).ConfigureAwait(false);
            await expander.ExpandAsync(strategy, cancellationToken).ConfigureAwait(false);
            return await GetAsync(strategy.Id, cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<StrategyInfo> UpdateAsync(Caller caller, long id, StrategySettings settings, CancellationToken cancellationToken)
    {
        settings = Normalize(settings);
        await ValidateAsync(settings, cancellationToken).ConfigureAwait(false);
        return await expander.ExclusiveAsync(async () =>
        {
            StrategyInfo strategy;
            try
            {
                strategy = await catalog.UpdateStrategyAsync(id, settings, cancellationToken).ConfigureAwait(false) ?? throw ApiException.NotFound($"no strategy {id}");
            }
            catch (CatalogConflictException)
            {
                throw ApiException.Conflict($"a strategy named '{settings.Name}' exists");
            }
            await audit.RecordAsync(caller, "strategy.update", Target(strategy), Describe(settings), cancellationToken).ConfigureAwait(false);
            foreach (var rule in await GeneratedAsync(id, cancellationToken).ConfigureAwait(false))
            {
                var s = rule.Settings;
                await rules.UpdateAsync(caller, rule.Id, settings.ToRule(s.Name, s.Resource, s.ResourceName) with { EnableAfterCreation = s.EnableAfterCreation }, cancellationToken).ConfigureAwait(false);
            }
            // The pattern or the client may have changed: VMs may match now, or no longer.
            await expander.ExpandAsync(strategy, cancellationToken).ConfigureAwait(false);
            return await GetAsync(id, cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Deletes the strategy row first, then handles its rules: a crash in between leaves rules whose strategy
    /// is gone, and the expander's timer makes them hand-made (so "delete" may degrade to "keep", never the reverse).
    /// </summary>
    public async Task DeleteAsync(Caller caller, long id, string? rulesMode, CancellationToken cancellationToken)
    {
        var deleteRules = rulesMode switch
        {
            null or "" or "keep" => false,
            "delete" => true,
            _ => throw ApiException.BadRequest("rules", $"rules '{rulesMode}': give keep (the default: the rules stay as hand-made rules) or delete"),
        };
        await expander.ExclusiveAsync(async () =>
        {
            var strategy = await GetAsync(id, cancellationToken).ConfigureAwait(false);
            var generated = await GeneratedAsync(id, cancellationToken).ConfigureAwait(false);
            if (!await catalog.DeleteStrategyAsync(id, cancellationToken).ConfigureAwait(false))
            {
                throw ApiException.NotFound($"no strategy {id}");
            }
            foreach (var rule in generated)
            {
                if (deleteRules)
                {
                    await rules.DeleteAsync(caller, rule.Id, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await expander.DetachAsync(rule, cancellationToken).ConfigureAwait(false);
                }
            }
            await audit.RecordAsync(caller, "strategy.delete", Target(strategy),
                $"{generated.Count} rule(s) {(deleteRules ? "deleted" : "kept as hand-made rules")}", cancellationToken).ConfigureAwait(false);
            return 0;
        }, cancellationToken).ConfigureAwait(false);
    }

    public Task<StrategyInfo> PauseAsync(Caller caller, long id, CancellationToken cancellationToken) =>
        SetStatusAsync(caller, id, RuleStatus.Wait, "strategy.pause", cancellationToken);

    public Task<StrategyInfo> ResumeAsync(Caller caller, long id, CancellationToken cancellationToken) =>
        SetStatusAsync(caller, id, RuleStatus.Run, "strategy.resume", cancellationToken);

    /// <summary>
    /// Expands first (a VM reported a moment ago is included), then a backup task of each generated rule
    /// whose VM is still reported; a rule noted as gone would only make a task that fails.
    /// </summary>
    public async Task<IReadOnlyList<TaskInfo>> RunNowAsync(Caller caller, long id, CancellationToken cancellationToken)
    {
        var generated = await expander.ExclusiveAsync(async () =>
        {
            var strategy = await GetAsync(id, cancellationToken).ConfigureAwait(false);
            await expander.ExpandAsync(strategy, cancellationToken).ConfigureAwait(false);
            return await GeneratedAsync(id, cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        var tasks = new List<TaskInfo>();
        foreach (var rule in generated.Where(r => r.Note != StrategyExpander.GoneNote))
        {
            tasks.Add(await rules.RunNowAsync(caller, rule.Id, null, cancellationToken).ConfigureAwait(false));
        }
        var strategyInfo = await GetAsync(id, cancellationToken).ConfigureAwait(false);
        await audit.RecordAsync(caller, "strategy.run", Target(strategyInfo), $"{tasks.Count} task(s): {string.Join(", ", tasks.Select(t => t.Id))}", cancellationToken).ConfigureAwait(false);
        return tasks;
    }

    private Task<StrategyInfo> SetStatusAsync(Caller caller, long id, RuleStatus status, string action, CancellationToken cancellationToken) =>
        expander.ExclusiveAsync(async () =>
        {
            var strategy = await catalog.SetStrategyStatusAsync(id, status, cancellationToken).ConfigureAwait(false) ?? throw ApiException.NotFound($"no strategy {id}");
            await audit.RecordAsync(caller, action, Target(strategy), null, cancellationToken).ConfigureAwait(false);
            foreach (var rule in await GeneratedAsync(id, cancellationToken).ConfigureAwait(false))
            {
                _ = status == RuleStatus.Run
                    ? await rules.ResumeAsync(caller, rule.Id, cancellationToken).ConfigureAwait(false)
                    : await rules.PauseAsync(caller, rule.Id, cancellationToken).ConfigureAwait(false);
            }
            return strategy;
        }, cancellationToken);

    private async Task<List<RuleInfo>> GeneratedAsync(long id, CancellationToken cancellationToken) =>
        (await catalog.ListRulesAsync(cancellationToken).ConfigureAwait(false)).Where(r => r.StrategyId == id).ToList();

    /// <summary>The strategy's own checks, then the template checked as the settings of a generated rule.</summary>
    private async Task ValidateAsync(StrategySettings settings, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(settings.Name) || settings.Name.Length > MaxNameLength || settings.Name.Any(char.IsControl))
        {
            throw ApiException.BadRequest("name", $"the strategy needs a name of 1 to {MaxNameLength} printable characters");
        }
        if (NamePattern.Problem(settings.NamePattern) is { } problem)
        {
            throw ApiException.BadRequest("namePattern", problem);
        }
        await validator.ValidateAsync(settings.ToRule(settings.Name, settings.NamePattern, null), cancellationToken).ConfigureAwait(false);
    }

    private static StrategySettings Normalize(StrategySettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return StrategySettings.FromRule(RuleService.Normalize(settings.ToRule(settings.Name, settings.NamePattern, null)), settings.NamePattern);
    }

    private static string Target(StrategyInfo strategy) => $"strategy {strategy.Id} ({strategy.Settings.Name})";

    private static string Describe(StrategySettings s) =>
        $"{(s.Client is null ? "group " + s.ClientGroup : "client " + s.Client)}, {s.ResourceType} '{s.NamePattern}', pool {s.Pool}, {s.BackupType}, '{s.Schedule}', keep {s.RetentionDays} d, {s.Encryption}";
}
