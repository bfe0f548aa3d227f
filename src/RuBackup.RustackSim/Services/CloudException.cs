namespace RuBackup.RustackSim.Services;

/// <summary>An OpenStack API error: handlers throw it, ErrorMapping turns it into the service's error body.</summary>
public sealed class CloudException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;

    public static CloudException NotFound(string what) => new(404, $"{what} could not be found.");

    public static CloudException BadRequest(string message) => new(400, message);

    public static CloudException Conflict(string message) => new(409, message);
}
