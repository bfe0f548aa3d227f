using System.Text.Json;

namespace RuBackup.Client.Api;

/// <summary>The wire format: System.Text.Json web defaults (camelCase, case-insensitive reads), as the server uses.</summary>
public static class ApiJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    /// <summary>For what the tools print with --json: the same names as the API, indented.</summary>
    public static readonly JsonSerializerOptions Indented = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}
