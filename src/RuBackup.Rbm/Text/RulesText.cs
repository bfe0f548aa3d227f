namespace RuBackup.Rbm.Text;

/// <summary>Texts of the console's rules page (the global schedule) and its rule form.</summary>
public sealed record RulesText
{
    public required string Title { get; init; }
    public required string Create { get; init; }
    public required string CreateTitle { get; init; }
    public required string EditTitle { get; init; }
    public required string MainTab { get; init; }
    public required string AdditionalTab { get; init; }
    public required string Name { get; init; }
    public required string Target { get; init; }
    public required string TargetClient { get; init; }
    public required string TargetGroup { get; init; }
    public required string ClientOrGroup { get; init; }
    public required string GroupPrefix { get; init; }
    public required string Client { get; init; }
    public required string ClientGroup { get; init; }
    public required string ResourceType { get; init; }
    public required string FineSettings { get; init; }
    public required string Resource { get; init; }
    public required string ResourceHint { get; init; }
    public required string NoResources { get; init; }
    public required string Pool { get; init; }
    public required string MaxVolumeGb { get; init; }
    public required string MaxVolumeHint { get; init; }
    public required string BackupType { get; init; }
    public required string Full { get; init; }
    public required string Incremental { get; init; }
    public required string Differential { get; init; }
    public required string Schedule { get; init; }
    public required string ScheduleHint { get; init; }
    public required string NextRunPreview { get; init; }
    public required string RetentionDays { get; init; }
    public required string VerifyEveryDays { get; init; }
    public required string VerifyHint { get; init; }
    public required string LifetimeUntil { get; init; }
    public required string LifetimeHint { get; init; }
    public required string Encryption { get; init; }
    public required string NoEncryption { get; init; }
    public required string EnableAfterCreation { get; init; }
    public required string ScriptBefore { get; init; }
    public required string ScriptAfter { get; init; }
    public required string ScriptAfterBackup { get; init; }
    public required string ScriptAfterBackupHint { get; init; }
    public required string ScriptAfterBackupInvalid { get; init; }
    public required string ScriptsHint { get; init; }
    public required string ScriptsSet { get; init; }
    public required string OnExpiry { get; init; }
    public required string ExpiryDelete { get; init; }
    public required string ExpiryNotify { get; init; }
    public required string MoveToPool { get; init; }
    public required string NoMove { get; init; }
    public required string MoveAfterDays { get; init; }
    public required string ClientMayDelete { get; init; }
    public required string Notify { get; init; }
    public required string NotifyOn { get; init; }
    public required string EventSuccess { get; init; }
    public required string EventFailure { get; init; }
    public required string EventExpiry { get; init; }
    public required string EventVerifyFailure { get; init; }
    public required string ResourceColumn { get; init; }
    public required string Type { get; init; }
    public required string NextRun { get; init; }
    public required string LastRun { get; init; }
    public required string Note { get; init; }
    public required string Strategy { get; init; }
    public required string StatusRun { get; init; }
    public required string StatusWait { get; init; }
    public required string Menu { get; init; }
    public required string RunNow { get; init; }
    public required string RunFull { get; init; }
    public required string RunIncremental { get; init; }
    public required string RunDifferential { get; init; }
    public required string Pause { get; init; }
    public required string Resume { get; init; }
    public required string RunStarted { get; init; }
    public required string Paused { get; init; }
    public required string Resumed { get; init; }
    public required string Deleted { get; init; }
    public required string DeleteTitle { get; init; }
    public required string DeleteConfirm { get; init; }
    public required string NameRequired { get; init; }
    public required string ClientRequired { get; init; }
    public required string GroupRequired { get; init; }
    public required string ResourceRequired { get; init; }
    public required string PoolRequired { get; init; }
    public required string MaxVolumeInvalid { get; init; }
    public required string ScheduleInvalid { get; init; }
    public required string RetentionInvalid { get; init; }
    public required string VerifyInvalid { get; init; }
    public required string LifetimeInvalid { get; init; }
    public required string MoveAfterInvalid { get; init; }
    public required string MoveNeedsPool { get; init; }

