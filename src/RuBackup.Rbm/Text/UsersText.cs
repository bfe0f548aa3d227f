using RuBackup.Api;

namespace RuBackup.Rbm.Text;

/// <summary>Texts of the console's users page.</summary>
public sealed record UsersText
{
    public required string Title { get; init; }
    public required string Role { get; init; }
    public required string Disabled { get; init; }
    public required string Created { get; init; }
    public required string CreateUser { get; init; }
    public required string Password { get; init; }
    public required string NewPassword { get; init; }
    public required string PasswordHelp { get; init; }
    public required string PasswordTooShort { get; init; }
    public required string RoleSuperuser { get; init; }
    public required string RoleAdministrator { get; init; }
    public required string RoleOperator { get; init; }
    public required string RoleAuditor { get; init; }
    public required string RoleHelp { get; init; }
    public required string ChangeRole { get; init; }
    public required string Disable { get; init; }
    public required string Enable { get; init; }
    public required string ResetPassword { get; init; }
    public required string ResetPasswordTitle { get; init; }
    public required string DeleteConfirm { get; init; }
    public required string UserCreated { get; init; }
    public required string UserUpdated { get; init; }
    public required string UserDeleted { get; init; }
    public required string PasswordChanged { get; init; }
    public required string Active { get; init; }

    public string RoleName(UserRole role) => role switch
    {
        UserRole.Superuser => RoleSuperuser,
        UserRole.Administrator => RoleAdministrator,
        UserRole.Operator => RoleOperator,
        _ => RoleAuditor,
    };

    public static readonly UsersText English = new()
    {
        Title = "Users",
        Role = "Role",
        Disabled = "Disabled",
        Created = "Created",
        CreateUser = "New user",
        Password = "Password",
        NewPassword = "New password",
        PasswordHelp = "At least 8 characters",
        PasswordTooShort = "The password must have at least 8 characters",
        RoleSuperuser = "Superuser",
        RoleAdministrator = "Administrator",
        RoleOperator = "Operator",
        RoleAuditor = "Auditor",
        RoleHelp = "Only the superuser creates administrators",
        ChangeRole = "Role",
        Disable = "Disable",
        Enable = "Enable",
        ResetPassword = "Password…",
        ResetPasswordTitle = "New password for {0}",
        DeleteConfirm = "Delete user {0}? Their sessions end at once.",
        UserCreated = "User {0} created",
        UserUpdated = "User {0} changed",
        UserDeleted = "User {0} deleted",
        PasswordChanged = "Password of {0} changed",
        Active = "active",
    };

    public static readonly UsersText Russian = new()
    {
        Title = "Пользователи",
        Role = "Роль",
        Disabled = "Отключён",
        Created = "Создан",
        CreateUser = "Новый пользователь",
        Password = "Пароль",
        NewPassword = "Новый пароль",
        PasswordHelp = "Не менее 8 символов",
        PasswordTooShort = "Пароль должен содержать не менее 8 символов",
        RoleSuperuser = "Суперпользователь",
        RoleAdministrator = "Администратор",
        RoleOperator = "Оператор",
        RoleAuditor = "Аудитор",
        RoleHelp = "Администраторов создаёт только суперпользователь",
        ChangeRole = "Роль",
        Disable = "Отключить",
        Enable = "Включить",
        ResetPassword = "Пароль…",
        ResetPasswordTitle = "Новый пароль пользователя {0}",
        DeleteConfirm = "Удалить пользователя {0}? Его сеансы сразу завершатся.",
        UserCreated = "Пользователь {0} создан",
        UserUpdated = "Пользователь {0} изменён",
        UserDeleted = "Пользователь {0} удалён",
        PasswordChanged = "Пароль пользователя {0} изменён",
        Active = "активен",
    };
}
