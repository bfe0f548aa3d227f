using System.Text.Json;
using RuBackup.Api;

namespace RuBackup.Client.Modules;

/// <summary>
/// The JSON object the module's stdout ends with (--json): backup {"archive","type","vm","vm_id","warnings"}
/// (and "export", the exported file, with --export-folder),
/// -x {"archive","vm","vm_id","volumes"}, -X {"archive","images","description"}. Property names are read
/// case- and style-insensitively (vmId or vm_id).
/// </summary>
public sealed record ModuleResult(string? Archive, JsonElement Json)
{
    /// <summary>Null when stdout holds no JSON object at its end.</summary>
    public static ModuleResult? Parse(string stdout)
    {
        if (LastJson(stdout, JsonValueKind.Object) is not { } json)
        {
            return null;
        }
        return new ModuleResult(Text(json, "archive"), json);
    }

    public string? Text(string name) => Text(Json, name);

    /// <summary>The absolute path of the archive's export file (`-b --export-folder`), else null.</summary>
    public string? Export => Text("export");

    public IReadOnlyList<string> Warnings() =>
        Find(Json, "warnings") is { ValueKind: JsonValueKind.Array } array
            ? array.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList()
            : [];

    /// <summary>`-l --json`: [{"name","id","status"}, ...] as the resources the client reports.</summary>
    public static IReadOnlyList<ResourceInfo>? ParseResources(string stdout, string type)
    {
        if (LastJson(stdout, JsonValueKind.Array) is not { } array)
        {
            return null;
        }
        return array.EnumerateArray()
            .Where(e => e.ValueKind == JsonValueKind.Object && Text(e, "id") is not null)
            .Select(e => new ResourceInfo(type, Text(e, "id")!, Text(e, "name") ?? Text(e, "id")!, Text(e, "status") ?? ""))
            .ToList();
    }

    /// <summary>
    /// The module may print text before its JSON (or the JSON indented over many lines), so the value
    /// is searched from the last line that opens it at column 0 backwards.
    /// </summary>
    private static JsonElement? LastJson(string stdout, JsonValueKind kind)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        var opener = kind == JsonValueKind.Object ? '{' : '[';
        var text = stdout.TrimEnd();
        for (var start = text.Length - 1; start >= 0; start--)
        {
            if (text[start] != opener || (start > 0 && text[start - 1] != '\n'))
            {
                continue;
            }
            try
            {
                using var document = JsonDocument.Parse(text[start..]);
                if (document.RootElement.ValueKind == kind)
                {
                    return document.RootElement.Clone();
                }
            }
            catch (JsonException)
            {
                // Not where the JSON starts; keep looking earlier.
            }
        }
        return null;
    }

    private static JsonElement? Find(JsonElement json, string name)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        var wanted = Normalize(name);
        foreach (var property in json.EnumerateObject())
        {
            if (Normalize(property.Name) == wanted)
            {
                return property.Value;
            }
        }
        return null;
    }

    private static string? Text(JsonElement json, string name) =>
        Find(json, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    private static string Normalize(string name) => name.Replace("_", "", StringComparison.Ordinal).ToLowerInvariant();
}
