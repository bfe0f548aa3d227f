using RuBackup.Server.Hosting;

namespace RuBackup.Server.Cluster;

/// <summary>The services of this part of the server (issue 5); called once by the composition root.</summary>
public static class ClusterServices
{
    public static IServiceCollection AddCluster(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<TaskLeases>();
        services.AddPeriodicWork<LeaseMonitor>();
        return services;
    }
}
