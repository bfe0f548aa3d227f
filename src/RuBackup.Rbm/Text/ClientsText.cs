namespace RuBackup.Rbm.Text;

/// <summary>Texts of the console's clients page.</summary>
public sealed record ClientsText
{
    public required string Title { get; init; }

    public static readonly ClientsText English = new()
    {
        Title = "Clients",
    };

    public static readonly ClientsText Russian = new()
    {
        Title = "Клиенты",
    };
}
