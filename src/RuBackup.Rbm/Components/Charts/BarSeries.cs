namespace RuBackup.Rbm.Components.Charts;

/// <summary>One series of a <see cref="BarChart"/>: a value per label.</summary>
/// <param name="Key">Invariant name, written on each bar as data-series so tests need not read translated text.</param>
/// <param name="Color">A CSS color (MudBlazor's palette variables work: the chart is inline SVG).</param>
public sealed record BarSeries(string Key, string Name, string Color, IReadOnlyList<double> Values);
