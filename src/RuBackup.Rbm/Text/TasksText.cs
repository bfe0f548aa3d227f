using RuBackup.Api;

namespace RuBackup.Rbm.Text;

/// <summary>Texts of the console's task queue page and its log dialog.</summary>
public sealed record TasksText
{
    public required string Title { get; init; }
    public required string Live { get; init; }
    public required string FilterState { get; init; }
    public required string FilterKind { get; init; }
    public required string All { get; init; }
    public required string Id { get; init; }
    public required string Kind { get; init; }
    public required string State { get; init; }
    public required string Client { get; init; }
    public required string Resource { get; init; }
    public required string Pool { get; init; }
    public required string BackupType { get; init; }
    public required string Archive { get; init; }
    public required string Progress { get; init; }
    public required string Attempt { get; init; }
    public required string Times { get; init; }
    public required string Created { get; init; }
    public required string Started { get; init; }
    public required string Finished { get; init; }
    public required string CreatedBy { get; init; }
    public required string Error { get; init; }
    public required string CancelTask { get; init; }
    public required string CancelConfirm { get; init; }
    public required string Cancelled { get; init; }
    public required string NoTasks { get; init; }
    public required string LogTitle { get; init; }
    public required string LogEmpty { get; init; }
    public required string LogTime { get; init; }
    public required string LogLevel { get; init; }
    public required string LogMessage { get; init; }
    public required string OpenLog { get; init; }
    public required string RestoreInto { get; init; }
    public required string RestoreDeploy { get; init; }

    /// <summary>Names of the task states. The document calls them by the manager's own words («Done»), in both languages.</summary>
    public required IReadOnlyDictionary<TaskState, string> States { get; init; }

    public required IReadOnlyDictionary<TaskKind, string> Kinds { get; init; }

    public required IReadOnlyDictionary<BackupKind, string> BackupKinds { get; init; }

    public string StateName(TaskState state) => States.TryGetValue(state, out var name) ? name : state.ToString();

    public string KindName(TaskKind kind) => Kinds.TryGetValue(kind, out var name) ? name : kind.ToString();

    public string BackupKindName(BackupKind kind) => BackupKinds.TryGetValue(kind, out var name) ? name : kind.ToString();

    private static readonly Dictionary<TaskState, string> ManagerStates = new()
    {
        [TaskState.New] = "New",
        [TaskState.Assigned] = "Assigned",
        [TaskState.Executing] = "Execution",
        [TaskState.Done] = "Done",
        [TaskState.Error] = "Error",
        [TaskState.Cancelled] = "Cancelled",
    };

    public static readonly TasksText English = new()
    {
        Title = "Task queue",
        Live = "Updated every second",
        FilterState = "State",
        FilterKind = "Kind",
        All = "All",
        Id = "ID",
        Kind = "Kind",
        State = "State",
        Client = "Client / group",
        Resource = "Resource",
        Pool = "Pool",
        BackupType = "Backup type",
        Archive = "Archive",
        Progress = "Progress",
        Attempt = "Attempt",
        Times = "Created / started / finished",
        Created = "Created",
        Started = "Started",
        Finished = "Finished",
        CreatedBy = "Created by",
        Error = "Error",
        CancelTask = "Cancel task",
        CancelConfirm = "Cancel task {0}?",
        Cancelled = "Task {0} cancelled",
        NoTasks = "No tasks",
        LogTitle = "Log of task {0}",
        LogEmpty = "The log is empty so far",
        LogTime = "Time",
        LogLevel = "Level",
        LogMessage = "Message",
        OpenLog = "Show log",
        RestoreInto = "into {0}",
        RestoreDeploy = "deploy",
        States = ManagerStates,
        Kinds = new Dictionary<TaskKind, string>
        {
            [TaskKind.Backup] = "Backup",
            [TaskKind.Restore] = "Restore",
            [TaskKind.Verify] = "Verify",
            [TaskKind.Delete] = "Delete",
            [TaskKind.Move] = "Move",
        },
        BackupKinds = new Dictionary<BackupKind, string>
        {
            [BackupKind.Full] = "full",
            [BackupKind.Incremental] = "incremental",
            [BackupKind.Differential] = "differential",
        },
    };

    public static readonly TasksText Russian = new()
    {
        Title = "Очередь задач",
        Live = "Обновляется каждую секунду",
        FilterState = "Статус",
        FilterKind = "Тип задачи",
        All = "Все",
        Id = "ID",
        Kind = "Тип задачи",
        State = "Статус",
        Client = "Клиент / группа",
        Resource = "Ресурс",
        Pool = "Пул хранения",
        BackupType = "Тип резервной копии",
        Archive = "Резервная копия",
        Progress = "Ход выполнения",
        Attempt = "Попытка",
        Times = "Создана / начата / завершена",
        Created = "Создана",
        Started = "Начата",
        Finished = "Завершена",
        CreatedBy = "Кем создана",
        Error = "Ошибка",
        CancelTask = "Отменить задачу",
        CancelConfirm = "Отменить задачу {0}?",
        Cancelled = "Задача {0} отменена",
        NoTasks = "Задач нет",
        LogTitle = "Журнал задачи {0}",
        LogEmpty = "Журнал пока пуст",
        LogTime = "Время",
        LogLevel = "Уровень",
        LogMessage = "Сообщение",
        OpenLog = "Показать журнал",
        RestoreInto = "в {0}",
        RestoreDeploy = "развертывание",
        States = ManagerStates,
        Kinds = new Dictionary<TaskKind, string>
        {
            [TaskKind.Backup] = "Резервное копирование",
            [TaskKind.Restore] = "Восстановление",
            [TaskKind.Verify] = "Проверка",
            [TaskKind.Delete] = "Удаление",
            [TaskKind.Move] = "Перемещение",
        },
        BackupKinds = new Dictionary<BackupKind, string>
        {
            [BackupKind.Full] = "полная",
            [BackupKind.Incremental] = "инкрементальная",
            [BackupKind.Differential] = "дифференциальная",
        },
    };
}
