namespace RuBackup.Rbm.Text;

/// <summary>Texts of the console's dashboard page.</summary>
public sealed record DashboardText
{
    public required string Title { get; init; }
    public required string Clients { get; init; }
    public required string ClientsDetail { get; init; }
    public required string Rules { get; init; }
    public required string RulesDetail { get; init; }
    public required string TasksRunning { get; init; }
    public required string TasksQueued { get; init; }
    public required string Archives { get; init; }
    public required string DamagedArchives { get; init; }
    public required string SuccessTitle { get; init; }
    public required string Done { get; init; }
    public required string Error { get; init; }
    public required string BytesTitle { get; init; }
    public required string Logical { get; init; }
    public required string Stored { get; init; }
    public required string NoPools { get; init; }
    public required string DedupTitle { get; init; }
    public required string Ratio { get; init; }
    public required string PercentSaved { get; init; }
    public required string SavedBytes { get; init; }
    public required string NothingStored { get; init; }
    public required string NextRunsTitle { get; init; }
    public required string Rule { get; init; }
    public required string Client { get; init; }
    public required string Resource { get; init; }
    public required string Time { get; init; }
    public required string NoNextRuns { get; init; }

    public static readonly DashboardText English = new()
    {
        Title = "Dashboard",
        Clients = "Clients",
        ClientsDetail = "authorized / waiting",
        Rules = "Rules",
        RulesDetail = "run / wait",
        TasksRunning = "Tasks running",
        TasksQueued = "queued: {0}",
        Archives = "Archives",
        DamagedArchives = "Damaged archives",
        SuccessTitle = "Backups over the last 14 days (UTC)",
        Done = "Done",
        Error = "Error",
        BytesTitle = "Bytes per storage pool",
        Logical = "Backed up (logical)",
        Stored = "Stored",
        NoPools = "No storage pools yet",
        DedupTitle = "Dedup savings",
        Ratio = "Ratio",
        PercentSaved = "Saved",
        SavedBytes = "{0} of {1} not stored",
        NothingStored = "Nothing stored yet",
        NextRunsTitle = "Next scheduled runs",
        Rule = "Rule",
        Client = "Client",
        Resource = "Resource",
        Time = "Time (UTC)",
        NoNextRuns = "No rule in status run has a coming run",
    };

    public static readonly DashboardText Russian = new()
    {
        Title = "Панель мониторинга",
        Clients = "Клиенты",
        ClientsDetail = "авторизованы / ожидают",
        Rules = "Правила",
        RulesDetail = "run / wait",
        TasksRunning = "Задачи выполняются",
        TasksQueued = "в очереди: {0}",
        Archives = "Резервные копии",
        DamagedArchives = "Повреждённые копии",
        SuccessTitle = "Резервное копирование за 14 дней (UTC)",
        Done = "Выполнено",
        Error = "Ошибка",
        BytesTitle = "Объём по пулам хранения",
        Logical = "Исходный объём",
        Stored = "Хранится",
        NoPools = "Пулов хранения пока нет",
        DedupTitle = "Экономия дедупликации",
        Ratio = "Коэффициент",
        PercentSaved = "Сэкономлено",
        SavedBytes = "{0} из {1} не пришлось хранить",
        NothingStored = "Пока ничего не хранится",
        NextRunsTitle = "Ближайшие запуски по расписанию",
        Rule = "Правило",
        Client = "Клиент",
        Resource = "Ресурс",
        Time = "Время (UTC)",
        NoNextRuns = "Нет правил в статусе run с предстоящим запуском",
    };
}
