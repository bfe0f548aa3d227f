namespace RuBackup.Rbm.Text;

/// <summary>The navigation menu: one entry per main page.</summary>
public sealed record NavText
{
    public required string Dashboard { get; init; }
    public required string Clients { get; init; }
    public required string Rules { get; init; }
    public required string Strategies { get; init; }
    public required string Tasks { get; init; }
    public required string Repository { get; init; }
    public required string Pools { get; init; }
    public required string Users { get; init; }
    public required string Notifications { get; init; }
    public required string Audit { get; init; }

    public static readonly NavText English = new()
    {
        Dashboard = "Dashboard",
        Clients = "Clients",
        Rules = "Global schedule",
        Strategies = "Strategies",
        Tasks = "Task queue",
        Repository = "Repository",
        Pools = "Pools",
        Users = "Users",
        Notifications = "Notifications",
        Audit = "Audit log",
    };

    public static readonly NavText Russian = new()
    {
        Dashboard = "Панель мониторинга",
        Clients = "Клиенты",
        Rules = "Глобальное расписание",
        Strategies = "Стратегии",
        Tasks = "Очередь задач",
        Repository = "Репозиторий",
        Pools = "Пулы",
        Users = "Пользователи",
        Notifications = "Уведомления",
        Audit = "Журнал аудита",
    };
}
