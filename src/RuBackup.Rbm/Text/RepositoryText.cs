namespace RuBackup.Rbm.Text;

/// <summary>Texts of the console's repository page and its dialogs (centralized restore, move).</summary>
public sealed record RepositoryText
{
    public required string Title { get; init; }
    public required string NoArchives { get; init; }
    public required string GroupArchives { get; init; }
    public required string Chain { get; init; }
    public required string Id { get; init; }
    public required string Type { get; init; }
    public required string Created { get; init; }
    public required string SourceSize { get; init; }
    public required string StoredSize { get; init; }
    public required string Pool { get; init; }
    public required string Encryption { get; init; }
    public required string NoEncryption { get; init; }
    public required string Status { get; init; }
    public required string StatusOk { get; init; }
    public required string StatusCommitting { get; init; }
    public required string StatusDamaged { get; init; }
    public required string Verified { get; init; }
    public required string KeepUntil { get; init; }
    public required string CreatedKeep { get; init; }
    public required string StatusVerified { get; init; }
    public required string SignedBy { get; init; }
    public required string SignerRevoked { get; init; }
    public required string SignerUnknown { get; init; }
    public required string Unsigned { get; init; }
    public required string Forever { get; init; }
    public required string Restore { get; init; }
    public required string Verify { get; init; }
    public required string Delete { get; init; }
    public required string Move { get; init; }
    public required string VerifyStarted { get; init; }
    public required string DeleteTitle { get; init; }
    public required string DeleteConfirm { get; init; }
    public required string DeleteStarted { get; init; }
    public required string MoveTitle { get; init; }
    public required string MoveExplain { get; init; }
    public required string MoveTarget { get; init; }
    public required string MoveStarted { get; init; }
    public required string RestoreTitle { get; init; }
    public required string RestoreParameters { get; init; }
    public required string Client { get; init; }
    public required string Resource { get; init; }
    public required string ChainLength { get; init; }
    public required string ChainReads { get; init; }
    public required string TargetClient { get; init; }
    public required string TargetClientFixed { get; init; }
    public required string Deploy { get; init; }
    public required string DeployExplain { get; init; }
    public required string Folder { get; init; }
    public required string FolderHelp { get; init; }
    public required string FolderRequired { get; init; }
    public required string FolderMustBeAbsolute { get; init; }
    public required string Ok { get; init; }
    public required string RestoreCreated { get; init; }
    public required string OpenQueue { get; init; }
    public required string CentralizedRestoreOff { get; init; }

    public static readonly RepositoryText English = new()
    {
        Title = "Repository",
        NoArchives = "No backups in the repository",
        GroupArchives = "{0} backups",
        Chain = "Chain of {0}",
        Id = "ID",
        Type = "Type",
        Created = "Created",
        SourceSize = "Source size",
        StoredSize = "Stored",
        Pool = "Storage pool",
        Encryption = "Encryption",
        NoEncryption = "none",
        Status = "Status",
        StatusOk = "ok",
        StatusCommitting = "being written",
        StatusDamaged = "damaged",
        Verified = "Verified",
        KeepUntil = "Keep until",
        CreatedKeep = "Created / keep until",
        StatusVerified = "Status / verified",
        SignedBy = "Signed by",
        SignerRevoked = "{0} (key revoked)",
        SignerUnknown = "unknown key {0}",
        Unsigned = "unsigned",
        Forever = "no limit",
        Restore = "Restore",
        Verify = "Verify",
        Delete = "Delete",
        Move = "Move to pool",
        VerifyStarted = "Verification started: task {0}",
        DeleteTitle = "Delete backup",
        DeleteConfirm = "Delete backup {0} from the storage and the repository?",
        DeleteStarted = "Deletion started: task {0}",
        MoveTitle = "Move to another storage pool",
        MoveExplain = "The whole family moves: the full backup and every backup based on it.",
        MoveTarget = "Target pool",
        MoveStarted = "Move started: task {0}",
        RestoreTitle = "Centralized restore",
        RestoreParameters = "Backup",
        Client = "Client",
        Resource = "Resource",
        ChainLength = "Chain length",
        ChainReads = "Backups the restore reads",
        TargetClient = "Restore on client",
        TargetClientFixed = "Restore on client {0}",
        Deploy = "Deploy if applicable",
        DeployExplain = "Deploying creates a new virtual machine in the cloud from the backup. If a VM with the same name exists, a numeric postfix is added to the name (web-1 → web-1-1). Uncheck to restore the disk images into a folder on the client instead.",
        Folder = "Folder on the client",
        FolderHelp = "An absolute path on the client, e.g. /var/restore",
        FolderRequired = "A folder is needed when not deploying",
        FolderMustBeAbsolute = "Must be an absolute path (starting with /)",
        Ok = "OK",
        RestoreCreated = "Restore task created:",
        OpenQueue = "Open the task queue",
        CentralizedRestoreOff = "Client {0} has disabled centralized restore in its configuration: the server will refuse; restore from the client (rb_archives) instead.",
    };

