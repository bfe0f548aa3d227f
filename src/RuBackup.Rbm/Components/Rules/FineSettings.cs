namespace RuBackup.Rbm.Components.Rules;

/// <summary>What the fine-settings dialog edits: the guest scripts around the snapshot and the client's post-backup program.</summary>
public sealed record FineSettings(string Before, string After, string AfterBackup);
