namespace RuBackup.Rbm.Text;

/// <summary>Texts of the console's audit log page.</summary>
public sealed record AuditText
{
    public required string Title { get; init; }

    public static readonly AuditText English = new()
    {
        Title = "Audit log",
    };

    public static readonly AuditText Russian = new()
    {
        Title = "Журнал аудита",
    };
}
