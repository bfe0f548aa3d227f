using System.Globalization;
using RuBackup.Rbm.Text;

namespace RuBackup.Rbm.Components.Clients;

/// <summary>"How long ago" of a client's last contact: an administrator judges a silent client by the gap, not the timestamp.</summary>
public static class ClientTimes
{
    public static string Ago(DateTimeOffset time, DateTimeOffset now, ClientsText text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var gap = now - time;
        if (gap < TimeSpan.Zero)
        {
            gap = TimeSpan.Zero;
        }
        var (format, count) = gap.TotalMinutes < 1 ? (text.AgoSeconds, (int)gap.TotalSeconds)
            : gap.TotalHours < 1 ? (text.AgoMinutes, (int)gap.TotalMinutes)
            : gap.TotalDays < 1 ? (text.AgoHours, (int)gap.TotalHours)
            : (text.AgoDays, (int)gap.TotalDays);
        return string.Format(CultureInfo.InvariantCulture, format, count);
    }

    /// <summary>The first 12 characters (enough to tell keys apart by eye); the whole fingerprint goes in the tooltip.</summary>
    public static string ShortFingerprint(string fingerprint) =>
        fingerprint.Length > 12 ? fingerprint[..12] + "…" : fingerprint;
}
