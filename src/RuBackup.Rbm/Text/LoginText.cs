namespace RuBackup.Rbm.Text;

/// <summary>The sign-in page.</summary>
public sealed record LoginText
{
    public required string Title { get; init; }
    public required string User { get; init; }
    public required string Password { get; init; }
    public required string SignIn { get; init; }
    public required string Failed { get; init; }
    public required string Unreachable { get; init; }

    public static readonly LoginText English = new()
    {
        Title = "Sign in to the RuBackup manager",
        User = "User",
        Password = "Password",
        SignIn = "Sign in",
        Failed = "Wrong user name or password",
        Unreachable = "The server's API did not answer: {0}",
    };

    public static readonly LoginText Russian = new()
    {
        Title = "Вход в менеджер RuBackup",
        User = "Пользователь",
        Password = "Пароль",
        SignIn = "Войти",
        Failed = "Неверное имя пользователя или пароль",
        Unreachable = "API сервера не ответил: {0}",
    };
}
