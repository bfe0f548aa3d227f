using System.Net.Sockets;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using RuBackup.Server.Options;

namespace RuBackup.Server.Notifications;

/// <summary>
/// Sends one plain-text e-mail through <see cref="ServerOptions.SmtpServer"/>, one connection per message
/// (notices are few; a held connection would only time out between them). The password is read from
/// <see cref="ServerOptions.SmtpPasswordFile"/> at each send, so a changed file needs no restart, and it
/// never appears in an error: MailKit's messages name the server's reply, not the credentials.
/// </summary>
public sealed class EmailDelivery(ServerOptions options, TimeProvider time)
{
    public const string NotConfigured = "no SMTP server configured (--smtp)";

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>Null when the server accepted the message, else why not (one line).</summary>
    public async Task<string?> SendAsync(string to, string subject, string body, CancellationToken cancellationToken)
    {
        if (options.SmtpServer is not { } server || !ServerOptionsValidator.TrySplitHostPort(server, out var host, out var port))
        {
            return NotConfigured;
        }
        try
        {
            using var message = new MimeMessage();
            message.From.Add(MailboxAddress.Parse(options.SmtpFrom));
            message.To.Add(MailboxAddress.Parse(to));
            message.Subject = subject;
            message.Date = time.GetUtcNow();
            message.Body = new TextPart(MimeKit.Text.TextFormat.Plain) { Text = body };
            using var smtp = new SmtpClient { Timeout = (int)Timeout.TotalMilliseconds };
            await smtp.ConnectAsync(host, port, Security(options.SmtpSecurity), cancellationToken).ConfigureAwait(false);
            if (options.SmtpUser is { } user)
            {
                var password = options.SmtpPasswordFile is { } file
                    ? (await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false)).TrimEnd('\r', '\n')
                    : "";
                await smtp.AuthenticateAsync(user, password, cancellationToken).ConfigureAwait(false);
            }
            await smtp.SendAsync(message, cancellationToken).ConfigureAwait(false);
            await smtp.DisconnectAsync(quit: true, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (Exception e) when (e is MailKit.CommandException or MailKit.ProtocolException or MailKit.Security.AuthenticationException
            or SslHandshakeException or MailKit.ServiceNotConnectedException or MailKit.ServiceNotAuthenticatedException
            or ParseException or SocketException or IOException or TimeoutException or NotSupportedException or UnauthorizedAccessException)
        {
            return $"SMTP server {server}: {OneLine(e.Message)}";
        }
    }

    private static SecureSocketOptions Security(string security) => security switch
    {
        "none" => SecureSocketOptions.None,
        "starttls" => SecureSocketOptions.StartTls,
        "tls" => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.StartTlsWhenAvailable,
    };

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
