using System.Text.Json;

namespace RuBackup.Catalog;

/// <summary>
/// How values are written to columns, the same on both providers so an administrator can read the tables:
/// times as bigint Unix milliseconds UTC, enums as their lower-case names, string lists as JSON text.
/// </summary>
internal static class ColumnValues
{
    public static long Ms(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    public static long? Ms(DateTimeOffset? time) => time?.ToUnixTimeMilliseconds();

    public static DateTimeOffset Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    public static DateTimeOffset? Time(long? ms) => ms is { } value ? DateTimeOffset.FromUnixTimeMilliseconds(value) : null;

    /// <summary>Lower case on purpose: readable in SQL, and what the queries' literals ('new', 'assigned') match.</summary>
    public static string Text<T>(T value)
        where T : struct, Enum => value.ToString().ToLowerInvariant();

    public static string? Text<T>(T? value)
        where T : struct, Enum => value is { } v ? Text(v) : null;

    public static T Enum<T>(string text, string column)
        where T : struct, Enum
    {
        if (System.Enum.TryParse<T>(text, ignoreCase: true, out var value) && System.Enum.IsDefined(value))
        {
            return value;
        }

        throw new InvalidDataException($"catalog column {column} holds '{text}', not a {typeof(T).Name}");
    }

    public static T? EnumOrNull<T>(string? text, string column)
        where T : struct, Enum => text is null ? null : Enum<T>(text, column);

    /// <summary>The SQL list of the names, for IN (...); safe to inline because enum names are fixed identifiers.</summary>
    public static string SqlList<T>(IEnumerable<T> values)
        where T : struct, Enum => string.Join(", ", values.Select(v => "'" + Text(v) + "'"));

    public static string Json(IReadOnlyList<string> values) => JsonSerializer.Serialize(values);

    public static IReadOnlyList<string> List(string? json, string column)
    {
        if (string.IsNullOrEmpty(json))
        {
            return [];
        }

        try
        {
            return JsonSerializer.Deserialize<string[]>(json) ?? [];
        }
        catch (JsonException)
        {
            throw new InvalidDataException($"catalog column {column} holds no JSON list of strings: {json}");
        }
    }
}
