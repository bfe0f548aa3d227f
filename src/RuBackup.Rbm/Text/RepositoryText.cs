namespace RuBackup.Rbm.Text;

/// <summary>Texts of the console's repository page.</summary>
public sealed record RepositoryText
{
    public required string Title { get; init; }

    public static readonly RepositoryText English = new()
    {
        Title = "Repository",
    };

    public static readonly RepositoryText Russian = new()
    {
        Title = "Репозиторий",
    };
}
