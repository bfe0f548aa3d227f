using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using RuBackup.Repository.Format;
using RuBackup.Repository.Storage;

namespace RuBackup.Repository.Remote;

/// <summary>
/// A pool reached through the server's pool protocol (docs/format.md, "Pool protocol"): what a client
/// needs to back up and restore, authenticated with a bearer token. Reads are retried on connection
/// errors and 5xx answers; writes are not. Pool maintenance (create, delete, gc) runs only on the
/// server and throws <see cref="NotSupportedException"/> here.
/// </summary>
public sealed class HttpPoolDevice : IPoolDevice, IDisposable
{
    private readonly HttpClient _client;
    private readonly PoolHttp _http;

    /// <param name="baseUrl">The pool URL, e.g. http://127.0.0.1:8443/api/v1/client/tasks/7/pool.</param>
    /// <param name="bearerToken">Sent as "Authorization: Bearer"; never part of a message.</param>
    /// <param name="handler">The HTTP stack; null uses <see cref="CreateHandler"/> without a CA file. A given handler stays the caller's to dispose.</param>
    public HttpPoolDevice(Uri baseUrl, string bearerToken, HttpMessageHandler? handler = null)
        : this(baseUrl, bearerToken, handler ?? CreateHandler(null), ownsHandler: handler is null, TimeProvider.System)
    {
    }

    internal HttpPoolDevice(Uri baseUrl, string bearerToken, HttpMessageHandler handler, bool ownsHandler, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        ArgumentNullException.ThrowIfNull(bearerToken);
        if (!baseUrl.IsAbsoluteUri || (baseUrl.Scheme != Uri.UriSchemeHttp && baseUrl.Scheme != Uri.UriSchemeHttps))
        {
            throw new RepositoryException($"pool URL '{baseUrl}' is not an absolute http:// or https:// URL");
        }
        // Without the trailing slash relative paths would replace the last segment ("pool").
        var builder = new UriBuilder(baseUrl) { UserName = "", Password = "", Query = "", Fragment = "" };
        if (!builder.Path.EndsWith('/'))
        {
            builder.Path += "/";
        }
        BaseUrl = builder.Uri;
        Description = BaseUrl.AbsoluteUri.TrimEnd('/');
        _client = new HttpClient(handler, disposeHandler: ownsHandler);
        _client.BaseAddress = BaseUrl;
        // Each call sets its own limit (PoolHttp): a commit may take far longer than a read.
        _client.Timeout = Timeout.InfiniteTimeSpan;
        _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
        _http = new PoolHttp(_client, Description, time);
    }

    public Uri BaseUrl { get; }

    public string Description { get; }

    /// <summary>Opens a pool URL over TLS trusting only the CA in <paramref name="caFile"/> (PEM or DER), or the system store when null.</summary>
    public static HttpPoolDevice Connect(Uri baseUrl, string bearerToken, string? caFile)
    {
        var handler = CreateHandler(caFile);
        try
        {
            return new HttpPoolDevice(baseUrl, bearerToken, handler, ownsHandler: true, TimeProvider.System);
        }
        catch
        {
            handler.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The HTTP stack of the protocol. With <paramref name="caFile"/>, server certificates must chain
    /// to that CA and nothing else (the server's own CA is not in the system store, and the system
    /// store's CAs must not vouch for it).
    /// </summary>
    public static SocketsHttpHandler CreateHandler(string? caFile)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(30),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.None,
        };
        if (caFile is not null)
        {
            var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
            policy.CustomTrustStore.AddRange(LoadRoots(caFile));
            handler.SslOptions = new SslClientAuthenticationOptions { CertificateChainPolicy = policy };
        }
        return handler;
    }

