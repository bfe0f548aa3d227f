using Microsoft.AspNetCore.Http;
using RuBackup.Repository.Format;
using RuBackup.Repository.Storage;

namespace RuBackup.Repository.Remote.Server;

/// <summary>The read half of the protocol: what backups (base lookup) and restores need.</summary>
internal static class PoolReadHandlers
{
    public static async Task ConfigAsync(HttpContext context, PoolAccess access, CancellationToken cancellationToken)
    {
        var config = await access.Device.ReadConfigAsync(cancellationToken).ConfigureAwait(false);
        if (config is null)
        {
            // 204, not 404: the place exists but holds no pool; 404 stays a refusal of the place.
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }
        await PoolRequest.WriteBinaryAsync(context, config, cancellationToken).ConfigureAwait(false);
    }

    public static async Task ListManifestsAsync(HttpContext context, PoolAccess access, CancellationToken cancellationToken)
    {
        var ids = await access.Device.ListManifestsAsync(cancellationToken).ConfigureAwait(false);
        await context.Response.WriteAsJsonAsync(ids.Where(access.ManifestVisible).ToArray(), PoolWire.Json, cancellationToken).ConfigureAwait(false);
    }

    public static async Task GetManifestAsync(HttpContext context, PoolAccess access, string archiveId, CancellationToken cancellationToken)
    {
        // An archive the caller may not see answers exactly like one that does not exist.
        var noArchive = new PoolProtocolException(StatusCodes.Status404NotFound, $"no archive '{archiveId}'", PoolWire.NoArchiveCode);
        if (!PoolNames.IsValid(archiveId) || !access.ManifestVisible(archiveId))
        {
            throw noArchive;
        }
        byte[] manifest;
        try
        {
            manifest = await access.Device.GetManifestAsync(archiveId, cancellationToken).ConfigureAwait(false);
        }
        catch (RepositoryException e) when (e is not DamagedDataException)
        {
            throw noArchive;
        }
        await PoolRequest.WriteBinaryAsync(context, manifest, cancellationToken).ConfigureAwait(false);
    }

    public static async Task GetChunkAsync(HttpContext context, PoolAccess access, string kind, string name, string hex, CancellationToken cancellationToken)
    {
        var container = PoolNames.Container(kind, name);
        if (!ChunkDigest.TryParse(hex, out var digest))
        {
            throw new PoolProtocolException(StatusCodes.Status400BadRequest, $"'{hex}' is not a chunk digest (64 hex digits)");
        }
        // A plain pool's pack belongs to one archive: hidden with it.
        if (container.Kind == ChunkStoreKind.Pack && !access.ManifestVisible(container.Name))
        {
            throw new PoolProtocolException(StatusCodes.Status404NotFound, $"chunk {digest} of {container} is missing", PoolWire.NoChunkCode);
        }
        var blob = await access.Device.GetChunkAsync(container, digest, cancellationToken).ConfigureAwait(false);
        await PoolRequest.WriteBinaryAsync(context, blob, cancellationToken).ConfigureAwait(false);
    }
}
