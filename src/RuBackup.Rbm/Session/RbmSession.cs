namespace RuBackup.Rbm.Session;

/// <summary>
/// Who uses this browser tab, read from the session cookie when the page is loaded and handed to the
/// interactive part as a parameter (Blazor protects it with data protection on the way).
/// </summary>
/// <param name="Token">The user's bearer token of the REST API; every call of the console carries it, so the server's own checks apply.</param>
/// <param name="Role">A <c>UserRole</c> name, as the server said for the token.</param>
/// <param name="Language">"en" or "ru".</param>
public sealed record RbmSession(string Token, string User, string Role, string Language);
