using System.Text.Json.Serialization;

namespace RuBackup.Api;

/// <summary>
/// Roles of the server's users. The superuser <c>rubackup</c> exists from the first start; administrators
/// configure everything; operators run and watch (run now, pause, resume, restore, cancel) but change no
/// configuration; auditors only read.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<UserRole>))]
public enum UserRole
{
    Superuser,
    Administrator,
    Operator,
    Auditor,
}

public sealed record LoginRequest(string User, string Password);

/// <summary>A bearer token for the Authorization header; it stops working at <see cref="ExpiresAt"/>.</summary>
public sealed record TokenResponse(string Token, DateTimeOffset ExpiresAt, string Subject, string Role);

/// <summary>The signed-in user of a token (GET /api/v1/auth/me).</summary>
public sealed record SessionInfo(string Name, string Role);

public sealed record UserInfo(string Name, UserRole Role, bool Disabled, DateTimeOffset Created);

public sealed record CreateUserRequest(string Name, string Password, UserRole Role);

/// <summary>Only the fields given change.</summary>
public sealed record UpdateUserRequest(string? Password = null, UserRole? Role = null, bool? Disabled = null);

/// <summary>One change made through the API: who, what, on which object. Secrets never appear in it.</summary>
public sealed record AuditEntry(long Id, DateTimeOffset Time, string Actor, string Action, string Target, string? Details);
