namespace RuBackup.Rbm.Components.Charts;

/// <summary>The value axis of a chart: a round top value and evenly spaced ticks from zero.</summary>
public sealed record ChartScale(double Max, IReadOnlyList<double> Ticks)
{
    /// <param name="integer">Counts: ticks never fall between whole numbers.</param>
    /// <param name="binary">Sizes: steps are round in KiB, MiB, GiB… (50 MiB, not 47.7 MiB).</param>
    public static ChartScale For(double largest, int tickCount, bool integer, bool binary = false)
    {
        var target = Math.Max(largest, integer ? 1 : 0) / tickCount;
        var unit = binary && target >= 1024 ? Math.Pow(1024, Math.Floor(Math.Log(target, 1024))) : 1;
        var step = target <= 0 ? 1 : NiceStep(target / unit) * unit;
        if (integer)
        {
            step = Math.Max(1, Math.Ceiling(step));
        }
        var steps = Math.Max(1, (int)Math.Ceiling(largest / step));
        var ticks = Enumerable.Range(0, steps + 1).Select(i => i * step).ToList();
        return new ChartScale(steps * step, ticks);
    }

    /// <summary>1, 2 or 5 times a power of ten, the smallest not below <paramref name="value"/>.</summary>
    private static double NiceStep(double value)
    {
        var power = Math.Pow(10, Math.Floor(Math.Log10(value)));
        var fraction = value / power;
        return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * power;
    }
}
