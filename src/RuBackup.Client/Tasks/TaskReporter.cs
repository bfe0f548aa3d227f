using System.Globalization;
using RuBackup.Api;
using RuBackup.Client.Api;

namespace RuBackup.Client.Tasks;

/// <summary>
/// Streams one task's progress (throttled) and log lines (batched) to the server from a background loop,
/// so a slow or absent server never blocks the module's output. No answer: the reports wait and are
/// retried with backoff; no answer for longer than the limit, or a refusal (401/403/404/409: cancelled,
/// revoked, or the server lost the task), fires <see cref="StopRequested"/>. A heartbeat goes out
/// every <c>heartbeatInterval</c> whatever the module prints (it may be silent for long): it keeps the
/// task's lease, and its 409 is how a client that was cut off learns another member took the task over.
/// </summary>
public sealed class TaskReporter : IAsyncDisposable
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(50);

    private readonly RuBackupApiClient _api;
    private readonly long _taskId;
    private readonly TaskRunnerOptions _options;
    private readonly TimeProvider _time;
    private readonly ProgressThrottle _progress;
    private readonly Queue<TaskLogLine> _logs = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _lifetime = new();
    private readonly Backoff _backoff;
    private readonly Task _loop;
    private int _dropped;
    private DateTimeOffset _lastLogSent;
    private DateTimeOffset _nextAttempt = DateTimeOffset.MinValue;
    private DateTimeOffset? _unreachableSince;
    private readonly TimeSpan _heartbeatInterval;
    private DateTimeOffset _lastHeartbeat;
    private volatile bool _completing;

    public TaskReporter(RuBackupApiClient api, long taskId, TaskRunnerOptions options, TimeProvider? time = null, TimeSpan? heartbeatInterval = null)
    {
        _api = api ?? throw new ArgumentNullException(nameof(api));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _taskId = taskId;
        _time = time ?? TimeProvider.System;
        _progress = new ProgressThrottle(options.ProgressInterval, _time);
        _backoff = new Backoff(options.RetryFirst, options.RetryMax);
        _lastLogSent = _time.GetUtcNow();
        _lastHeartbeat = _lastLogSent;
        _heartbeatInterval = heartbeatInterval ?? options.DefaultHeartbeatInterval;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Fires when the module should be stopped: see <see cref="StopReason"/>.</summary>
    public CancellationToken StopRequested => _stop.Token;

    public string? StopReason { get; private set; }

    /// <summary>The server refused a report for this task (it is no longer ours to finish).</summary>
    public bool Refused { get; private set; }

    /// <summary>Problems the caller may want in its own log (a report the server rejected as malformed).</summary>
    public Action<string>? Warning { get; set; }

    public void Progress(long done, long total) => _progress.Update(done, total);

    public void Log(string level, string message)
    {
        lock (_logs)
        {
            _logs.Enqueue(new TaskLogLine(_time.GetUtcNow(), level, message));
            while (_logs.Count > _options.LogBacklogLines)
            {
                _logs.Dequeue();
                _dropped++;
            }
        }
    }

    /// <summary>Sends everything still pending (the last progress, every log line), within the limit.</summary>
    public async Task CompleteAsync(TimeSpan limit)
    {
        _completing = true;
        using var deadline = new CancellationTokenSource(limit, _time);
        try
        {
            await _loop.WaitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await _lifetime.CancelAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _completing = true;
        await _lifetime.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Abandoned on purpose.
        }
        _stop.Dispose();
        _lifetime.Dispose();
    }

    private async Task LoopAsync()
    {
        while (!_lifetime.IsCancellationRequested)
        {
            var completing = _completing;
            await SendDueAsync(completing).ConfigureAwait(false);
            if (Refused || (completing && NothingPending()))
            {
                return;
            }
            if (completing && _stop.IsCancellationRequested && _unreachableSince is not null)
            {
                return;
            }
            try
            {
                await Task.Delay(Tick, _time, _lifetime.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private bool NothingPending()
    {
        lock (_logs)
        {
            return _logs.Count == 0 && _dropped == 0 && _progress.TakeFinal() is null;
        }
    }

    private async Task SendDueAsync(bool force)
    {
        var now = _time.GetUtcNow();
        if (now < _nextAttempt)
        {
            return;
        }
        try
        {
            await SendLogsAsync(force, now).ConfigureAwait(false);
            var progress = force ? _progress.TakeFinal() : _progress.TakeDue();
            if (progress is { } value)
            {
                try
                {
                    await CallAsync(ct => _api.ReportProgressAsync(_taskId, new ProgressReport(value.Done, value.Total), ct)).ConfigureAwait(false);
                }
                catch (ApiException e) when (Rejected(e))
                {
                    Warning?.Invoke($"task {_taskId}: progress {value.Done}/{value.Total} dropped: {e.Message}");
                }
                _progress.MarkSent(value);
            }
            if (now - _lastHeartbeat >= _heartbeatInterval)
            {
                await CallAsync(ct => _api.HeartbeatTaskAsync(_taskId, ct)).ConfigureAwait(false);
                _lastHeartbeat = now;
            }
            _unreachableSince = null;
            _backoff.Reset();
        }
        catch (ApiException e) when (e.NoAnswer || e.StatusCode >= 500 || e.StatusCode == 429 || e.StatusCode < 400)
        {
            _unreachableSince ??= now;
            _nextAttempt = now + _backoff.Next();
            var silent = now - _unreachableSince.Value;
            if (silent >= _options.ServerUnreachableLimit)
            {
                RequestStop(string.Create(CultureInfo.InvariantCulture, $"the server has not taken reports for {silent.TotalSeconds:0} s (limit {_options.ServerUnreachableLimit.TotalSeconds:0} s): {e.Message}"));
            }
        }
        catch (ApiException e) when (e.StatusCode is 401 or 403 or 404 or 409)
        {
            Refused = true;
            RequestStop($"the server refused the task's reports ({e.StatusCode}): {e.Message}");
        }
        catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
        {
            // Abandoned: DisposeAsync or the completion limit.
        }
    }

    private async Task SendLogsAsync(bool force, DateTimeOffset now)
    {
        while (true)
        {
            List<TaskLogLine> batch;
            lock (_logs)
            {
                var due = force || _logs.Count >= _options.LogBatchLines || now - _lastLogSent >= _options.LogFlushInterval;
                if ((_logs.Count == 0 && _dropped == 0) || !due)
                {
                    return;
                }
                batch = _logs.Take(_options.LogBatchLines).ToList();
                if (_dropped > 0)
                {
                    batch.Insert(0, new TaskLogLine(now, "warning", $"{_dropped} log lines were dropped while the server did not answer"));
                }
            }
            try
            {
                await CallAsync(ct => _api.SendLogAsync(_taskId, new LogReport(batch), ct)).ConfigureAwait(false);
            }
            catch (ApiException e) when (Rejected(e))
            {
                Warning?.Invoke($"task {_taskId}: {batch.Count} log lines dropped: {e.Message}");
            }
            lock (_logs)
            {
                var sent = batch.Count;
                if (_dropped > 0)
                {
                    _dropped = 0;
                    sent--;
                }
                for (var i = 0; i < sent; i++)
                {
                    _logs.Dequeue();
                }
                _lastLogSent = now;
                if (_logs.Count < _options.LogBatchLines && !force)
                {
                    return;
                }
            }
        }
    }

    /// <summary>One call bounded by the report timeout; running out of it counts as no answer.</summary>
    private async Task CallAsync(Func<CancellationToken, Task> call)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token);
        timeout.CancelAfter(_options.ReportTimeout);
        try
        {
            await call(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!_lifetime.IsCancellationRequested)
        {
            throw new ApiException(0, $"no answer within {_options.ReportTimeout.TotalSeconds:0} s", e);
        }
    }

    /// <summary>A report the server will not take however often it is sent (400, 413, …): dropped, the rest goes on.</summary>
    private static bool Rejected(ApiException e) => e.StatusCode is >= 400 and < 500 and not (401 or 403 or 404 or 409 or 429);

    private void RequestStop(string reason)
    {
        if (StopReason is not null)
        {
            return;
        }
        StopReason = reason;
        _stop.Cancel();
    }
}
