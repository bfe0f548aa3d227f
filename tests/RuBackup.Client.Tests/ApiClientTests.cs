using System.Net;
using System.Net.Sockets;
using RuBackup.Api;
using RuBackup.Client.Api;

namespace RuBackup.Client.Tests;

public sealed class ApiClientTests
{
    [Fact]
    public async Task Call_ApiErrorWithField_OneLineMessageAndStatus()
    {
        await using var server = await FakeServer.StartAsync();
        server.On("POST", ApiRoutes.Rules, new ApiError("must be five cron fields", "schedule"), 400);
        using var api = new RuBackupApiClient(server.Url, tokens: new StaticToken(FakeServer.UserToken));

        var error = await Assert.ThrowsAsync<ApiException>(() => api.CreateRuleAsync(new RuleSettings { Name = "r", Resource = "v", Pool = "p", Schedule = "x" }));

        Assert.Equal(400, error.StatusCode);
        Assert.Equal("schedule: must be five cron fields", error.Message);
    }

    [Fact]
    public async Task Call_NoBody404_SaysWhatWasNotFound()
    {
        await using var server = await FakeServer.StartAsync();
        server.On("GET", ApiRoutes.Rules + "/7", null, 404);
        using var api = new RuBackupApiClient(server.Url, tokens: new StaticToken(FakeServer.UserToken));

        var error = await Assert.ThrowsAsync<ApiException>(() => api.GetRuleAsync(7));

        Assert.Equal("not found (404): GET /api/v1/rules/7", error.Message);
    }

    [Fact]
    public async Task Call_NobodyListening_NoAnswer()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var api = new RuBackupApiClient(new Uri($"http://127.0.0.1:{port}"));

        var error = await Assert.ThrowsAsync<ApiException>(() => api.ListPoolsAsync());

        Assert.True(error.NoAnswer);
        Assert.StartsWith($"cannot reach the server http://127.0.0.1:{port}/", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task Queries_EnumsLowerCaseAndNamesEscaped()
    {
        await using var server = await FakeServer.StartAsync();
        server.On("GET", ApiRoutes.Tasks, Array.Empty<TaskInfo>());
        server.On("GET", ApiRoutes.Clients, Array.Empty<ClientInfo>());
        server.On("DELETE", ApiRoutes.Users + "/a b", null, 204);
        server.On("POST", ApiRoutes.Rules + "/4/run", new TaskInfo { Id = 1, Kind = TaskKind.Backup, State = TaskState.New, Created = DateTimeOffset.UnixEpoch });
        using var api = new RuBackupApiClient(server.Url, tokens: new StaticToken(FakeServer.UserToken));

        await api.ListTasksAsync(TaskState.Executing, 3, 10);
        await api.ListClientsAsync(ClientStatus.Unauthorized);
        await api.DeleteUserAsync("a b");
        await api.RunRuleAsync(4, BackupKind.Incremental);

        Assert.Equal("?state=executing&client=3&limit=10", server.RequestsTo("GET", ApiRoutes.Tasks).Single().Query);
        Assert.Equal("?status=unauthorized", server.RequestsTo("GET", ApiRoutes.Clients).Single().Query);
        Assert.Single(server.RequestsTo("DELETE", ApiRoutes.Users + "/a b"));
        Assert.Equal("?type=incremental", server.RequestsTo("POST", ApiRoutes.Rules + "/4/run").Single().Query);
    }

    [Fact]
    public void Absolute_ServerWithPathPrefix_KeepsThePrefix()
    {
        using var api = new RuBackupApiClient(new Uri("https://backup.example:8443/rb/"));

        Assert.Equal("https://backup.example:8443/rb/api/v1/client/tasks/5/pool", api.Absolute(ApiRoutes.TaskPool(5)).ToString());
        Assert.Equal("http://other/x", api.Absolute("http://other/x").ToString());
    }
}
