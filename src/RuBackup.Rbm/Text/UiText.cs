namespace RuBackup.Rbm.Text;

/// <summary>
/// Every text of the console in one language. Each area has its own record whose members are all
/// <c>required</c>, so a text missing from either language is a compile error, not an English word in
/// a Russian page. <see cref="English"/> and <see cref="Russian"/> are the two instances.
/// </summary>
public sealed record UiText
{
    public required string Code { get; init; }

    public required CommonText Common { get; init; }

    public required NavText Nav { get; init; }

    public required LoginText Login { get; init; }

    public required DashboardText Dashboard { get; init; }

    public required ClientsText Clients { get; init; }

    public required RulesText Rules { get; init; }

    public required StrategiesText Strategies { get; init; }

    public required TasksText Tasks { get; init; }

    public required RepositoryText Repository { get; init; }

    public required PoolsText Pools { get; init; }

    public required UsersText Users { get; init; }

    public required NotificationsText Notifications { get; init; }

    public required AuditText Audit { get; init; }

    public static readonly UiText English = new()
    {
        Code = "en",
        Common = CommonText.English,
        Nav = NavText.English,
        Login = LoginText.English,
        Dashboard = DashboardText.English,
        Clients = ClientsText.English,
        Rules = RulesText.English,
        Strategies = StrategiesText.English,
        Tasks = TasksText.English,
        Repository = RepositoryText.English,
        Pools = PoolsText.English,
        Users = UsersText.English,
        Notifications = NotificationsText.English,
        Audit = AuditText.English,
    };

    public static readonly UiText Russian = new()
    {
        Code = "ru",
        Common = CommonText.Russian,
        Nav = NavText.Russian,
        Login = LoginText.Russian,
        Dashboard = DashboardText.Russian,
        Clients = ClientsText.Russian,
        Rules = RulesText.Russian,
        Strategies = StrategiesText.Russian,
        Tasks = TasksText.Russian,
        Repository = RepositoryText.Russian,
        Pools = PoolsText.Russian,
        Users = UsersText.Russian,
        Notifications = NotificationsText.Russian,
        Audit = AuditText.Russian,
    };

    public static UiText For(string language) => language == "ru" ? Russian : English;
}
