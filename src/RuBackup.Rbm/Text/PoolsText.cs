namespace RuBackup.Rbm.Text;

/// <summary>Texts of the console's pools page.</summary>
public sealed record PoolsText
{
    public required string Title { get; init; }
    public required string Kind { get; init; }
    public required string Plain { get; init; }
    public required string Dedup { get; init; }
    public required string Path { get; init; }
    public required string PathHelp { get; init; }
    public required string ChunkSize { get; init; }
    public required string ChunkSizeHelp { get; init; }
    public required string Chunk { get; init; }
    public required string ChunkSizeInvalid { get; init; }
    public required string Description { get; init; }
    public required string Created { get; init; }
    public required string Archives { get; init; }
    public required string Logical { get; init; }
    public required string Stored { get; init; }
    public required string Ratio { get; init; }
    public required string LastGc { get; init; }
    public required string NotApplicable { get; init; }
    public required string NewPool { get; init; }
    public required string CreateTitle { get; init; }
    public required string CreatedMessage { get; init; }
    public required string DeleteConfirm { get; init; }
    public required string Deleted { get; init; }
    public required string GcNow { get; init; }
    public required string GcReportTitle { get; init; }
    public required string GcChunksKept { get; init; }
    public required string GcChunksRemoved { get; init; }
    public required string GcBytesRemoved { get; init; }
    public required string GcLeftovers { get; init; }
    public required string GcFinished { get; init; }
    public required string Total { get; init; }

    public static readonly PoolsText English = new()
    {
        Title = "Storage pools",
        Kind = "Kind",
        Plain = "plain",
        Dedup = "dedup",
        Path = "Path",
        PathHelp = "Folder on the server; empty: the server's data folder/pools/NAME",
        ChunkSize = "Chunk size, bytes",
        ChunkSizeHelp = "Empty: the repository's default (256 KiB)",
        Chunk = "Chunk",
        ChunkSizeInvalid = "Give a whole number of bytes above zero",
        Description = "Description",
        Created = "Created",
        Archives = "Archives",
        Logical = "Backed up",
        Stored = "Stored",
        Ratio = "Ratio",
        LastGc = "Last GC",
        NotApplicable = "n/a",
        NewPool = "New pool",
        CreateTitle = "New storage pool",
        CreatedMessage = "Pool {0} created",
        DeleteConfirm = "Delete the pool {0}? The server refuses while archives or rules use it.",
        Deleted = "Pool {0} deleted",
        GcNow = "GC now",
        GcReportTitle = "Garbage collection of {0}",
        GcChunksKept = "Chunks kept",
        GcChunksRemoved = "Chunks removed",
        GcBytesRemoved = "Bytes freed",
        GcLeftovers = "Leftovers of unfinished writes removed",
        GcFinished = "Finished",
        Total = "Total",
    };

    public static readonly PoolsText Russian = new()
    {
        Title = "Пулы хранения",
        Kind = "Тип",
        Plain = "обычный",
        Dedup = "дедуп.",
        Path = "Путь",
        PathHelp = "Папка на сервере; пусто: папка данных сервера/pools/ИМЯ",
        ChunkSize = "Размер блока, байт",
        ChunkSizeHelp = "Пусто: по умолчанию репозитория (256 КиБ)",
        Chunk = "Блок",
        ChunkSizeInvalid = "Укажите целое число байт больше нуля",
        Description = "Описание",
        Created = "Создан",
        Archives = "Копий",
        Logical = "Исходный объём",
        Stored = "Хранится",
        Ratio = "Коэфф.",
        LastGc = "Сборка мусора",
        NotApplicable = "—",
        NewPool = "Новый пул",
        CreateTitle = "Новый пул хранения",
        CreatedMessage = "Пул {0} создан",
        DeleteConfirm = "Удалить пул {0}? Сервер откажет, пока его используют резервные копии или правила.",
        Deleted = "Пул {0} удалён",
        GcNow = "Собрать мусор",
        GcReportTitle = "Сборка мусора пула {0}",
        GcChunksKept = "Блоков оставлено",
        GcChunksRemoved = "Блоков удалено",
        GcBytesRemoved = "Освобождено",
        GcLeftovers = "Удалено остатков незавершённых записей",
        GcFinished = "Завершена",
        Total = "Итого",
    };
}
