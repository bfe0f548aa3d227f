namespace RuBackup.Rbm.Text;

/// <summary>Words used on many pages: buttons, states, units.</summary>
public sealed record CommonText
{
    public required string Product { get; init; }
    public required string Save { get; init; }
    public required string Cancel { get; init; }
    public required string Create { get; init; }
    public required string Edit { get; init; }
    public required string Delete { get; init; }
    public required string Close { get; init; }
    public required string Refresh { get; init; }
    public required string Yes { get; init; }
    public required string No { get; init; }
    public required string Never { get; init; }
    public required string None { get; init; }
    public required string Name { get; init; }
    public required string Status { get; init; }
    public required string Actions { get; init; }
    public required string Loading { get; init; }
    public required string Empty { get; init; }
    public required string SignedInAs { get; init; }
    public required string SignOut { get; init; }
    public required string Language { get; init; }
    public required string ReadOnly { get; init; }
    public required string Saved { get; init; }
    public required string Required { get; init; }
    public required string UnauthorizedClientsNotice { get; init; }
    public required string Review { get; init; }

    public static readonly CommonText English = new()
    {
        Product = "RuBackup manager",
        Save = "Save",
        Cancel = "Cancel",
        Create = "Create",
        Edit = "Edit",
        Delete = "Delete",
        Close = "Close",
        Refresh = "Refresh",
        Yes = "Yes",
        No = "No",
        Never = "never",
        None = "—",
        Name = "Name",
        Status = "Status",
        Actions = "Actions",
        Loading = "Loading…",
        Empty = "Nothing here yet",
        SignedInAs = "Signed in as",
        SignOut = "Sign out",
        Language = "Language",
        ReadOnly = "Your role may only look here",
        Saved = "Saved",
        Required = "Required",
        UnauthorizedClientsNotice = "Clients waiting for authorization: {0}",
        Review = "Review",
    };

    public static readonly CommonText Russian = new()
    {
        Product = "Менеджер RuBackup",
        Save = "Сохранить",
        Cancel = "Отмена",
        Create = "Создать",
        Edit = "Изменить",
        Delete = "Удалить",
        Close = "Закрыть",
        Refresh = "Обновить",
        Yes = "Да",
        No = "Нет",
        Never = "никогда",
        None = "—",
        Name = "Имя",
        Status = "Статус",
        Actions = "Действия",
        Loading = "Загрузка…",
        Empty = "Пока пусто",
        SignedInAs = "Вход выполнен:",
        SignOut = "Выйти",
        Language = "Язык",
        ReadOnly = "Вашей роли здесь доступен только просмотр",
        Saved = "Сохранено",
        Required = "Обязательное поле",
        UnauthorizedClientsNotice = "Клиенты ожидают авторизации: {0}",
        Review = "Перейти",
    };
}
