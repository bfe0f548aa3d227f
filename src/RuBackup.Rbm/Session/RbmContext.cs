using RuBackup.Api;
using RuBackup.Client.Api;
using RuBackup.Rbm.Text;

namespace RuBackup.Rbm.Session;

/// <summary>
/// One browser tab's session inside its circuit (a scoped service): the user, what the role may do, the
/// texts of the chosen language, and the API client carrying the user's token. Routes fills it in
/// before any page renders.
/// </summary>
public sealed class RbmContext(LoopbackApi loopback) : IDisposable
{
    private RuBackupApiClient? _api;

    public RbmSession? Session { get; private set; }

    public UiText T { get; private set; } = UiText.English;

    public string Language => Session?.Language ?? "en";

    public string User => Session?.User ?? "";

    /// <summary>The REST API as the signed-in user.</summary>
    public RuBackupApiClient Api => _api ?? throw new InvalidOperationException("no session: the page was rendered without signing in");

    /// <summary>Superuser and administrator: everything that changes configuration.</summary>
    public bool CanConfigure => Session?.Role is nameof(UserRole.Superuser) or nameof(UserRole.Administrator);

    /// <summary>Superuser, administrator and operator: run now, pause, resume, restore, verify, cancel.</summary>
    public bool CanOperate => CanConfigure || Session?.Role == nameof(UserRole.Operator);

    /// <summary>Superuser, administrator and auditor: users, the audit log, notifications.</summary>
    public bool CanAudit => CanConfigure || Session?.Role == nameof(UserRole.Auditor);

    public void Start(RbmSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        Session = session;
        T = UiText.For(session.Language);
        _api?.Dispose();
        _api = loopback.For(session.Token);
    }

    public void Dispose() => _api?.Dispose();
}
