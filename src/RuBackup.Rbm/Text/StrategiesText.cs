namespace RuBackup.Rbm.Text;

/// <summary>Texts of the console's strategies page; the template's fields use <see cref="RulesText"/>.</summary>
public sealed record StrategiesText
{
    public required string Title { get; init; }
    public required string Create { get; init; }
    public required string CreateTitle { get; init; }
    public required string EditTitle { get; init; }
    public required string Name { get; init; }
    public required string NamePattern { get; init; }
    public required string PatternHint { get; init; }
    public required string PatternRequired { get; init; }
    public required string NameRequired { get; init; }
    public required string Pattern { get; init; }
    public required string RuleCount { get; init; }
    public required string ShowRules { get; init; }
    public required string NoRules { get; init; }
    public required string Run { get; init; }
    public required string RunStarted { get; init; }
    public required string Paused { get; init; }
    public required string Resumed { get; init; }
    public required string Deleted { get; init; }
    public required string DeleteTitle { get; init; }
    public required string DeleteRulesToo { get; init; }

    public static readonly StrategiesText English = new()
    {
        Title = "Strategies",
        Create = "Create a strategy",
        CreateTitle = "New strategy",
        EditTitle = "Strategy {0}",
        Name = "Strategy name",
        NamePattern = "VM name pattern",
        PatternHint = "* any run of characters, ? one character; case-sensitive (web-*)",
        PatternRequired = "Give a pattern such as web-*",
        NameRequired = "Give the strategy a name",
        Pattern = "Pattern",
        RuleCount = "Rules",
        ShowRules = "Generated rules",
        NoRules = "No VM matches the pattern yet",
        Run = "Run now",
        RunStarted = "Tasks queued: {0}",
        Paused = "Strategy and its rules paused",
        Resumed = "Strategy and its rules resumed",
        Deleted = "Strategy deleted",
        DeleteTitle = "Delete strategy {0}",
        DeleteRulesToo = "Also delete its rules (otherwise they stay as hand-made rules)",
    };

    public static readonly StrategiesText Russian = new()
    {
        Title = "Стратегии",
        Create = "Создать стратегию",
        CreateTitle = "Новая стратегия",
        EditTitle = "Стратегия {0}",
        Name = "Название стратегии",
        NamePattern = "Шаблон имени ВМ",
        PatternHint = "* — любые символы, ? — один символ; с учётом регистра (web-*)",
        PatternRequired = "Укажите шаблон, например web-*",
        NameRequired = "Укажите название стратегии",
        Pattern = "Шаблон",
        RuleCount = "Правил",
        ShowRules = "Созданные правила",
        NoRules = "Ни одна ВМ пока не подходит под шаблон",
        Run = "Выполнить",
        RunStarted = "Задач поставлено в очередь: {0}",
        Paused = "Стратегия и её правила приостановлены",
        Resumed = "Стратегия и её правила возобновлены",
        Deleted = "Стратегия удалена",
        DeleteTitle = "Удаление стратегии {0}",
        DeleteRulesToo = "Удалить и её правила (иначе они останутся как обычные правила)",
    };
}
