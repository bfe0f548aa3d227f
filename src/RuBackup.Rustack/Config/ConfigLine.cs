namespace RuBackup.Rustack.Config;

/// <summary>One `key value` line of the file, with its line number kept for error messages.</summary>
public sealed record ConfigLine(int Number, string Key, string Value);
