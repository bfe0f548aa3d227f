using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RuBackup.Api;
using RuBackup.Server.Notifications;
using RuBackup.Server.Options;
using RuBackup.Server.Tests.Support;

namespace RuBackup.Server.Tests;

/// <summary>
/// Notifications end to end: finished tasks become outbox rows, e-mails reach a real SMTP server on
/// loopback (aiosmtpd) and webhooks a local listener; retries, the missing SMTP server, secrets.
/// </summary>
public abstract class NotificationTests(string provider) : IAsyncLifetime
{
    private const string Mail = "ops@example.org";
    private const string From = "backup-server@example.org";
    private const string SmtpPassword = "smtp-Pw-7f3a-never-logged";

    private CatalogBackend _backend = null!;
    private TestServer? _server;

    private TestServer Server => _server!;

    private HttpClient Admin { get; set; } = null!;

    public async Task InitializeAsync() => _backend = await CatalogBackend.CreateAsync(provider);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
        await _backend.DisposeAsync();
    }

    [Fact]
    public async Task TaskOutcomes_MailAndWebhookSelected_EmailArrivesAtSmtpServerAndWebhookGetsJson()
    {
        await using var smtp = await SmtpSink.StartAsync();
        await using var webhook = await WebhookListener.StartAsync();
        await StartAsync(o => o.SmtpServer = smtp.Address);
        var (client, rule) = await ClientWithRuleAsync([Mail, webhook.Url.ToString()], [NotifyEvent.Success, NotifyEvent.Failure]);

        await RunNowAsync(rule.Id);
        var (done, backup) = await ClientRuns.BackupAsync(client, ClientRuns.Disk(1, 4));
        var archiveId = backup.Manifest.Id;
        var failed = await FailedBackupAsync(client, rule.Id, "snapshot failed: volume vol-9 is gone\nstack trace the subject leaves out");

        var mails = await smtp.WaitForMessagesAsync(2);
        var hooks = await webhook.WaitForAsync(2);
        var success = mails.Single(m => m.Subject?.Contains("success", StringComparison.Ordinal) == true);
        Assert.Equal(From, success.From.Mailboxes.Single().Address);
        Assert.Equal(Mail, success.To.Mailboxes.Single().Address);
        Assert.Equal("[RuBackup] success: rule web-1 (VM web-1 [rustack vm-1]): " + $"backup of rule web-1 of VM web-1 [rustack vm-1] finished: archive {archiveId}", success.Subject);
        foreach (var expected in new[] { "web-1 (id " + rule.Id, "VM web-1 [rustack vm-1]", archiveId, "Task:     " + done.Id, "client1" })
        {
            Assert.Contains(expected, success.TextBody, StringComparison.Ordinal);
        }
        var failure = mails.Single(m => m.Subject?.Contains("failure", StringComparison.Ordinal) == true);
        Assert.Equal("[RuBackup] failure: rule web-1 (VM web-1 [rustack vm-1]): snapshot failed: volume vol-9 is gone", failure.Subject);
        Assert.Contains("Error:    snapshot failed: volume vol-9 is gone", failure.TextBody, StringComparison.Ordinal);
        Assert.Contains("Task:     " + failed.Id, failure.TextBody, StringComparison.Ordinal);

        Assert.All(webhook.Received, r => Assert.StartsWith("application/json", r.ContentType, StringComparison.Ordinal));
        var successHook = hooks.Single(h => h.GetProperty("event").GetString() == "Success");
        Assert.Equal(rule.Id, successHook.GetProperty("rule").GetProperty("id").GetInt64());
        Assert.Equal("web-1", successHook.GetProperty("rule").GetProperty("name").GetString());
        Assert.Equal("VM web-1 [rustack vm-1]", successHook.GetProperty("resource").GetString());
        Assert.Equal(archiveId, successHook.GetProperty("archiveId").GetString());
        Assert.Equal(done.Id, successHook.GetProperty("taskId").GetInt64());
        Assert.Equal("client1", successHook.GetProperty("client").GetString());
        Assert.Equal(JsonValueKind.Null, successHook.GetProperty("error").ValueKind);
        Assert.Equal(done.Finished, successHook.GetProperty("time").GetDateTimeOffset());
        var failureHook = hooks.Single(h => h.GetProperty("event").GetString() == "Failure");
        Assert.StartsWith("snapshot failed: volume vol-9 is gone", failureHook.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(failed.Id, failureHook.GetProperty("taskId").GetInt64());
        Assert.Contains("failed", failureHook.GetProperty("summary").GetString(), StringComparison.Ordinal);

        var outbox = await WaitForOutboxAsync(rows => rows.Length == 4 && rows.All(r => r.State == NotificationState.Sent));
        Assert.Equal(2, outbox.Count(r => r.Channel == NotificationChannel.Email));
        Assert.All(outbox, r => Assert.Equal(1, r.Attempts));
        // Exactly once: another look at the tasks queues nothing more.
        Assert.Equal(0, await Server.Host.Services.GetRequiredService<TaskOutcomeWatcher>().TickAsync(CancellationToken.None));
        Assert.Equal(4, (await Http.GetAsync<NotificationInfo[]>(Admin, ApiRoutes.Notifications)).Length);
        Assert.Equal(2, smtp.Messages().Count);
    }

    [Fact]
    public async Task TaskOutcome_EventNotSelected_NothingSentButLogged()
    {
        await using var smtp = await SmtpSink.StartAsync();
        await using var webhook = await WebhookListener.StartAsync();
        await StartAsync(o => o.SmtpServer = smtp.Address);
        var (client, rule) = await ClientWithRuleAsync([Mail, webhook.Url.ToString()], [NotifyEvent.Failure]);

        await RunNowAsync(rule.Id);
        var (done, _) = await ClientRuns.BackupAsync(client, ClientRuns.Disk(2, 3));
        await Server.Host.Services.GetRequiredService<TaskOutcomeWatcher>().TickAsync(CancellationToken.None);
        await Server.Host.Services.GetRequiredService<NotificationSender>().TickAsync(CancellationToken.None);

        Assert.Empty(await Http.GetAsync<NotificationInfo[]>(Admin, ApiRoutes.Notifications));
        Assert.Empty(smtp.Messages());
        Assert.Empty(webhook.Received);
        Assert.Contains(Server.Log.Lines, l => l.Contains("notice (success)", StringComparison.Ordinal) && l.Contains("0 message(s) queued", StringComparison.Ordinal)
            && l.Contains("web-1", StringComparison.Ordinal));
        Assert.Equal(TaskState.Done, done.State);
    }

    [Fact]
    public async Task Webhook_Answers500_RetriedWithBackoffThenFailedWithLastError()
    {
        await using var webhook = await WebhookListener.StartAsync();
        webhook.Status = 500;
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())); // the catalog keeps milliseconds
        await StartAsync(time: time);
        var (_, rule) = await ClientWithRuleAsync([webhook.Url.ToString()], [NotifyEvent.Failure]);
        var sender = Server.Host.Services.GetRequiredService<NotificationSender>();
        var queuedAt = time.GetUtcNow();

        await Server.Host.Services.GetRequiredService<INotifier>().NotifyAsync(
            new Notice(NotifyEvent.Failure, rule.Id, null, "VM web-1 [rustack vm-1]", null, 42, "backup failed: boom", "boom"), CancellationToken.None);
        await sender.TickAsync(CancellationToken.None);
        var first = await WaitForOutboxAsync(rows => rows.Single().Attempts == 1);
        Assert.Equal(NotificationState.Pending, first.Single().State);
        Assert.Equal("webhook answered HTTP 500 Internal Server Error", first.Single().LastError);
        Assert.Equal(queuedAt + TimeSpan.FromSeconds(30), first.Single().NextAttempt);

        time.Advance(TimeSpan.FromSeconds(29));
        await sender.TickAsync(CancellationToken.None);
        Assert.Equal(1, (await Outbox()).Single().Attempts);
        time.Advance(TimeSpan.FromSeconds(1));
        for (var attempt = 2; attempt <= NotificationSender.MaxAttempts; attempt++)
        {
            await sender.TickAsync(CancellationToken.None);
            var row = (await WaitForOutboxAsync(rows => rows.Single().Attempts == attempt)).Single();
            if (attempt < NotificationSender.MaxAttempts)
            {
                Assert.Equal(NotificationState.Pending, row.State);
                Assert.Equal(time.GetUtcNow() + NotificationSender.RetryDelay(attempt), row.NextAttempt);
                time.Advance(NotificationSender.RetryDelay(attempt));
            }
        }

        var failed = (await Http.GetAsync<NotificationInfo[]>(Admin, ApiRoutes.Notifications + "?state=failed")).Single();
        Assert.Equal(NotificationSender.MaxAttempts, failed.Attempts);
        Assert.Equal("webhook answered HTTP 500 Internal Server Error", failed.LastError);
        Assert.Null(failed.NextAttempt);
        Assert.Equal(NotificationSender.MaxAttempts, webhook.Received.Count);
        time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, await sender.TickAsync(CancellationToken.None));
        Assert.DoesNotContain(Server.Log.Lines, l => l.Contains("t0ps3cret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Email_NoSmtpServer_FailsAtOnceWithClearMessageWhileWebhookIsSent()
    {
        await using var webhook = await WebhookListener.StartAsync();
        await StartAsync();
        var (client, rule) = await ClientWithRuleAsync([Mail, webhook.Url.ToString()], [NotifyEvent.Failure]);

        await FailedBackupAsync(client, rule.Id, "client lost the VM");

        var rows = await WaitForOutboxAsync(rows => rows.Length == 2 && rows.All(r => r.State != NotificationState.Pending));
        var mail = rows.Single(r => r.Channel == NotificationChannel.Email);
        Assert.Equal(NotificationState.Failed, mail.State);
        Assert.Equal("no SMTP server configured (--smtp)", mail.LastError);
        Assert.Equal(1, mail.Attempts);
        Assert.Equal(NotificationState.Sent, rows.Single(r => r.Channel == NotificationChannel.Webhook).State);
        Assert.Equal("client lost the VM", (await webhook.WaitForAsync(1)).Single().GetProperty("error").GetString());
        var onlyFailed = await Http.GetAsync<NotificationInfo[]>(Admin, ApiRoutes.Notifications + "?state=failed&limit=10");
        Assert.Equal(mail.Id, onlyFailed.Single().Id);
    }

    [Fact]
    public async Task TestMessage_SmtpWithPassword_DeliveredAndPasswordNeverLogged()
    {
        await using var smtp = await SmtpSink.StartAsync();
        var passwordFile = Path.Combine(smtp.Folder, "smtp-password");
        await File.WriteAllTextAsync(passwordFile, SmtpPassword + "\n");
        await StartAsync(o =>
        {
            o.SmtpServer = smtp.Address;
            o.SmtpUser = "notifier";
            o.SmtpPasswordFile = passwordFile;
            o.SmtpSecurity = "none";
        });

        var result = await Http.PostAsync<TestNotificationResult>(Admin, ApiRoutes.NotificationsTest, new TestNotificationRequest(Mail));

        Assert.True(result.Delivered, result.Error);
        Assert.Equal(NotificationChannel.Email, result.Channel);
        var mail = (await smtp.WaitForMessagesAsync(1)).Single();
        Assert.Equal("[RuBackup] test message", mail.Subject);
        Assert.Equal(Mail, mail.To.Mailboxes.Single().Address);
        Assert.Equal("notifier " + SmtpPassword + "\n", smtp.Logins());
        var bad = await Http.ExpectAsync(HttpStatusCode.BadRequest, Admin, HttpMethod.Post, ApiRoutes.NotificationsTest, new TestNotificationRequest("ftp://example.org/x"));
        Assert.Equal("address", bad!.Field);
        Assert.Contains("'ftp://example.org/x' is neither an e-mail address", bad.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(Server.Log.Lines, l => l.Contains(SmtpPassword, StringComparison.Ordinal));
        var audit = await Http.GetAsync<AuditEntry[]>(Admin, ApiRoutes.Audit);
        Assert.Contains(audit, a => a.Action == "notification.test" && a.Target == Mail);
        Assert.DoesNotContain(audit, a => (a.Details ?? "").Contains(SmtpPassword, StringComparison.Ordinal));
    }

    [Fact]
    public async Task VerifyTask_EndsInError_VerifyFailureNoticeWithArchiveAndError()
    {
        await using var webhook = await WebhookListener.StartAsync();
        await StartAsync();
        var (client, rule) = await ClientWithRuleAsync([webhook.Url.ToString()], [NotifyEvent.VerifyFailure]);
        await RunNowAsync(rule.Id);
        var (_, backup) = await ClientRuns.BackupAsync(client, ClientRuns.Disk(3, 4));
        var archiveId = backup.Manifest.Id;
        var pool = (await Http.GetAsync<PoolInfo[]>(Admin, ApiRoutes.Pools)).Single();
        var chunk = Directory.EnumerateFiles(Path.Combine(pool.Path, "chunks"), "*", SearchOption.AllDirectories).First();
        var bytes = await File.ReadAllBytesAsync(chunk);
        bytes[^10] ^= 0x55;
        await File.WriteAllBytesAsync(chunk, bytes);

        var verify = await Http.PostAsync<TaskInfo>(Admin, $"{ApiRoutes.Archives}/{archiveId}/verify");
        var settled = await ClientRuns.SettledAsync(Admin, verify.Id);
        Assert.Equal(TaskState.Error, settled.State);

        var hook = (await webhook.WaitForAsync(1)).Single();
        Assert.Equal("VerifyFailure", hook.GetProperty("event").GetString());
        Assert.Equal(archiveId, hook.GetProperty("archiveId").GetString());
        Assert.Equal(verify.Id, hook.GetProperty("taskId").GetInt64());
        Assert.Equal(rule.Id, hook.GetProperty("rule").GetProperty("id").GetInt64());
        Assert.Contains("damaged", hook.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("marked damaged", hook.GetProperty("summary").GetString(), StringComparison.Ordinal);
        var row = (await WaitForOutboxAsync(rows => rows.Length == 1 && rows[0].State == NotificationState.Sent)).Single();
        Assert.Equal(NotifyEvent.VerifyFailure, row.Event);
        Assert.Equal(archiveId, row.ArchiveId);
        Assert.StartsWith("[RuBackup] verify failure: rule web-1", row.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OutboxNotifier_ExpiryNotice_OneRowPerAddressOnlyWhenTheRuleSelectsExpiry()
    {
        await StartAsync();
        var (client, rule) = await ClientWithRuleAsync([Mail, "https://hooks.example.org/rubackup"], [NotifyEvent.Expiry]);
        var quiet = await Http.PostAsync<RuleInfo>(Admin, ApiRoutes.Rules, Settings("web-2", [Mail], [NotifyEvent.Failure]));
        var notifier = Server.Host.Services.GetRequiredService<INotifier>();

        await notifier.NotifyAsync(new Notice(NotifyEvent.Expiry, rule.Id, null, "VM web-1 [rustack vm-1]", "20300101T030000Z-vm-1", null,
            "archive 20300101T030000Z-vm-1 of rule web-1 passed its retention and was deleted") { Client = client.Name }, CancellationToken.None);
        await notifier.NotifyAsync(new Notice(NotifyEvent.Expiry, quiet.Id, "web-2", null, "a2", null, "archive a2 expired"), CancellationToken.None);

        var rows = await Http.GetAsync<NotificationInfo[]>(Admin, ApiRoutes.Notifications);
        Assert.Equal(2, rows.Length);
        Assert.All(rows, r => Assert.Equal(NotifyEvent.Expiry, r.Event));
        Assert.All(rows, r => Assert.Equal(rule.Id, r.RuleId));
        Assert.All(rows, r => Assert.Equal("[RuBackup] expiry: rule web-1 (VM web-1 [rustack vm-1]): archive 20300101T030000Z-vm-1 of rule web-1 passed its retention and was deleted", r.Subject));
        var mail = rows.Single(r => r.Channel == NotificationChannel.Email);
        Assert.Equal(Mail, mail.Address);
        Assert.Contains("Archive:  20300101T030000Z-vm-1", mail.Body, StringComparison.Ordinal);
        var hook = rows.Single(r => r.Channel == NotificationChannel.Webhook);
        using var json = JsonDocument.Parse(hook.Body);
        Assert.Equal("Expiry", json.RootElement.GetProperty("event").GetString());
        Assert.Equal("web-1", json.RootElement.GetProperty("rule").GetProperty("name").GetString());
        Assert.Equal("client1", json.RootElement.GetProperty("client").GetString());
    }

    [Fact]
    public async Task CreateRule_NotifyEntryNeitherMailNorUrl_400NamingTheEntry()
    {
        await StartAsync();
        await ClientWithRuleAsync([Mail], [NotifyEvent.Failure]);
        foreach (var bad in new[] { "ops at example.org", "ftp://files.example.org/drop", "mailto:ops@example.org", "@example.org" })
        {
            var error = await Http.ExpectAsync(HttpStatusCode.BadRequest, Admin, HttpMethod.Post, ApiRoutes.Rules, Settings("bad", [Mail, bad], [NotifyEvent.Failure]));
            Assert.Equal("notify", error!.Field);
            Assert.Equal($"'{bad}' is neither an e-mail address (name@host) nor an http:// or https:// webhook URL", error.Error);
        }
        await Http.PostAsync<RuleInfo>(Admin, ApiRoutes.Rules, Settings("good", ["a.b+c@mail.example.org", "http://127.0.0.1:8080/hook", "https://hooks.example.org/x?y=1"], [NotifyEvent.Failure]));
    }

    private async Task StartAsync(Action<ServerOptions>? configure = null, TimeProvider? time = null)
    {
        _server = await TestServer.StartAsync(_backend, time, o =>
        {
            o.SmtpFrom = From;
            configure?.Invoke(o);
        });
        Admin = await Server.SuperuserAsync();
    }

    private static RuleSettings Settings(string name, IReadOnlyList<string> notify, IReadOnlyList<NotifyEvent> notifyOn) => new()
    {
        Name = name,
        Client = "client1",
        Resource = name == "web-1" ? "vm-1" : "vm-" + name,
        ResourceName = name,
        Pool = "pool1",
        Schedule = "0 3 * * *",
        Notify = notify,
        NotifyOn = notifyOn,
    };

    private async Task<(FakeClient Client, RuleInfo Rule)> ClientWithRuleAsync(IReadOnlyList<string> notify, IReadOnlyList<NotifyEvent> notifyOn)
    {
        var client = await FakeClient.AuthorizedAsync(Server, "client1");
        await Http.PostAsync<PoolInfo>(Admin, ApiRoutes.Pools, new CreatePoolRequest("pool1", PoolKind.Dedup, ChunkSize: 64 * 1024));
        var rule = await Http.PostAsync<RuleInfo>(Admin, ApiRoutes.Rules, Settings("web-1", notify, notifyOn));
        return (client, rule);
    }

    private async Task<TaskInfo> RunNowAsync(long ruleId) => await Http.PostAsync<TaskInfo>(Admin, $"{ApiRoutes.Rules}/{ruleId}/run");

    private async Task<TaskInfo> FailedBackupAsync(FakeClient client, long ruleId, string error)
    {
        await RunNowAsync(ruleId);
        var assignment = await client.NextAsync(10) ?? throw new InvalidOperationException("no task");
        await client.StartAsync(assignment.Task.Id);
        return await client.FinishAsync(assignment.Task.Id, error);
    }

    private async Task<NotificationInfo[]> Outbox() => await Http.GetAsync<NotificationInfo[]>(Admin, ApiRoutes.Notifications);

    private async Task<NotificationInfo[]> WaitForOutboxAsync(Func<NotificationInfo[], bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var rows = await Outbox();
            if ((rows.Length > 0 && done(rows)) || DateTime.UtcNow > deadline)
            {
                Assert.True(rows.Length > 0 && done(rows), "outbox never got there: " + JsonSerializer.Serialize(rows));
                return rows;
            }
            await Task.Delay(50);
        }
    }
}

public sealed class SqliteNotificationTests() : NotificationTests(CatalogBackend.Sqlite);

public sealed class PostgresNotificationTests() : NotificationTests(CatalogBackend.PostgreSql);
