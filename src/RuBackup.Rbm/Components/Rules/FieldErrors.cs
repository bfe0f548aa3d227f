namespace RuBackup.Rbm.Components.Rules;

/// <summary>
/// The messages a form shows under its fields, keyed by the JSON field name the server uses
/// (camelCase: "schedule", "retentionDays"), so the console's own checks and a server refusal
/// (<c>ApiException.Field</c>) land on the same field.
/// </summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, string> _messages = new(StringComparer.Ordinal);

    public bool Any => _messages.Count > 0;

    public IEnumerable<string> Fields => _messages.Keys;

    public string? this[string field] => _messages.GetValueOrDefault(field);

    public bool Has(string field) => _messages.ContainsKey(field);

    public void Set(string field, string message) => _messages[field] = message;

    public void Clear() => _messages.Clear();

    public void Clear(string field) => _messages.Remove(field);
}
