using RuBackup.Api;
using RuBackup.Catalog;
using RuBackup.Server.Api;
using RuBackup.Server.Auth;
using RuBackup.Server.Schedule;
using RuBackup.Server.Services;
using RuBackup.Server.Tasks;

namespace RuBackup.Server.Rules;

/// <summary>
/// Rules of the global schedule: stored with all their settings, created in status run (or wait when
/// "enable after creation" is off), paused, resumed and run now. Running the cron schedule itself is
/// the scheduler's job (Schedule/); "run now" makes a backup task whatever the status.
/// </summary>
public sealed class RuleService(ICatalog catalog, RuleValidator validator, TaskQueue queue, AuditLog audit, TimeProvider time)
{
    public async Task<IReadOnlyList<RuleInfo>> ListAsync(CancellationToken cancellationToken) =>
        [.. (await catalog.ListRulesAsync(cancellationToken).ConfigureAwait(false)).Select(WithNextRun)];

    public async Task<RuleInfo> GetAsync(long id, CancellationToken cancellationToken) =>
        WithNextRun(await catalog.FindRuleAsync(id, cancellationToken).ConfigureAwait(false) ?? throw ApiException.NotFound($"no rule {id}"));

    public async Task<RuleInfo> CreateAsync(Caller caller, RuleSettings settings, CancellationToken cancellationToken)
    {
        settings = Normalize(settings);
        await validator.ValidateAsync(settings, cancellationToken).ConfigureAwait(false);
        RuleInfo rule;
        try
        {
            rule = await catalog.CreateRuleAsync(settings, settings.EnableAfterCreation ? RuleStatus.Run : RuleStatus.Wait, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }
        catch (CatalogConflictException)
        {
            throw ApiException.Conflict($"a rule named '{settings.Name}' exists");
        }
        await audit.RecordAsync(caller, "rule.create", Target(rule), Describe(settings), cancellationToken).ConfigureAwait(false);
        return rule;
    }

    public async Task<RuleInfo> UpdateAsync(Caller caller, long id, RuleSettings settings, CancellationToken cancellationToken)
    {
        _ = await GetAsync(id, cancellationToken).ConfigureAwait(false);
        settings = Normalize(settings);
        await validator.ValidateAsync(settings, cancellationToken).ConfigureAwait(false);
        RuleInfo rule;
        try
        {
            rule = await catalog.UpdateRuleAsync(id, settings, cancellationToken).ConfigureAwait(false) ?? throw ApiException.NotFound($"no rule {id}");
        }
        catch (CatalogConflictException)
        {
            throw ApiException.Conflict($"a rule named '{settings.Name}' exists");
        }
        await audit.RecordAsync(caller, "rule.update", Target(rule), Describe(settings), cancellationToken).ConfigureAwait(false);
        return rule;
    }

    public async Task DeleteAsync(Caller caller, long id, CancellationToken cancellationToken)
    {
        var rule = await GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (!await catalog.DeleteRuleAsync(id, cancellationToken).ConfigureAwait(false))
        {
            throw ApiException.NotFound($"no rule {id}");
        }
        await audit.RecordAsync(caller, "rule.delete", Target(rule), null, cancellationToken).ConfigureAwait(false);
    }

    public Task<RuleInfo> PauseAsync(Caller caller, long id, CancellationToken cancellationToken) =>
        SetStatusAsync(caller, id, RuleStatus.Wait, "rule.pause", cancellationToken);

    public Task<RuleInfo> ResumeAsync(Caller caller, long id, CancellationToken cancellationToken) =>
        SetStatusAsync(caller, id, RuleStatus.Run, "rule.resume", cancellationToken);

    /// <summary>A backup task now, whatever the rule's status; <paramref name="type"/> overrides the rule's backup type.</summary>
    public async Task<TaskInfo> RunNowAsync(Caller caller, long id, string? type, CancellationToken cancellationToken)
    {
        var rule = await GetAsync(id, cancellationToken).ConfigureAwait(false);
        var kind = rule.Settings.BackupType;
        if (!string.IsNullOrEmpty(type))
        {
            kind = Enum.TryParse<BackupKind>(type, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
                ? parsed
                : throw ApiException.BadRequest("type", $"'{type}' is not a backup type (full, incremental, differential)");
        }
        var task = await EnqueueBackupAsync(rule, kind, caller.Actor, 1, cancellationToken).ConfigureAwait(false);
        await catalog.SetRuleLastRunAsync(id, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        await audit.RecordAsync(caller, "rule.run", Target(rule), $"task {task.Id}, {task.BackupType}", cancellationToken).ConfigureAwait(false);
        return task;
    }

    /// <summary>
    /// Makes the rule's backup task and queues it: full instead of <paramref name="kind"/> when the base
    /// is missing or damaged (the task log says why), and ended in error at once when the rule's
    /// archives already hold its maximum volume. Every maker of backup tasks (run now, the scheduler,
    /// strategies) should come through here.
    /// </summary>
    public async Task<TaskInfo> EnqueueBackupAsync(RuleInfo rule, BackupKind kind, string createdBy, int attempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var (planned, whyFull) = await PlanBackupAsync(rule, kind, createdBy, attempt, cancellationToken).ConfigureAwait(false);
        var task = await queue.EnqueueAsync(planned, cancellationToken).ConfigureAwait(false);
        if (whyFull is not null)
        {
            await queue.LogAsync(task.Id, "warning", whyFull, cancellationToken).ConfigureAwait(false);
        }
        if (VolumeLimit.LimitBytes(rule.Settings) is { } limit
            && await VolumeLimit.HeldBytesAsync(catalog, rule.Id, cancellationToken).ConfigureAwait(false) is var held && held >= limit)
        {
            var reason = VolumeLimit.Exceeded(rule, held, limit);
            // A client may have claimed it in the moment between; then the pool budget stops its write.
            if (await catalog.TransitionTaskAsync(task.Id, [TaskState.New], TaskState.Error, time.GetUtcNow(), reason, cancellationToken).ConfigureAwait(false) is { } failed)
            {
                await queue.LogAsync(task.Id, "error", reason, cancellationToken).ConfigureAwait(false);
                return failed;
            }
        }
        return task;
    }

    /// <summary>The backup task of a rule: for one client, or for its group (any member may claim it); full when the base is missing or damaged.</summary>
    public async Task<TaskInfo> BackupTaskAsync(RuleInfo rule, BackupKind kind, string createdBy, int attempt, CancellationToken cancellationToken) =>
        (await PlanBackupAsync(rule, kind, createdBy, attempt, cancellationToken).ConfigureAwait(false)).Task;

    private async Task<(TaskInfo Task, string? WhyFull)> PlanBackupAsync(RuleInfo rule, BackupKind kind, string createdBy, int attempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var whyFull = await BackupBase.WhyFullAsync(catalog, rule, kind, cancellationToken).ConfigureAwait(false);
        if (whyFull is not null)
        {
            kind = BackupKind.Full;
        }
        ClientInfo? client = null;
        if (rule.Settings.Client is { } name)
        {
            client = (await catalog.FindClientByNameAsync(name, cancellationToken).ConfigureAwait(false))?.Info
                ?? throw ApiException.Conflict($"client '{name}' of rule {rule.Id} no longer exists; edit the rule");
        }
        return (new TaskInfo
        {
            Id = 0,
            Kind = TaskKind.Backup,
            State = TaskState.New,
            RuleId = rule.Id,
            ClientId = client?.Id,
            ClientName = client?.Name,
            ClientGroup = rule.Settings.ClientGroup,
            Pool = rule.Settings.Pool,
            ResourceType = rule.Settings.ResourceType,
            Resource = rule.Settings.Resource,
            ResourceName = rule.Settings.ResourceName,
            BackupType = kind,
            Attempt = attempt,
            CreatedBy = createdBy,
            Created = time.GetUtcNow(),
        }, whyFull);
    }

    private RuleInfo WithNextRun(RuleInfo rule) => rule with { NextRun = CronSchedule.NextRun(rule, time.GetUtcNow()) };

    private async Task<RuleInfo> SetStatusAsync(Caller caller, long id, RuleStatus status, string action, CancellationToken cancellationToken)
    {
        var rule = await catalog.SetRuleStatusAsync(id, status, cancellationToken).ConfigureAwait(false) ?? throw ApiException.NotFound($"no rule {id}");
        await audit.RecordAsync(caller, action, Target(rule), null, cancellationToken).ConfigureAwait(false);
        return rule;
    }

    /// <summary>Blank client or group as unset, an empty post-backup script as none, and the defaults JSON nulls leave out; strategies normalize their template with it too.</summary>
    internal static RuleSettings Normalize(RuleSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings with
        {
            Client = string.IsNullOrWhiteSpace(settings.Client) ? null : settings.Client,
            ClientGroup = string.IsNullOrWhiteSpace(settings.ClientGroup) ? null : settings.ClientGroup,
            ResourceType = settings.ResourceType ?? RuleValidator.ResourceType,
            Encryption = RuleValidator.NormalizeEncryption(settings.Encryption ?? RuleValidator.NoEncryption),
            ScriptAfterBackup = string.IsNullOrEmpty(settings.ScriptAfterBackup) ? null : settings.ScriptAfterBackup,
            Notify = settings.Notify ?? [],
            NotifyOn = settings.NotifyOn ?? [NotifyEvent.Failure, NotifyEvent.Expiry, NotifyEvent.VerifyFailure],
        };
    }

    private static string Target(RuleInfo rule) => $"rule {rule.Id} ({rule.Settings.Name})";

    private static string Describe(RuleSettings s) =>
        $"{(s.Client is null ? "group " + s.ClientGroup : "client " + s.Client)}, {s.ResourceType} {s.Resource}, pool {s.Pool}, {s.BackupType}, '{s.Schedule}', keep {s.RetentionDays} d, {s.Encryption}";
}
