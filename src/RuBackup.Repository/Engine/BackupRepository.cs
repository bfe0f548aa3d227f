using RuBackup.Repository.Format;
using RuBackup.Repository.Storage;

namespace RuBackup.Repository.Engine;

/// <summary>An opened pool: its configuration and the device behind it. The entry point of the engine.</summary>
public sealed class BackupRepository
{
    private BackupRepository(IPoolDevice device, RepositoryConfig config, TimeProvider time)
    {
        Device = device;
        Config = config;
        Time = time;
        Catalog = new ArchiveCatalog(this);
    }

    public IPoolDevice Device { get; }

    public RepositoryConfig Config { get; }

    public TimeProvider Time { get; }

    public ArchiveCatalog Catalog { get; }

    public static async Task<BackupRepository> InitAsync(IPoolDevice device, bool dedup, int chunkSize, bool encryptionRequired, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(device);
        RepositoryConfig.ValidateChunkSize(chunkSize);
        time ??= TimeProvider.System;
        var config = new RepositoryConfig
        {
            Id = Guid.NewGuid().ToString("N"),
            Created = time.GetUtcNow(),
            ChunkSize = chunkSize,
            Dedup = dedup,
            EncryptionRequired = encryptionRequired,
        };
        await device.CreateAsync(config.Serialize(), cancellationToken).ConfigureAwait(false);
        return new BackupRepository(device, config, time);
    }

    public static async Task<BackupRepository> OpenAsync(IPoolDevice device, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(device);
        var bytes = await device.ReadConfigAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new RepositoryException($"{device.Description}: no repository here (run 'rb_repo init' first)");
        var config = RepositoryConfig.Parse(bytes, Path.Combine(device.Description, RepositoryConfig.FileName));
        return new BackupRepository(device, config, time ?? TimeProvider.System);
    }

    public static Task<BackupRepository> OpenAsync(string folder, CancellationToken cancellationToken = default) =>
        OpenAsync(new LocalFolderDevice(folder), null, cancellationToken);

    /// <summary>
    /// Where this pool keeps the chunks of <paramref name="manifest"/>: decided by the pool's kind, not by
    /// the manifest's <see cref="ArchiveManifest.ChunkStore"/>, which records the kind of the pool the
    /// archive was first written into. A move to a pool of the other kind copies the manifest bytes
    /// unchanged (an encrypted manifest cannot be re-authenticated without the client's key), so the
    /// placement must come from the pool holding the archive (docs/format.md, "Chunk placement").
    /// </summary>
    internal ChunkContainer ContainerOf(ArchiveManifest manifest) =>
        Config.StoreKind == ChunkStoreKind.Shared ? ChunkContainer.Shared(manifest.SourceType) : ChunkContainer.Pack(manifest.Id);
}
