using RuBackup.Repository;
using RuBackup.Repository.Engine;
using RuBackup.Repository.Remote;
using RuBackup.Repository.Storage;

namespace RuBackup.Rustack;

/// <summary>
/// Opens what --repo names: a repository folder, or a pool URL of the server (http:// or https://).
/// For a URL the bearer token comes from RUBACKUP_POOL_TOKEN and an optional CA file from
/// RUBACKUP_SERVER_CA: the environment, never the command line, where other users could read them.
/// </summary>
public static class RepositoryAccess
{
    public const string TokenVariable = "RUBACKUP_POOL_TOKEN";
    public const string CaVariable = "RUBACKUP_SERVER_CA";

    public static bool IsUrl(string repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        return repository.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || repository.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
    }

    public static async Task<OpenedRepository> OpenAsync(string repository, CancellationToken cancellationToken, Func<string, string?>? environment = null)
    {
        var device = OpenDevice(repository, environment ?? Environment.GetEnvironmentVariable);
        try
        {
            return new OpenedRepository(await BackupRepository.OpenAsync(device, null, cancellationToken).ConfigureAwait(false), device as IDisposable);
        }
        catch
        {
            (device as IDisposable)?.Dispose();
            throw;
        }
    }

    private static IPoolDevice OpenDevice(string repository, Func<string, string?> environment)
    {
        if (!IsUrl(repository))
        {
            return new LocalFolderDevice(repository);
        }
        if (!Uri.TryCreate(repository, UriKind.Absolute, out var url))
        {
            throw new RepositoryException($"--repo '{repository}' is not a valid URL");
        }
        var token = environment(TokenVariable);
        if (string.IsNullOrEmpty(token))
        {
            throw new RepositoryException($"--repo {url.GetLeftPart(UriPartial.Path)} is a pool URL: set {TokenVariable} to the client's bearer token");
        }
        var ca = environment(CaVariable);
        return HttpPoolDevice.Connect(url, token, string.IsNullOrEmpty(ca) ? null : ca);
    }
}

/// <summary>An opened repository and the connection behind it (for a pool URL), closed together.</summary>
public sealed class OpenedRepository(BackupRepository repository, IDisposable? connection) : IDisposable
{
    public BackupRepository Repository { get; } = repository;

    public void Dispose() => connection?.Dispose();
}
