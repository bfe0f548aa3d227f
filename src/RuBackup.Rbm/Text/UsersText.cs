namespace RuBackup.Rbm.Text;

/// <summary>Texts of the console's users page.</summary>
public sealed record UsersText
{
    public required string Title { get; init; }

    public static readonly UsersText English = new()
    {
        Title = "Users",
    };

    public static readonly UsersText Russian = new()
    {
        Title = "Пользователи",
    };
}
