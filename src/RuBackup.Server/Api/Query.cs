using System.Globalization;

namespace RuBackup.Server.Api;

/// <summary>Query values parsed by hand, so a bad one is a 400 naming the parameter rather than a bare bind failure.</summary>
public static class Query
{
    public static int? Int(string? value, string field) =>
        string.IsNullOrEmpty(value) ? null
        : int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n
        : throw ApiException.BadRequest(field, $"{field} must be a whole number ('{value}' given)");
}
