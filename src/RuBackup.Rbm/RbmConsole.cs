using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using RuBackup.Rbm.Components;
using RuBackup.Rbm.Session;

namespace RuBackup.Rbm;

/// <summary>
/// Plugs the console into the server: AddRbm with the services, UseAntiforgery in the pipeline after
/// authorization, then MapRbm. Every console endpoint is anonymous to ASP.NET's authorization: the
/// console itself asks the REST API with the user's token, and the API decides.
/// </summary>
public static class RbmConsole
{
    public static IServiceCollection AddRbm(this IServiceCollection services, RbmOptions options)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddSingleton(options);
        services.AddSingleton<LoopbackApi>();
        services.AddScoped<RbmContext>();
        return services;
    }

    /// <param name="staticAssetsManifest">The host's static web assets manifest; without one (a host that was built but not published) pages render without styles and scripts.</param>
    public static WebApplication MapRbm(this WebApplication app, string? staticAssetsManifest)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (staticAssetsManifest is not null && File.Exists(staticAssetsManifest))
        {
            app.MapStaticAssets(staticAssetsManifest).AllowAnonymous();
        }
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode().AllowAnonymous();
        app.MapRbmSessionApi();
        return app;
    }
}
