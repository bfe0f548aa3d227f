using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RuBackup.Api;
using RuBackup.Client.Api;
using RuBackup.Client.Keys;

namespace RuBackup.Client.Tests;

/// <summary>One request as the fake server saw it.</summary>
public sealed record Recorded(string Method, string Path, string Query, string Body, string? Authorization)
{
    public T Json<T>() => JsonSerializer.Deserialize<T>(Body, ApiJson.Options)!;
}

/// <summary>
/// A small stand-in for the server on 127.0.0.1:0 (Kestrel): client registration with a real check of
/// the ECDSA signature, bearer tokens, the client's own task routes (FakeServer.ClientRoutes.cs), user
/// login, and canned answers for any other route a test registers. Every request is recorded.
/// </summary>
public sealed partial class FakeServer : IAsyncDisposable
{
    public const string UserPassword = "secret";
    public const string UserToken = "user-token-1";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, long> _clientTokens = new();
    private readonly ConcurrentDictionary<(string Method, string Path), Func<Recorded, (int Status, object? Body)>> _canned = new();
    private readonly ConcurrentDictionary<string, long> _nonces = new();
    private int _tokenCounter;

    private FakeServer(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    public ConcurrentQueue<Recorded> Requests { get; } = new();

    public string? PublicKey { get; private set; }

    public ClientRegistration? Registration { get; private set; }

    public int TokensIssued => _tokenCounter;

    public bool Authorized { get; set; } = true;

    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <param name="certificate">Serve HTTPS with this certificate (with its private key).</param>
    public static async Task<FakeServer> StartAsync(System.Security.Cryptography.X509Certificates.X509Certificate2? certificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        }));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Url = new Uri(address);
        return server;
    }

    /// <summary>Answers METHOD PATH (exact, without query) with the handler's status and JSON body.</summary>
    public void On(string method, string path, Func<Recorded, (int Status, object? Body)> handler) => _canned[(method, path)] = handler;

    public void On(string method, string path, object? body, int status = 200) => On(method, path, _ => (status, body));

    /// <summary>Makes every client token issued so far invalid (the next call gets 401).</summary>
    public void ForgetClientTokens() => _clientTokens.Clear();

    public IReadOnlyList<Recorded> RequestsTo(string method, string path) =>
        Requests.Where(r => r.Method == method && r.Path == path).ToList();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var request = new Recorded(context.Request.Method, context.Request.Path.Value ?? "", context.Request.QueryString.Value ?? "", body,
            context.Request.Headers.Authorization.FirstOrDefault());
        Requests.Enqueue(request);
        var (status, answer) = await DispatchAsync(request, context.RequestAborted);
        context.Response.StatusCode = status;
        if (answer is not null)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(JsonSerializer.Serialize(answer, answer.GetType(), ApiJson.Options), context.RequestAborted);
        }
    }

    private async Task<(int, object?)> DispatchAsync(Recorded request, CancellationToken cancellationToken)
    {
        switch (request.Method, request.Path)
        {
            case ("POST", ApiRoutes.ClientRegister):
                return Register(request.Json<ClientRegistration>());
            case ("POST", ApiRoutes.ClientChallenge):
                var nonce = Convert.ToBase64String(Guid.NewGuid().ToByteArray());
                _nonces[nonce] = request.Json<ClientChallengeRequest>().ClientId;
                return (200, new ClientChallengeResponse(nonce, DateTimeOffset.UtcNow.AddMinutes(1)));
            case ("POST", ApiRoutes.ClientToken):
                return IssueClientToken(request.Json<ClientTokenRequest>());
            case ("POST", ApiRoutes.Login):
                var login = request.Json<LoginRequest>();
                return login.Password == UserPassword
                    ? (200, new TokenResponse(UserToken, DateTimeOffset.UtcNow.AddHours(8), login.User, "superuser"))
                    : (401, new ApiError("wrong user name or password"));
        }
        if (request.Path.StartsWith(ApiRoutes.ClientSelf + "/", StringComparison.Ordinal))
        {
            var token = request.Authorization?.StartsWith("Bearer ", StringComparison.Ordinal) == true ? request.Authorization[7..] : null;
            if (token is null || !_clientTokens.ContainsKey(token))
            {
                return (401, new ApiError("a valid client token is required"));
            }
            if (!Authorized)
            {
                return (403, new ApiError($"client {Registration?.Name} is not authorized"));
            }
            if (_canned.TryGetValue((request.Method, request.Path), out var clientHandler))
            {
                return clientHandler(request);
            }
            return await ClientRouteAsync(request, cancellationToken);
        }
        if (request.Authorization != "Bearer " + UserToken)
        {
            return (401, new ApiError("log in first"));
        }
        return _canned.TryGetValue((request.Method, request.Path), out var handler)
            ? handler(request)
            : (404, new ApiError($"no route {request.Method} {request.Path} in the fake server"));
    }

    private (int, object?) Register(ClientRegistration registration)
    {
        Registration = registration;
        PublicKey = registration.PublicKey;
        return (200, new RegistrationResponse(1, Authorized ? ClientStatus.Authorized : ClientStatus.Unauthorized));
    }

    private (int, object?) IssueClientToken(ClientTokenRequest request)
    {
        if (!_nonces.TryRemove(request.Nonce, out var clientId) || clientId != request.ClientId || PublicKey is null)
        {
            return (401, new ApiError("unknown or used challenge"));
        }
        if (!ClientKeys.Verify(PublicKey, request.Nonce, request.Signature))
        {
            return (401, new ApiError("the signature does not match the client's key"));
        }
        var token = $"client-token-{Interlocked.Increment(ref _tokenCounter)}";
        _clientTokens[token] = clientId;
        return (200, new TokenResponse(token, DateTimeOffset.UtcNow + TokenLifetime, "client:" + Registration?.Name, "client"));
    }
}
