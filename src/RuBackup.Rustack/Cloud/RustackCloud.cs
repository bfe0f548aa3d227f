using RuBackup.Rustack.Config;

namespace RuBackup.Rustack.Cloud;

/// <summary>
/// The module's view of one RUSTACK project: Nova and Cinder as the configured user, plus (when
/// admin credentials are configured) Nova as the admin, whose token alone shows a server's
/// hypervisor host and libvirt instance name (needed to run guest scripts through virsh), and Cinder
/// as the admin, whose admin actions alone remove temporary resources stuck in the cloud.
/// </summary>
public sealed class RustackCloud : IDisposable
{
    private readonly HttpClient _http;

    public RustackCloud(RustackConfig config, HttpMessageHandler handler, CloudOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        Config = config;
        Options = options;
        Time = time ?? TimeProvider.System;
        // The per-request timeout is enforced per attempt by RequestSender, not by HttpClient.
        _http = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        Sender = new RequestSender(_http, options, Time);
        var user = new Credentials(config.Username!, config.Password!, config.Domain!, config.ProjectId!);
        UserClient = new ApiClient(Sender, new KeystoneSession(Sender, config.IdentityUri, user, options, Time), options);
        Nova = new NovaApi(UserClient);
        Cinder = new CinderApi(UserClient);
        if (config.HasAdmin)
        {
            var admin = user with { User = config.AdminName!, Password = config.AdminPassword! };
            AdminClient = new ApiClient(Sender, new KeystoneSession(Sender, config.IdentityUri, admin, options, Time), options);
            AdminNova = new NovaApi(AdminClient);
            AdminCinder = new CinderApi(AdminClient);
        }
    }

    public static RustackCloud Create(RustackConfig config, Action<string>? verboseLog, TimeProvider? time = null) =>
        new(config, HttpTransport.Create(config, verboseLog), CloudOptions.From(config), time);

    public RustackConfig Config { get; }

    public CloudOptions Options { get; }

    public TimeProvider Time { get; }

    public RequestSender Sender { get; }

    public ApiClient UserClient { get; }

    public ApiClient? AdminClient { get; }

    public NovaApi Nova { get; }

    public CinderApi Cinder { get; }

    /// <summary>Nova as the admin; null without admin credentials.</summary>
    public NovaApi? AdminNova { get; }

    /// <summary>Cinder as the admin (reset-status, force-detach, force-delete); null without admin credentials.</summary>
    public CinderApi? AdminCinder { get; }

    public void Dispose() => _http.Dispose();
}
