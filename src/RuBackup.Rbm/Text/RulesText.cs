namespace RuBackup.Rbm.Text;

/// <summary>Texts of the console's rules page (the global schedule).</summary>
public sealed record RulesText
{
    public required string Title { get; init; }

    public static readonly RulesText English = new()
    {
        Title = "Global schedule",
    };

    public static readonly RulesText Russian = new()
    {
        Title = "Глобальное расписание",
    };
}
