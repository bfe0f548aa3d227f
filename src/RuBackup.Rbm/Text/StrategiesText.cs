namespace RuBackup.Rbm.Text;

/// <summary>Texts of the console's strategies page.</summary>
public sealed record StrategiesText
{
    public required string Title { get; init; }

    public static readonly StrategiesText English = new()
    {
        Title = "Strategies",
    };

    public static readonly StrategiesText Russian = new()
    {
        Title = "Стратегии",
    };
}
