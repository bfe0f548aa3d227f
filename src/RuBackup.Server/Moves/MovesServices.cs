namespace RuBackup.Server.Moves;

/// <summary>The services of this part of the server (issue 5); called once by the composition root.</summary>
public static class MovesServices
{
    public static IServiceCollection AddMoves(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return services;
    }
}
