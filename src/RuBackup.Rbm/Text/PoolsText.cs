namespace RuBackup.Rbm.Text;

/// <summary>Texts of the console's pools page.</summary>
public sealed record PoolsText
{
    public required string Title { get; init; }

    public static readonly PoolsText English = new()
    {
        Title = "Storage pools",
    };

    public static readonly PoolsText Russian = new()
    {
        Title = "Пулы хранения",
    };
}
