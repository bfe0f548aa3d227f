using System.Globalization;
using System.Text.Json;
using RuBackup.Client.Api;
using Spectre.Console;

namespace RuBackup.Client.Tools;

/// <summary>How the tools print: JSON with the API's names, or tables (boxed on a terminal, plain columns otherwise).</summary>
public static class ToolOutput
{
    public static void Json<T>(ToolContext context, T value)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Out.WriteLine(JsonSerializer.Serialize(value, ApiJson.Indented));
    }

    public static void Table(ToolContext context, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(rows);
        var table = new Table().Border(context.OutputIsTerminal ? TableBorder.Rounded : TableBorder.None);
        foreach (var header in headers)
        {
            table.AddColumn(new TableColumn(new Text(header)) { NoWrap = !context.OutputIsTerminal });
        }
        foreach (var row in rows)
        {
            table.AddRow(row.Select(cell => (Spectre.Console.Rendering.IRenderable)new Text(cell)).ToArray());
        }
        context.CreateConsole(context.Out, context.OutputIsTerminal).Write(table);
    }

    /// <summary>Name: value lines for one object.</summary>
    public static void Fields(ToolContext context, IEnumerable<(string Name, string? Value)> fields)
    {
        ArgumentNullException.ThrowIfNull(context);
        var list = fields.ToList();
        var width = list.Max(f => f.Name.Length);
        foreach (var (name, value) in list)
        {
            context.Out.WriteLine($"{(name + ":").PadRight(width + 1)} {value ?? "-"}");
        }
    }

    public static string Bytes(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? string.Create(CultureInfo.InvariantCulture, $"{bytes} B") : string.Create(CultureInfo.InvariantCulture, $"{value:0.0} {units[unit]}");
    }

    /// <summary>Times in UTC, to the second, as the server and the log keep them.</summary>
    public static string Time(DateTimeOffset? time) =>
        time is { } value ? value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "-";

    public static string Percent(long done, long total) =>
        total <= 0 ? "-" : string.Create(CultureInfo.InvariantCulture, $"{Math.Min(100.0, 100.0 * done / total):0}%");

    public static string Lower<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();

    public static string Lower<T>(T? value) where T : struct, Enum => value is { } v ? v.ToString().ToLowerInvariant() : "-";
}
