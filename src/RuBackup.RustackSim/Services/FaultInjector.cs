using System.Globalization;

namespace RuBackup.RustackSim.Services;

public enum FaultMode
{
    Error,
    Stuck,
    Http500,
    Slow,
}

public sealed record Fault(string Op, FaultMode Mode, int Count, int DelayMs);

/// <summary>
/// Armed faults (docs/rustack-sim.md "Simulator admin API"). An operation consumes the first armed
/// fault for its op (or "any"); http500 and slow act on the request here, error and stuck are
/// returned to the operation, which decides what its resource's error/stuck status is.
/// </summary>
public sealed class FaultInjector
{
    public static readonly string[] Ops =
        ["snapshot_create", "snapshot_delete", "volume_create", "volume_delete", "volume_attach", "volume_detach", "server_create", "any"];

    private readonly Lock _gate = new();
    private readonly List<Fault> _faults = [];

    public FaultInjector(SimOptions options)
    {
        foreach (var spec in options.Faults)
        {
            Add(Parse(spec));
        }
    }

    /// <summary>OP:MODE[:COUNT], as on the command line.</summary>
    public static Fault Parse(string spec)
    {
        var parts = spec.Split(':');
        if (parts.Length is < 2 or > 3)
        {
            throw new FormatException($"--fault '{spec}': expected OP:MODE[:COUNT]");
        }
        var count = parts.Length == 3 ? int.Parse(parts[2], CultureInfo.InvariantCulture) : 1;
        return Create(parts[0], parts[1], count, 0);
    }

    public static Fault Create(string op, string mode, int count, int delayMs)
    {
        if (!Ops.Contains(op))
        {
            throw new FormatException($"unknown fault op '{op}' (one of {string.Join(", ", Ops)})");
        }
        FaultMode parsed = mode switch
        {
            "error" => FaultMode.Error,
            "stuck" => FaultMode.Stuck,
            "http500" => FaultMode.Http500,
            "slow" => FaultMode.Slow,
            _ => throw new FormatException($"unknown fault mode '{mode}' (error, stuck, http500, slow)"),
        };
        if (count < 1)
        {
            throw new FormatException("fault count must be at least 1");
        }
        return new Fault(op, parsed, count, parsed == FaultMode.Slow && delayMs <= 0 ? 2000 : delayMs);
    }

    public void Add(Fault fault)
    {
        lock (_gate)
        {
            _faults.Add(fault);
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _faults.Clear();
        }
    }

    public IReadOnlyList<Fault> List()
    {
        lock (_gate)
        {
            return [.. _faults];
        }
    }

    /// <summary>
    /// Called at the start of an operation: throws for http500, waits for slow, and returns error or
    /// stuck for the operation to apply (null = no fault, proceed normally).
    /// </summary>
    public async Task<FaultMode?> EnterAsync(string op, CancellationToken cancellationToken)
    {
        Fault? fault;
        lock (_gate)
        {
            var index = _faults.FindIndex(f => f.Op == op || f.Op == "any");
            if (index < 0)
            {
                return null;
            }
            fault = _faults[index];
            if (fault.Count <= 1)
            {
                _faults.RemoveAt(index);
            }
            else
            {
                _faults[index] = fault with { Count = fault.Count - 1 };
            }
        }
        switch (fault.Mode)
        {
            case FaultMode.Http500:
                throw new CloudException(500, $"injected fault: {op} answers 500");
            case FaultMode.Slow:
                await Task.Delay(fault.DelayMs, cancellationToken).ConfigureAwait(false);
                return null;
            default:
                return fault.Mode;
        }
    }
}
