namespace RuBackup.Rbm.Text;

/// <summary>Texts of the console's dashboard page.</summary>
public sealed record DashboardText
{
    public required string Title { get; init; }

    public static readonly DashboardText English = new()
    {
        Title = "Dashboard",
    };

    public static readonly DashboardText Russian = new()
    {
        Title = "Панель мониторинга",
    };
}
