namespace RuBackup.Rbm.Text;

/// <summary>Texts of the console's audit log page.</summary>
public sealed record AuditText
{
    public required string Title { get; init; }
    public required string Time { get; init; }
    public required string Actor { get; init; }
    public required string Action { get; init; }
    public required string Target { get; init; }
    public required string Details { get; init; }
    public required string Limit { get; init; }
    public required string Filter { get; init; }
    public required string FilterHelp { get; init; }

    /// <summary>{0} entries shown of {1} read.</summary>
    public required string Shown { get; init; }

    public static readonly AuditText English = new()
    {
        Title = "Audit log",
        Time = "Time",
        Actor = "Who",
        Action = "Action",
        Target = "Object",
        Details = "Details",
        Limit = "Latest entries",
        Filter = "Filter",
        FilterHelp = "Part of the user, action or object",
        Shown = "{0} of {1} entries",
    };

    public static readonly AuditText Russian = new()
    {
        Title = "Журнал аудита",
        Time = "Время",
        Actor = "Кто",
        Action = "Действие",
        Target = "Объект",
        Details = "Подробности",
        Limit = "Последние записи",
        Filter = "Фильтр",
        FilterHelp = "Часть имени пользователя, действия или объекта",
        Shown = "Записей: {0} из {1}",
    };
}
