namespace RuBackup.Rbm.Text;

/// <summary>Texts of the console's task queue page.</summary>
public sealed record TasksText
{
    public required string Title { get; init; }

    public static readonly TasksText English = new()
    {
        Title = "Task queue",
    };

    public static readonly TasksText Russian = new()
    {
        Title = "Очередь задач",
    };
}