    public static readonly RepositoryText Russian = new()
    {
        Title = "Репозиторий",
        NoArchives = "В репозитории нет резервных копий",
        GroupArchives = "Резервных копий: {0}",
        Chain = "Цепочка из {0}",
        Id = "ID",
        Type = "Тип",
        Created = "Создана",
        SourceSize = "Исходный размер",
        StoredSize = "В хранилище",
        Pool = "Пул хранения",
        Encryption = "Шифрование",
        NoEncryption = "нет",
        Status = "Статус",
        StatusOk = "в порядке",
        StatusCommitting = "записывается",
        StatusDamaged = "повреждена",
        Verified = "Проверена",
        KeepUntil = "Хранить до",
        CreatedKeep = "Создана / хранить до",
        StatusVerified = "Статус / проверка",
        SignedBy = "Подписан",
        SignerRevoked = "{0} (ключ отозван)",
        SignerUnknown = "неизвестный ключ {0}",
        Unsigned = "без подписи",
        Forever = "без срока",
        Restore = "Восстановить",
        Verify = "Проверить",
        Delete = "Удалить",
        Move = "Переместить в пул",
        VerifyStarted = "Проверка запущена: задача {0}",
        DeleteTitle = "Удаление резервной копии",
        DeleteConfirm = "Удалить резервную копию {0} из хранилища и репозитория?",
        DeleteStarted = "Удаление запущено: задача {0}",
        MoveTitle = "Перемещение в другой пул хранения",
        MoveExplain = "Перемещается всё семейство: полная резервная копия и все основанные на ней.",
        MoveTarget = "Пул назначения",
        MoveStarted = "Перемещение запущено: задача {0}",
        RestoreTitle = "Централизованное восстановление",
        RestoreParameters = "Резервная копия",
        Client = "Клиент",
        Resource = "Ресурс",
        ChainLength = "Длина цепочки",
        ChainReads = "Читаемые резервные копии",
        TargetClient = "Восстановить на клиенте",
        TargetClientFixed = "Восстановить на клиенте {0}",
        Deploy = "Развернуть, если применимо",
        DeployExplain = "При развертывании из резервной копии в облаке создается новая виртуальная машина. Если виртуальная машина с таким именем уже есть, к имени добавляется цифровой постфикс (web-1 → web-1-1). Снимите отметку, чтобы восстановить образы дисков в каталог на клиенте без развертывания.",
        Folder = "Каталог на клиенте",
        FolderHelp = "Абсолютный путь на клиенте, например /var/restore",
        FolderRequired = "Без развертывания нужен каталог",
        FolderMustBeAbsolute = "Нужен абсолютный путь (начинается с /)",
        Ok = "OK",
        RestoreCreated = "Создана задача восстановления:",
        OpenQueue = "Открыть очередь задач",
        CentralizedRestoreOff = "На клиенте {0} централизованное восстановление отключено в конфигурации: сервер откажет; восстановите со стороны клиента (rb_archives).",
    };
}
