using Microsoft.AspNetCore.Authentication;
using RuBackup.Catalog;
using RuBackup.Server.Archives;
using RuBackup.Server.Auth;
using RuBackup.Server.Cluster;
using RuBackup.Server.Moves;
using RuBackup.Server.Notifications;
using RuBackup.Server.Schedule;
using RuBackup.Server.Strategies;
using RuBackup.Server.Options;
using RuBackup.Server.Pools;
using RuBackup.Server.Rules;
using RuBackup.Server.Services;
using RuBackup.Server.Tasks;

namespace RuBackup.Server.Hosting;

/// <summary>The composition root's service list: small singletons over the one catalog.</summary>
public static class ServerServices
{
    public static IServiceCollection AddRuBackupServer(this IServiceCollection services, ServerOptions options, ICatalog catalog, TimeProvider time)
    {
        services.AddSingleton(options);
        services.AddSingleton(catalog);
        services.AddSingleton(time);

        services.AddSingleton<PasswordHasher>();
        services.AddSingleton<TokenService>();
        services.AddSingleton<ClientChallenges>();
        services.AddAuthentication(BearerTokenHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, null);
        services.AddAuthorization(Roles.AddPolicies);

        services.AddSingleton<AuditLog>();
        services.AddSingleton<UserService>();
        services.AddSingleton<ClientService>();
        services.AddSingleton<PoolDevices>();
        services.AddSingleton<PoolService>();
        services.AddSingleton<RuleValidator>();
        services.AddSingleton<RuleService>();
        services.AddSingleton<TaskSignals>();
        services.AddSingleton<TaskQueue>();
        services.AddSingleton<TaskService>();
        services.AddSingleton<ClientTaskService>();
        services.AddSingleton<ArchiveService>();
        services.AddSingleton<CheckService>();
        services.AddSingleton<PoolAccessCache>();
        services.AddSingleton<ArchiveCommitter>();
        services.AddSingleton<PoolAccessResolver>();
        services.AddSingleton<StartupRecovery>();
        services.AddSingleton<ServerTaskWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<ServerTaskWorker>());

        // Issue 5's parts, one call each (see their folders).
        services.AddScheduling();

        services.AddMoves();

        services.AddNotifications();

        services.AddCluster();

        services.AddStrategies();
        return services;
    }
}
