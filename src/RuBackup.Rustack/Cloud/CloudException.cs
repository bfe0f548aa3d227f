namespace RuBackup.Rustack.Cloud;

/// <summary>
/// A cloud call that failed. The message names the step, the resource and what the cloud said, in
/// one line, because that is what an operator needs to find the problem in the RUSTACK console.
/// </summary>
public sealed class CloudException : Exception
{
    public CloudException(string message) : base(message) { }

    public CloudException(string message, Exception inner) : base(message, inner) { }

    public CloudException() { }

    /// <summary>HTTP status when the cloud answered; null for connection errors and timeouts.</summary>
    public int? Status { get; init; }

    public static CloudException For(string step, string resource, string cloudMessage, int? status = null, Exception? inner = null)
    {
        var text = $"{step} ({resource}): {cloudMessage}";
        return inner is null ? new CloudException(text) { Status = status } : new CloudException(text, inner) { Status = status };
    }
}
