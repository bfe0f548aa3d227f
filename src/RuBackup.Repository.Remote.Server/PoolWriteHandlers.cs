using System.Text.Json;
using Microsoft.AspNetCore.Http;
using RuBackup.Repository.Format;
using RuBackup.Repository.Storage;

namespace RuBackup.Repository.Remote.Server;

/// <summary>
/// The write half of the protocol: a session per archive, asked which chunks are missing, sent them in
/// batches, then committed (through the host's commit hook) or abandoned.
/// </summary>
internal sealed class PoolWriteHandlers(WriteSessionRegistry registry)
{
    private const long MaxSmallBody = 64 * 1024;

    public async Task BeginAsync(HttpContext context, PoolAccess access, CancellationToken cancellationToken)
    {
        RequireWrite(access);
        if (registry.Stopping.IsCancellationRequested)
        {
            throw new PoolProtocolException(StatusCodes.Status503ServiceUnavailable, "the server is stopping");
        }
        var body = await PoolRequest.ReadBodyAsync(context, MaxSmallBody, cancellationToken).ConfigureAwait(false);
        BeginSessionRequest? request;
        try
        {
            request = JsonSerializer.Deserialize<BeginSessionRequest>(body, PoolWire.Json);
        }
        catch (JsonException e)
        {
            throw new PoolProtocolException(StatusCodes.Status400BadRequest, $"the body is not {{\"archive\": ID}}: {e.Message}");
        }
        var archiveId = request?.Archive;
        if (archiveId is null || !PoolNames.IsValid(archiveId))
        {
            throw new PoolProtocolException(StatusCodes.Status400BadRequest, $"archive id '{archiveId}' may only contain letters, digits, '-', '_' and '.'");
        }
        var configBytes = await access.Device.ReadConfigAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new PoolProtocolException(StatusCodes.Status409Conflict, "there is no repository in this pool");
        var config = RepositoryConfig.Parse(configBytes, "the pool's configuration");
        var inner = await access.Device.BeginWriteAsync(archiveId, cancellationToken).ConfigureAwait(false);
        var session = new ServerWriteSession(WriteSessionRegistry.NewId(), ScopeOfBegin(context), archiveId, access, inner, config.ChunkSize, registry.Time);
        registry.Add(session);
        context.Response.StatusCode = StatusCodes.Status201Created;
        await context.Response.WriteAsJsonAsync(new BeginSessionResponse(session.Id), PoolWire.Json, cancellationToken).ConfigureAwait(false);
    }

