namespace RuBackup.Server.Api;

/// <summary>
/// A refusal the services raise and <see cref="ApiErrorMiddleware"/> turns into an ApiError body with
/// this status. Field names follow the JSON bodies (camelCase) or the query parameter.
/// </summary>
public sealed class ApiException : Exception
{
    public ApiException(int status, string message, string? field = null) : base(message)
    {
        Status = status;
        Field = field;
    }

    public ApiException() { }

    public ApiException(string message) : base(message) { }

    public ApiException(string message, Exception inner) : base(message, inner) { }

    public int Status { get; } = 500;

    public string? Field { get; }

    public static ApiException BadRequest(string field, string message) => new(StatusCodes.Status400BadRequest, message, field);

    public static ApiException NotFound(string message) => new(StatusCodes.Status404NotFound, message);

    public static ApiException Conflict(string message) => new(StatusCodes.Status409Conflict, message);

    public static ApiException Forbidden(string message) => new(StatusCodes.Status403Forbidden, message);
}
