using System.Globalization;

namespace RuBackup.Rbm.Components;

/// <summary>How the console writes sizes and times: binary units, and UTC like the schedules.</summary>
public static class Format
{
    private static readonly string[] Units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];

    public static string Bytes(long bytes)
    {
        double value = bytes;
        var unit = 0;
        while (Math.Abs(value) >= 1024 && unit < Units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? $"{bytes} B" : value.ToString(value >= 100 ? "0" : "0.0", CultureInfo.InvariantCulture) + " " + Units[unit];
    }

    public static string Time(DateTimeOffset? time, string none = "—") =>
        time is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC" : none;

    /// <summary>Logical bytes per stored byte ("3.2×"); "—" when nothing is stored.</summary>
    public static string Ratio(long logical, long stored) =>
        stored <= 0 ? "—" : ((double)logical / stored).ToString("0.0", CultureInfo.InvariantCulture) + "×";

    public static string Percent(long part, long whole) =>
        whole <= 0 ? "0%" : Math.Round(100.0 * part / whole).ToString("0", CultureInfo.InvariantCulture) + "%";
}