    public static readonly RulesText English = new()
    {
        Title = "Global schedule",
        Create = "Create a rule",
        CreateTitle = "New rule",
        EditTitle = "Rule {0}",
        MainTab = "Main",
        AdditionalTab = "Additional",
        Name = "Rule name",
        Target = "Backs up",
        TargetClient = "Client",
        TargetGroup = "Cluster group",
        ClientOrGroup = "Client / group",
        GroupPrefix = "group {0}",
        Client = "Client",
        ClientGroup = "Cluster group",
        ResourceType = "Resource type",
        FineSettings = "Fine settings",
        Resource = "Resource (VM)",
        ResourceHint = "The VMs the client last reported",
        NoResources = "The client has reported no VMs yet",
        Pool = "Storage pool",
        MaxVolumeGb = "Maximum volume, GB",
        MaxVolumeHint = "Empty: no limit",
        BackupType = "Backup type",
        Full = "full",
        Incremental = "incremental",
        Differential = "differential",
        Schedule = "Schedule (cron, UTC)",
        ScheduleHint = "Five fields: minute hour day month weekday, in UTC; e.g. 0 3 * * * is 03:00 daily",
        NextRunPreview = "Next run: {0}",
        RetentionDays = "Retention, days",
        VerifyEveryDays = "Verify every N days",
        VerifyHint = "Empty: no periodic verification",
        LifetimeUntil = "Rule lifetime until (UTC)",
        LifetimeHint = "Empty: no end",
        Encryption = "Protective transformation",
        NoEncryption = "nocrypt (none)",
        EnableAfterCreation = "Enable after creation",
        ScriptBefore = "Script before the snapshot",
        ScriptAfter = "Script after the snapshot",
        ScriptAfterBackup = "Script after the backup (on the client)",
        ScriptAfterBackupHint = "Absolute path of a program on the client host, run after a successful backup. It gets the archive exported to one file in RUBACKUP_ARCHIVE_FILE and may transform that file, but must keep its name.",
        ScriptAfterBackupInvalid = "Give an absolute path (starting with /) without control characters, or leave the field empty",
        ScriptsHint = "Run inside the VM to bring the application's data to a consistent state (also /opt/rubackup/scripts/rustack.sh with before/after when it exists there).",
        ScriptsSet = "scripts set",
        OnExpiry = "When the retention period ends",
        ExpiryDelete = "delete the backup",
        ExpiryNotify = "only notify",
        MoveToPool = "Move to pool",
        NoMove = "do not move",
        MoveAfterDays = "Move after, days",
        ClientMayDelete = "The client may delete its backups",
        Notify = "Notify (one address a line: e-mail or http(s) URL)",
        NotifyOn = "Notify on",
        EventSuccess = "success",
        EventFailure = "failure",
        EventExpiry = "expiry",
        EventVerifyFailure = "verification failure",
        ResourceColumn = "Resource",
        Type = "Type",
        NextRun = "Next run",
        LastRun = "Last run",
        Note = "Note",
        Strategy = "Strategy",
        StatusRun = "run",
        StatusWait = "wait",
        Menu = "Actions",
        RunNow = "Run now",
        RunFull = "Run now: full",
        RunIncremental = "Run now: incremental",
        RunDifferential = "Run now: differential",
        Pause = "Pause",
        Resume = "Resume",
        RunStarted = "Task {0} queued",
        Paused = "Rule paused",
        Resumed = "Rule resumed",
        Deleted = "Rule deleted",
        DeleteTitle = "Delete the rule",
        DeleteConfirm = "Delete rule {0}? Its backups stay in the repository.",
        NameRequired = "Give the rule a name",
        ClientRequired = "Choose a client",
        GroupRequired = "Choose a cluster group",
        ResourceRequired = "Choose a VM",
        PoolRequired = "Choose a storage pool",
        MaxVolumeInvalid = "A positive number of GB, or empty",
        ScheduleInvalid = "Not a cron expression of five fields (minute hour day month weekday)",
        RetentionInvalid = "A whole number of days, at least 1",
        VerifyInvalid = "A whole number of days, at least 1, or empty",
        LifetimeInvalid = "Not a date and time",
        MoveAfterInvalid = "A whole number of days, at least 1 (needed with a target pool)",
        MoveNeedsPool = "Choose the pool to move to",
    };