    public async Task<byte[]?> ReadConfigAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.SendReadAsync(() => new HttpRequestMessage(HttpMethod.Get, PoolWire.Config), cancellationToken).ConfigureAwait(false);
        // 204: the server has the pool's place but no pool in it (404 would be a refusal, e.g. no such task).
        if (response.StatusCode == HttpStatusCode.NoContent)
        {
            return null;
        }
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<string>> ListManifestsAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.SendReadAsync(() => new HttpRequestMessage(HttpMethod.Get, PoolWire.Manifests), cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        return await _http.ReadJsonAsync<string[]>(response, cancellationToken).ConfigureAwait(false);
    }

    public async Task<byte[]> GetManifestAsync(string archiveId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(archiveId);
        var path = $"{PoolWire.Manifests}/{Uri.EscapeDataString(archiveId)}";
        using var response = await _http.SendReadAsync(() => new HttpRequestMessage(HttpMethod.Get, path), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound && (await PoolHttp.ReadErrorAsync(response, cancellationToken).ConfigureAwait(false))?.Code == PoolWire.NoArchiveCode)
        {
            throw new RepositoryException($"pool {Description}: no archive '{archiveId}'");
        }
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<byte[]> GetChunkAsync(ChunkContainer container, ChunkDigest digest, CancellationToken cancellationToken)
    {
        var path = $"{PoolWire.Chunks}/{PoolWire.ContainerPath(container)}/{digest.ToHex()}";
        using var response = await _http.SendReadAsync(() => new HttpRequestMessage(HttpMethod.Get, path), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound && (await PoolHttp.ReadErrorAsync(response, cancellationToken).ConfigureAwait(false))?.Code == PoolWire.NoChunkCode)
        {
            throw new ChunkMissingException($"pool {Description}: chunk {digest} of {container} is missing");
        }
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IWriteSession> BeginWriteAsync(string archiveId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(archiveId);
        using var request = new HttpRequestMessage(HttpMethod.Post, PoolWire.Sessions) { Content = JsonContent.Create(new BeginSessionRequest(archiveId), options: PoolWire.Json) };
        using var response = await _http.SendOnceAsync(request, PoolHttp.ReadTimeout, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        var begun = await _http.ReadJsonAsync<BeginSessionResponse>(response, cancellationToken).ConfigureAwait(false);
        return new HttpWriteSession(_http, archiveId, begun.Session);
    }

    public Task CreateAsync(byte[] config, CancellationToken cancellationToken) => throw ServerOnly("creating a pool");

    public Task DeleteArchiveAsync(string archiveId, CancellationToken cancellationToken) => throw ServerOnly("deleting an archive");

    public Task<IReadOnlyList<ChunkContainer>> ListContainersAsync(CancellationToken cancellationToken) => throw ServerOnly("listing chunk containers");

    public IAsyncEnumerable<StoredChunk> ListChunksAsync(ChunkContainer container, CancellationToken cancellationToken) => throw ServerOnly("listing chunks");

    public Task<DateTimeOffset?> OldestActiveWriterAsync(CancellationToken cancellationToken) => throw ServerOnly("finding active writers");

    public Task<(long Count, long Bytes)> SweepAsync(ChunkContainer container, IReadOnlySet<ChunkDigest> keep, DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        throw ServerOnly("garbage collection");

    public Task<(long Count, long Bytes)> RemoveLeftoversAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) => throw ServerOnly("removing leftovers");

    public void Dispose() => _client.Dispose();

    private async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!PoolHttp.IsSuccess(response))
        {
            throw await _http.ErrorAsync(response, cancellationToken).ConfigureAwait(false);
        }
    }

    private NotSupportedException ServerOnly(string what) =>
        new($"pool {Description}: {what} is done by the server on its pools; the pool protocol does not offer it (run it on the server, e.g. with rb_admin)");

    private static X509Certificate2Collection LoadRoots(string path)
    {
        try
        {
            X509Certificate2Collection roots = [];
            roots.ImportFromPemFile(path);
            if (roots.Count == 0)
            {
                roots.Add(X509CertificateLoader.LoadCertificateFromFile(path));
            }
            return roots;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new RepositoryException($"{path}: cannot load the server's CA certificate: {e.Message}", e);
        }
    }
}
