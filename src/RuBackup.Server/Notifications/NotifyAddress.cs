using RuBackup.Api;

namespace RuBackup.Server.Notifications;

/// <summary>
/// What a rule's notification address is: an http:// or https:// URL is a webhook, a name@host without
/// a scheme an e-mail address. Anything else is refused when the rule is saved, so the outbox never
/// holds an address nobody could deliver to.
/// </summary>
public static class NotifyAddress
{
    /// <summary>The channel of <paramref name="address"/>, or null when it is neither kind.</summary>
    public static NotificationChannel? ChannelOf(string? address)
    {
        if (string.IsNullOrWhiteSpace(address) || address.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return null;
        }
        if (address.Contains("://", StringComparison.Ordinal))
        {
            return Uri.TryCreate(address, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0
                ? NotificationChannel.Webhook
                : null;
        }
        var at = address.IndexOf('@', StringComparison.Ordinal);
        var isMailbox = at > 0 && at == address.LastIndexOf('@') && at < address.Length - 1
            && !address.Contains(':', StringComparison.Ordinal) && !address.Contains('<', StringComparison.Ordinal) && !address.Contains('>', StringComparison.Ordinal)
            && MimeKit.MailboxAddress.TryParse(address, out _);
        return isMailbox ? NotificationChannel.Email : null;
    }

    /// <summary>The one line a refused address gets.</summary>
    public static string Refusal(string address) =>
        $"'{address}' is neither an e-mail address (name@host) nor an http:// or https:// webhook URL";

    /// <summary>The address as logs show it: a webhook URL only up to its host, since its path or query often carries a token.</summary>
    public static string ForLog(string address) =>
        address.Contains("://", StringComparison.Ordinal) && Uri.TryCreate(address, UriKind.Absolute, out var uri)
            ? uri.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped) + "/…"
            : address;
}