    public static readonly RulesText Russian = new()
    {
        Title = "Глобальное расписание",
        Create = "Создать правило",
        CreateTitle = "Новое правило",
        EditTitle = "Правило {0}",
        MainTab = "Основные",
        AdditionalTab = "Дополнительно",
        Name = "Название правила",
        Target = "Кто выполняет",
        TargetClient = "Клиент",
        TargetGroup = "Кластерная группа",
        ClientOrGroup = "Клиент / группа",
        GroupPrefix = "группа {0}",
        Client = "Клиент",
        ClientGroup = "Кластерная группа",
        ResourceType = "Тип ресурса",
        FineSettings = "Тонкие настройки",
        Resource = "Ресурс (ВМ)",
        ResourceHint = "ВМ из последнего списка клиента",
        NoResources = "Клиент ещё не сообщил список ВМ",
        Pool = "Пул хранения",
        MaxVolumeGb = "Максимальный объём, ГБ",
        MaxVolumeHint = "Пусто — без ограничения",
        BackupType = "Тип резервного копирования",
        Full = "полное",
        Incremental = "инкрементальное",
        Differential = "дифференциальное",
        Schedule = "Расписание (cron, UTC)",
        ScheduleHint = "Пять полей: минута час день месяц день_недели, время UTC; например 0 3 * * * — ежедневно в 03:00",
        NextRunPreview = "Следующий запуск: {0}",
        RetentionDays = "Срок хранения, дней",
        VerifyEveryDays = "Проверять каждые N дней",
        VerifyHint = "Пусто — без периодической проверки",
        LifetimeUntil = "Срок жизни правила до (UTC)",
        LifetimeHint = "Пусто — бессрочно",
        Encryption = "Защитное преобразование",
        NoEncryption = "nocrypt (без шифрования)",
        EnableAfterCreation = "Включить после создания",
        ScriptBefore = "Скрипт перед созданием снимка",
        ScriptAfter = "Скрипт после создания снимка",
        ScriptAfterBackup = "Скрипт после выполнения резервного копирования (на клиенте)",
        ScriptAfterBackupHint = "Абсолютный путь к программе на узле клиента; запускается после успешного резервного копирования. Получает архив, выгруженный в один файл, в переменной RUBACKUP_ARCHIVE_FILE и может преобразовать этот файл, но должна сохранить его имя.",
        ScriptAfterBackupInvalid = "Укажите абсолютный путь (начинается с /) без управляющих символов или оставьте поле пустым",
        ScriptsHint = "Выполняются внутри ВМ, чтобы привести данные приложения в консистентное состояние (а также /opt/rubackup/scripts/rustack.sh с аргументом before/after, если он там есть).",
        ScriptsSet = "скрипты заданы",
        OnExpiry = "По окончании срока хранения",
        ExpiryDelete = "удалить резервную копию",
        ExpiryNotify = "только уведомить",
        MoveToPool = "Переместить в пул",
        NoMove = "не перемещать",
        MoveAfterDays = "Переместить через, дней",
        ClientMayDelete = "Клиент может удалять резервные копии",
        Notify = "Уведомлять (по адресу в строке: e-mail или http(s) URL)",
        NotifyOn = "Уведомлять о событиях",
        EventSuccess = "успех",
        EventFailure = "ошибка",
        EventExpiry = "окончание срока хранения",
        EventVerifyFailure = "ошибка проверки",
        ResourceColumn = "Ресурс",
        Type = "Тип",
        NextRun = "Следующий запуск",
        LastRun = "Последний запуск",
        Note = "Примечание",
        Strategy = "Стратегия",
        StatusRun = "run",
        StatusWait = "wait",
        Menu = "Действия",
        RunNow = "Выполнить",
        RunFull = "Выполнить: полное",
        RunIncremental = "Выполнить: инкрементальное",
        RunDifferential = "Выполнить: дифференциальное",
        Pause = "Приостановить",
        Resume = "Возобновить",
        RunStarted = "Задача {0} поставлена в очередь",
        Paused = "Правило приостановлено",
        Resumed = "Правило возобновлено",
        Deleted = "Правило удалено",
        DeleteTitle = "Удаление правила",
        DeleteConfirm = "Удалить правило {0}? Его резервные копии останутся в репозитории.",
        NameRequired = "Укажите название правила",
        ClientRequired = "Выберите клиента",
        GroupRequired = "Выберите кластерную группу",
        ResourceRequired = "Выберите ВМ",
        PoolRequired = "Выберите пул хранения",
        MaxVolumeInvalid = "Положительное число ГБ или пусто",
        ScheduleInvalid = "Не выражение cron из пяти полей (минута час день месяц день_недели)",
        RetentionInvalid = "Целое число дней, не меньше 1",
        VerifyInvalid = "Целое число дней, не меньше 1, или пусто",
        LifetimeInvalid = "Не дата и время",
        MoveAfterInvalid = "Целое число дней, не меньше 1 (нужно при выборе пула)",
        MoveNeedsPool = "Выберите пул для перемещения",
    };
}
