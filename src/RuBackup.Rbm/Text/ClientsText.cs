using RuBackup.Api;

namespace RuBackup.Rbm.Text;

/// <summary>Texts of the console's clients page.</summary>
public sealed record ClientsText
{
    public required string Title { get; init; }
    public required string FilterAll { get; init; }

    /// <summary>The document's «Неавторизованные клиенты» button; {0} is how many wait.</summary>
    public required string FilterUnauthorized { get; init; }
    public required string FilterAuthorized { get; init; }
    public required string FilterRevoked { get; init; }
    public required string Hostname { get; init; }
    public required string Fingerprint { get; init; }
    public required string Modules { get; init; }
    public required string CentralizedRestore { get; init; }
    public required string Group { get; init; }
    public required string Registered { get; init; }
    public required string LastContact { get; init; }
    public required string StatusUnauthorized { get; init; }
    public required string StatusAuthorized { get; init; }
    public required string StatusRevoked { get; init; }
    public required string Authorize { get; init; }
    public required string Revoke { get; init; }
    public required string SetGroup { get; init; }
    public required string ClearGroup { get; init; }
    public required string GroupDialogTitle { get; init; }
    public required string GroupHelp { get; init; }
    public required string DeleteConfirm { get; init; }
    public required string Authorized { get; init; }
    public required string Revoked { get; init; }
    public required string Deleted { get; init; }
    public required string GroupSaved { get; init; }
    public required string Resources { get; init; }
    public required string ResourcesEmpty { get; init; }
    public required string ResourceType { get; init; }
    public required string ResourceId { get; init; }
    public required string ResourceName { get; init; }
    public required string ResourceStatus { get; init; }
    public required string ShowResources { get; init; }
    public required string NoClients { get; init; }

    /// <summary>How long ago: {0} is a number.</summary>
    public required string AgoSeconds { get; init; }
    public required string AgoMinutes { get; init; }
    public required string AgoHours { get; init; }
    public required string AgoDays { get; init; }

    public string StatusName(ClientStatus status) => status switch
    {
        ClientStatus.Unauthorized => StatusUnauthorized,
        ClientStatus.Authorized => StatusAuthorized,
        _ => StatusRevoked,
    };

    public static readonly ClientsText English = new()
    {
        Title = "Clients",
        FilterAll = "All clients",
        FilterUnauthorized = "Unauthorized clients ({0})",
        FilterAuthorized = "Authorized",
        FilterRevoked = "Revoked",
        Hostname = "Host",
        Fingerprint = "Key fingerprint",
        Modules = "Modules",
        CentralizedRestore = "Centralized restore",
        Group = "Cluster group",
        Registered = "Registered",
        LastContact = "Last contact",
        StatusUnauthorized = "Unauthorized",
        StatusAuthorized = "Authorized",
        StatusRevoked = "Revoked",
        Authorize = "Authorize",
        Revoke = "Revoke",
        SetGroup = "Cluster group…",
        ClearGroup = "Leave the group",
        GroupDialogTitle = "Cluster group of {0}",
        GroupHelp = "Clients of one group may take each other's tasks. 1 to 64 letters, digits, '.', '_' or '-'.",
        DeleteConfirm = "Delete client {0}? Its key is forgotten; it must register and be authorized again.",
        Authorized = "Client {0} authorized",
        Revoked = "Client {0} revoked",
        Deleted = "Client {0} deleted",
        GroupSaved = "Cluster group saved",
        Resources = "Resources reported by {0}",
        ResourcesEmpty = "The client has not reported any resources yet",
        ResourceType = "Type",
        ResourceId = "ID",
        ResourceName = "Name",
        ResourceStatus = "State",
        ShowResources = "Show the client's resources",
        NoClients = "No clients",
        AgoSeconds = "{0} s ago",
        AgoMinutes = "{0} min ago",
        AgoHours = "{0} h ago",
        AgoDays = "{0} d ago",
    };

    public static readonly ClientsText Russian = new()
    {
        Title = "Клиенты",
        FilterAll = "Все клиенты",
        FilterUnauthorized = "Неавторизованные клиенты ({0})",
        FilterAuthorized = "Авторизованные",
        FilterRevoked = "Отозванные",
        Hostname = "Хост",
        Fingerprint = "Отпечаток ключа",
        Modules = "Модули",
        CentralizedRestore = "Централизованное восстановление",
        Group = "Кластерная группа",
        Registered = "Зарегистрирован",
        LastContact = "Последняя связь",
        StatusUnauthorized = "Не авторизован",
        StatusAuthorized = "Авторизован",
        StatusRevoked = "Отозван",
        Authorize = "Авторизовать",
        Revoke = "Отозвать",
        SetGroup = "Кластерная группа…",
        ClearGroup = "Убрать из группы",
        GroupDialogTitle = "Кластерная группа клиента {0}",
        GroupHelp = "Клиенты одной группы могут выполнять задачи друг друга. От 1 до 64 букв, цифр, '.', '_' или '-'.",
        DeleteConfirm = "Удалить клиента {0}? Его ключ будет забыт: клиенту придётся зарегистрироваться и пройти авторизацию заново.",
        Authorized = "Клиент {0} авторизован",
        Revoked = "Клиент {0} отозван",
        Deleted = "Клиент {0} удалён",
        GroupSaved = "Кластерная группа сохранена",
        Resources = "Ресурсы клиента {0}",
        ResourcesEmpty = "Клиент ещё не сообщил о своих ресурсах",
        ResourceType = "Тип",
        ResourceId = "ID",
        ResourceName = "Имя",
        ResourceStatus = "Состояние",
        ShowResources = "Показать ресурсы клиента",
        NoClients = "Клиентов нет",
        AgoSeconds = "{0} с назад",
        AgoMinutes = "{0} мин назад",
        AgoHours = "{0} ч назад",
        AgoDays = "{0} дн назад",
    };
}
