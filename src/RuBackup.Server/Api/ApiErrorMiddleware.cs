using System.Text.Json;
using RuBackup.Api;
using RuBackup.Catalog;

namespace RuBackup.Server.Api;

/// <summary>
/// Every failure a caller can cause answers with an <see cref="ApiError"/> body and a 4xx status, never
/// a stack trace: service refusals, name conflicts in the catalog, unreadable JSON bodies and bad
/// route or query values.
/// </summary>
public sealed partial class ApiErrorMiddleware(RequestDelegate next, ILogger<ApiErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (ApiException e) when (!context.Response.HasStarted)
        {
            await WriteAsync(context, e.Status, new ApiError(e.Message, e.Field)).ConfigureAwait(false);
        }
        catch (CatalogConflictException e) when (!context.Response.HasStarted)
        {
            await WriteAsync(context, StatusCodes.Status409Conflict, new ApiError(e.Message)).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            await WriteAsync(context, e.StatusCode, new ApiError(BodyMessage(e))).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The caller went away (a long poll closed); nothing to answer.
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            LogFailure(logger, context.Request.Method, context.Request.Path, e);
            await WriteAsync(context, StatusCodes.Status500InternalServerError, new ApiError($"internal error: {e.Message}")).ConfigureAwait(false);
        }
    }

    private static string BodyMessage(BadHttpRequestException e) =>
        e.InnerException is JsonException json
            ? $"the request body is not valid: {json.Message.Split(" Path:")[0]}{(json.Path is { Length: > 1 } path ? $" (at {path})" : "")}"
            : e.Message;

    private static Task WriteAsync(HttpContext context, int status, ApiError error)
    {
        context.Response.Clear();
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(error);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed")]
    private static partial void LogFailure(ILogger logger, string method, string path, Exception exception);
}
