namespace RuBackup.Rbm.Text;

/// <summary>Texts of the console's notifications page.</summary>
public sealed record NotificationsText
{
    public required string Title { get; init; }

    public static readonly NotificationsText English = new()
    {
        Title = "Notifications",
    };

    public static readonly NotificationsText Russian = new()
    {
        Title = "Уведомления",
    };
}
