using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using RuBackup.Repository.Storage;

namespace RuBackup.Repository.Remote.Server;

/// <summary>
/// Runs one protocol request: resolves the caller's access first, then the handler, and turns every
/// refusal or failure into a status with {"error": one line, "code"?} (docs/format.md, "Pool protocol").
/// </summary>
internal static class PoolRequest
{
    public static async Task RunAsync(HttpContext context, Func<HttpContext, CancellationToken, Task<PoolAccess>> resolve, ILogger log,
        Func<PoolAccess, CancellationToken, Task> handler)
    {
        var aborted = context.RequestAborted;
        try
        {
            var access = await resolve(context, aborted).ConfigureAwait(false);
            await handler(access, aborted).ConfigureAwait(false);
        }
        catch (PoolAccessDeniedException e)
        {
            await FailAsync(context, e.StatusCode, e.Message).ConfigureAwait(false);
        }
        catch (PoolProtocolException e)
        {
            await FailAsync(context, e.StatusCode, e.Message, e.Code).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e)
        {
            await FailAsync(context, e.StatusCode, $"bad request: {e.Message}").ConfigureAwait(false);
        }
        catch (ChunkMissingException e)
        {
            await FailAsync(context, StatusCodes.Status404NotFound, e.Message, PoolWire.NoChunkCode).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client is gone: nobody reads an answer.
        }
        catch (OperationCanceledException)
        {
            await FailAsync(context, StatusCodes.Status503ServiceUnavailable, "the write session was closed (server stopping or session abandoned)").ConfigureAwait(false);
        }
        catch (DamagedDataException e)
        {
            log.LogWarning("pool request {Path}: {Error}", context.Request.Path, e.Message);
            await FailAsync(context, StatusCodes.Status500InternalServerError, e.Message).ConfigureAwait(false);
        }
        catch (RepositoryException e)
        {
            await FailAsync(context, StatusCodes.Status409Conflict, e.Message).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (aborted.IsCancellationRequested)
            {
                // A reset connection while reading the body, not the pool's storage.
                return;
            }
            log.LogWarning("pool request {Path}: {Error}", context.Request.Path, e.Message);
            await FailAsync(context, StatusCodes.Status500InternalServerError, $"pool storage failed: {e.Message}").ConfigureAwait(false);
        }
    }

    public static Task FailAsync(HttpContext context, int status, string message, string? code = null)
    {
        if (context.Response.HasStarted)
        {
            context.Abort();
            return Task.CompletedTask;
        }
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new PoolError(message.ReplaceLineEndings(" "), code), PoolWire.Json, contentType: "application/json", context.RequestAborted);
    }

    /// <summary>Lifts Kestrel's default body limit (30 MB) for the endpoints that carry chunks or manifests.</summary>
    public static void AllowBody(HttpContext context, long maxBytes)
    {
        var feature = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false })
        {
            feature.MaxRequestBodySize = maxBytes;
        }
        if (context.Request.ContentLength > maxBytes)
        {
            throw new PoolProtocolException(StatusCodes.Status413PayloadTooLarge, $"the body is {context.Request.ContentLength} bytes; at most {maxBytes} are accepted here");
        }
    }

    public static async Task<byte[]> ReadBodyAsync(HttpContext context, long maxBytes, CancellationToken cancellationToken)
    {
        AllowBody(context, maxBytes);
        var length = context.Request.ContentLength;
        using var buffer = length is { } known ? new MemoryStream((int)known) : new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (buffer.Length > maxBytes)
        {
            throw new PoolProtocolException(StatusCodes.Status413PayloadTooLarge, $"the body exceeds {maxBytes} bytes");
        }
        return buffer.Length == buffer.Capacity ? buffer.GetBuffer() : buffer.ToArray();
    }

    public static async Task WriteBinaryAsync(HttpContext context, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        context.Response.ContentType = PoolWire.BinaryType;
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
    }
}
