using RuBackup.Repository.Format;
using RuBackup.Repository.Storage;

namespace RuBackup.Repository.Transfer;

/// <summary>
/// A checked export file seen as a read-only pool, so an import is the same keyless copy as a move
/// between pools (<see cref="Engine.ArchiveCopier"/>): the target asks for what it lacks, places chunks by
/// its own kind, and commits each manifest after its chunks are durable. A chunk is found by its
/// digest alone: the file has one place for every chunk, whatever container the copier names.
/// </summary>
internal sealed class ExportFileDevice(ExportFile file) : IPoolDevice
{
    public string Description => file.Path;

    public Task<byte[]?> ReadConfigAsync(CancellationToken cancellationToken)
    {
        var config = new RepositoryConfig
        {
            Id = file.Header.SourceRepository,
            Created = file.Header.Created,
            ChunkSize = file.Header.ChunkSize,
            Dedup = file.Header.ChunkStore == ChunkStoreKind.Shared,
        };
        return Task.FromResult<byte[]?>(config.Serialize());
    }

    public Task<IReadOnlyList<string>> ListManifestsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([.. file.Header.Archives.Select(a => a.Id)]);

    public Task<byte[]> GetManifestAsync(string archiveId, CancellationToken cancellationToken) =>
        Task.FromResult(file.Manifest(archiveId));

    public Task<byte[]> GetChunkAsync(ChunkContainer container, ChunkDigest digest, CancellationToken cancellationToken) =>
        file.ReadChunkAsync(digest, cancellationToken);

    public Task CreateAsync(byte[] config, CancellationToken cancellationToken) => throw ReadOnly();

    public Task DeleteArchiveAsync(string archiveId, CancellationToken cancellationToken) => throw ReadOnly();

    public Task<IWriteSession> BeginWriteAsync(string archiveId, CancellationToken cancellationToken) => throw ReadOnly();

    public Task<IReadOnlyList<ChunkContainer>> ListContainersAsync(CancellationToken cancellationToken) => throw ReadOnly();

    public IAsyncEnumerable<StoredChunk> ListChunksAsync(ChunkContainer container, CancellationToken cancellationToken) => throw ReadOnly();

    public Task<DateTimeOffset?> OldestActiveWriterAsync(CancellationToken cancellationToken) => Task.FromResult<DateTimeOffset?>(null);

    public Task<(long Count, long Bytes)> SweepAsync(ChunkContainer container, IReadOnlySet<ChunkDigest> keep, DateTimeOffset cutoff, CancellationToken cancellationToken) => throw ReadOnly();

    public Task<(long Count, long Bytes)> RemoveLeftoversAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) => throw ReadOnly();

    private NotSupportedException ReadOnly() => new($"{file.Path}: an export file is read-only");
}
