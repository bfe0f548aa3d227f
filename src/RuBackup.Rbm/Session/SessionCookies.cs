namespace RuBackup.Rbm.Session;

/// <summary>The console's two cookies: the bearer token (HttpOnly, never read by scripts) and the chosen language.</summary>
public static class SessionCookies
{
    public const string Token = "rbm_token";
    public const string Language = "rbm_lang";

    /// <summary>"ru" when the cookie says so, else from Accept-Language, else English.</summary>
    public static string LanguageOf(Microsoft.AspNetCore.Http.HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var chosen = request.Cookies[Language];
        if (chosen is "en" or "ru")
        {
            return chosen;
        }
        var accept = request.Headers.AcceptLanguage.ToString();
        return accept.StartsWith("ru", StringComparison.OrdinalIgnoreCase) ? "ru" : "en";
    }
}
