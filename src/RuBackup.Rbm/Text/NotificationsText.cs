using RuBackup.Api;

namespace RuBackup.Rbm.Text;

/// <summary>Texts of the console's notifications page.</summary>
public sealed record NotificationsText
{
    public required string Title { get; init; }
    public required string FilterAll { get; init; }
    public required string StatePending { get; init; }
    public required string StateSent { get; init; }
    public required string StateFailed { get; init; }
    public required string Created { get; init; }
    public required string Event { get; init; }
    public required string Channel { get; init; }
    public required string Address { get; init; }
    public required string Subject { get; init; }
    public required string State { get; init; }
    public required string Attempts { get; init; }
    public required string LastError { get; init; }
    public required string SentOrNext { get; init; }
    public required string NextAttempt { get; init; }
    public required string EventSuccess { get; init; }
    public required string EventFailure { get; init; }
    public required string EventExpiry { get; init; }
    public required string EventVerifyFailure { get; init; }
    public required string ChannelEmail { get; init; }
    public required string ChannelWebhook { get; init; }
    public required string SendTest { get; init; }
    public required string TestTitle { get; init; }
    public required string TestAddressHelp { get; init; }
    public required string Send { get; init; }
    public required string TestDelivered { get; init; }
    public required string TestNotDelivered { get; init; }
    public required string Empty { get; init; }

    public string StateName(NotificationState state) => state switch
    {
        NotificationState.Pending => StatePending,
        NotificationState.Sent => StateSent,
        _ => StateFailed,
    };

    public string EventName(NotifyEvent e) => e switch
    {
        NotifyEvent.Success => EventSuccess,
        NotifyEvent.Failure => EventFailure,
        NotifyEvent.Expiry => EventExpiry,
        _ => EventVerifyFailure,
    };

    public string ChannelName(NotificationChannel channel) => channel == NotificationChannel.Email ? ChannelEmail : ChannelWebhook;

    public static readonly NotificationsText English = new()
    {
        Title = "Notifications",
        FilterAll = "All",
        StatePending = "Pending",
        StateSent = "Sent",
        StateFailed = "Failed",
        Created = "Created",
        Event = "Event",
        Channel = "Channel",
        Address = "Address",
        Subject = "Subject",
        State = "State",
        Attempts = "Attempts",
        LastError = "Last error",
        SentOrNext = "Sent / next attempt",
        NextAttempt = "next: {0}",
        EventSuccess = "Backup done",
        EventFailure = "Backup failed",
        EventExpiry = "Retention expired",
        EventVerifyFailure = "Verification failed",
        ChannelEmail = "E-mail",
        ChannelWebhook = "Webhook",
        SendTest = "Send a test message",
        TestTitle = "Test message",
        TestAddressHelp = "An e-mail address, or an http(s) URL for a webhook",
        Send = "Send",
        TestDelivered = "Delivered to {0} ({1})",
        TestNotDelivered = "Not delivered to {0}: {1}",
        Empty = "The outbox is empty",
    };

    public static readonly NotificationsText Russian = new()
    {
        Title = "Уведомления",
        FilterAll = "Все",
        StatePending = "Ожидает",
        StateSent = "Отправлено",
        StateFailed = "Ошибка",
        Created = "Создано",
        Event = "Событие",
        Channel = "Канал",
        Address = "Адрес",
        Subject = "Тема",
        State = "Состояние",
        Attempts = "Попытки",
        LastError = "Последняя ошибка",
        SentOrNext = "Отправлено / следующая попытка",
        NextAttempt = "следующая: {0}",
        EventSuccess = "Резервное копирование выполнено",
        EventFailure = "Ошибка резервного копирования",
        EventExpiry = "Истёк срок хранения",
        EventVerifyFailure = "Ошибка проверки",
        ChannelEmail = "Эл. почта",
        ChannelWebhook = "Веб-хук",
        SendTest = "Отправить тестовое сообщение",
        TestTitle = "Тестовое сообщение",
        TestAddressHelp = "Адрес эл. почты или URL http(s) веб-хука",
        Send = "Отправить",
        TestDelivered = "Доставлено: {0} ({1})",
        TestNotDelivered = "Не доставлено: {0}: {1}",
        Empty = "Очередь уведомлений пуста",
    };
}
