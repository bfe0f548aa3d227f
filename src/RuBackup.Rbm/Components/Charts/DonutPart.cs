namespace RuBackup.Rbm.Components.Charts;

/// <summary>One part of a <see cref="DonutChart"/>; <paramref name="Name"/> is the legend's (translated) text.</summary>
public sealed record DonutPart(string Key, string Name, string Color, double Value);