    public async Task FindMissingAsync(HttpContext context, PoolAccess access, string id, string kind, string name, CancellationToken cancellationToken)
    {
        var container = PoolNames.Container(kind, name);
        if (container.Kind != ChunkStoreKind.Shared)
        {
            throw new PoolProtocolException(StatusCodes.Status400BadRequest, "find-missing asks about a shared store; a pack holds only what its session puts");
        }
        var session = Enter(context, access, id);
        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, session.Lifetime);
            var body = await PoolRequest.ReadBodyAsync(context, 32L << 20, linked.Token).ConfigureAwait(false);
            if (body.Length % ChunkDigest.Size != 0)
            {
                throw new PoolProtocolException(StatusCodes.Status400BadRequest, $"the body is {body.Length} bytes, not a list of {ChunkDigest.Size}-byte digests");
            }
            var digests = new ChunkDigest[body.Length / ChunkDigest.Size];
            for (var i = 0; i < digests.Length; i++)
            {
                digests[i] = new ChunkDigest(body.AsSpan(i * ChunkDigest.Size, ChunkDigest.Size));
            }
            var missing = await session.Inner.FindMissingAsync(container, digests, linked.Token).ConfigureAwait(false);
            session.CountAsked(digests.Length, missing.Count);
            var answer = new byte[missing.Count * ChunkDigest.Size];
            for (var i = 0; i < missing.Count; i++)
            {
                missing[i].CopyTo(answer.AsSpan(i * ChunkDigest.Size));
            }
            await PoolRequest.WriteBinaryAsync(context, answer, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            session.Exit();
        }
    }

    public async Task PutChunksAsync(HttpContext context, PoolAccess access, string id, string kind, string name, CancellationToken cancellationToken)
    {
        var container = PoolNames.Container(kind, name);
        var session = Enter(context, access, id);
        long received;
        try
        {
            if (container.Kind == ChunkStoreKind.Pack && container.Name != session.ArchiveId)
            {
                throw new PoolProtocolException(StatusCodes.Status400BadRequest, $"the session of archive {session.ArchiveId} cannot write into the pack of {container.Name}");
            }
            if (session.BrokenReason is { } reason)
            {
                throw new PoolProtocolException(StatusCodes.Status409Conflict, $"write session {id} is broken ({reason}); start the backup again");
            }
            PoolRequest.AllowBody(context, registry.Options.MaxBatchBytes);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, session.Lifetime);
            try
            {
                received = await ChunkBatchReader.ReadAsync(context.Request.Body, session, container, linked.Token).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                // Part of the batch may be stored: harmless content-addressed files, but the client
                // does not know which, so this session's archive must never be committed.
                session.Break(e is PoolProtocolException or RepositoryException ? e.Message : "an upload was cut off");
                throw;
            }
        }
        finally
        {
            session.Exit();
        }
        await context.Response.WriteAsJsonAsync(new ChunkBatchResponse(received), PoolWire.Json, cancellationToken).ConfigureAwait(false);
    }

    public async Task CommitAsync(HttpContext context, PoolAccess access, string id, CancellationToken cancellationToken)
    {
        var session = Enter(context, access, id);
        byte[] manifest;
        try
        {
            manifest = await PoolRequest.ReadBodyAsync(context, registry.Options.MaxManifestBytes, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            session.Exit();
        }
        if (!session.TryClose(cancelRequests: false, out var drained))
        {
            throw new PoolProtocolException(StatusCodes.Status409Conflict, $"write session {id} is already committing or closed");
        }
        var outcome = "commit failed";
        try
        {
            if (session.BrokenReason is { } reason)
            {
                throw new PoolProtocolException(StatusCodes.Status409Conflict, $"write session {id} is broken ({reason}); nothing was committed");
            }
            CheckManifest(manifest, session.ArchiveId);
            await drained.ConfigureAwait(false);
            var commit = new PoolCommit(session.ArchiveId, manifest, session.Stats);
            var inner = session.Inner;
            // Not the request's token: a client vanishing mid-commit must not cut the catalog and the
            // pool apart; only the server stopping does.
            var token = registry.Stopping;
            if (session.Access.Commit is { } hook)
            {
                await hook(commit, ct => inner.CommitAsync(manifest, ct), token).ConfigureAwait(false);
            }
            else
            {
                await inner.CommitAsync(manifest, token).ConfigureAwait(false);
            }
            outcome = "committed";
        }
        finally
        {
            await registry.EndAsync(session, drained, outcome).ConfigureAwait(false);
        }
        await context.Response.WriteAsJsonAsync(new CommitResponse(session.ArchiveId), PoolWire.Json, cancellationToken).ConfigureAwait(false);
    }

    public async Task AbandonAsync(HttpContext context, PoolAccess access, string id)
    {
        RequireWrite(access);
        var session = registry.Find(id, ScopeOf(context, id));
        if (session is not null && session.TryClose(cancelRequests: true, out var drained))
        {
            await registry.EndAsync(session, drained, "abandoned by the client").ConfigureAwait(false);
        }
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private static void CheckManifest(byte[] manifest, string archiveId)
    {
        ArchiveManifest parsed;
        try
        {
            // Without the key an encrypted manifest's header is still readable; its tag is the
            // client's to check, as the key never comes here.
            parsed = ManifestCodec.Deserialize(manifest, null, $"manifest of archive {archiveId}");
        }
        catch (RepositoryException e)
        {
            throw new PoolProtocolException(StatusCodes.Status400BadRequest, e.Message);
        }
        if (parsed.Id != archiveId)
        {
            throw new PoolProtocolException(StatusCodes.Status400BadRequest, $"the manifest is of archive {parsed.Id}, the session writes {archiveId}");
        }
    }

    private ServerWriteSession Enter(HttpContext context, PoolAccess access, string id)
    {
        RequireWrite(access);
        var session = registry.Find(id, ScopeOf(context, id))
            ?? throw new PoolProtocolException(StatusCodes.Status404NotFound, $"no write session {id} (it ended, was abandoned after its idle timeout, or the server restarted)");
        if (!session.TryEnter())
        {
            throw new PoolProtocolException(StatusCodes.Status409Conflict, $"write session {id} is closed");
        }
        return session;
    }

    private static void RequireWrite(PoolAccess access)
    {
        if (!access.CanWrite)
        {
            throw new PoolAccessDeniedException(StatusCodes.Status403Forbidden, "this access may not write archives into the pool (only backup tasks write)");
        }
    }

    private static string FullPath(HttpContext context) => (context.Request.PathBase + context.Request.Path).Value ?? "";

    /// <summary>The pool path: the request path before "/sessions".</summary>
    private static string ScopeOfBegin(HttpContext context)
    {
        var path = FullPath(context).TrimEnd('/');
        return path[..path.LastIndexOf("/" + PoolWire.Sessions, StringComparison.Ordinal)];
    }

    private static string ScopeOf(HttpContext context, string id)
    {
        var path = FullPath(context);
        var at = path.LastIndexOf($"/{PoolWire.Sessions}/{id}", StringComparison.Ordinal);
        return at < 0 ? path : path[..at];
    }
}
