using System.Text.Json;
using RuBackup.Client.Api;
using RuBackup.Client.Keys;

namespace RuBackup.Tools.Admin;

/// <summary>What `rb_admin login` keeps: the server it logged into and the token (mode 0600, folder 0700).</summary>
public sealed record SavedLogin(string Server, string User, string Token, DateTimeOffset ExpiresAt, string? Ca);

/// <summary>~/.rubackup/rb_admin.token.</summary>
public static class TokenStore
{
    public static string PathIn(string home) => Path.Combine(home, ".rubackup", "rb_admin.token");

    public static SavedLogin? Read(string home)
    {
        var path = PathIn(home);
        if (!File.Exists(path))
        {
            return null;
        }
        if (SecretFile.ExposureProblem(path) is { } problem)
        {
            throw new KeyFileException($"refusing the saved token: {problem}");
        }
        try
        {
            return JsonSerializer.Deserialize<SavedLogin>(File.ReadAllText(path), ApiJson.Options);
        }
        catch (JsonException e)
        {
            throw new KeyFileException($"{path}: not a saved login ({e.Message}); run rb_admin login again", e);
        }
    }

    public static string Save(string home, SavedLogin login)
    {
        var path = PathIn(home);
        SecretFile.EnsureFolder(Path.GetDirectoryName(path)!);
        SecretFile.Replace(path, JsonSerializer.SerializeToUtf8Bytes(login, ApiJson.Indented));
        return path;
    }

    public static bool Delete(string home)
    {
        var path = PathIn(home);
        if (!File.Exists(path))
        {
            return false;
        }
        File.Delete(path);
        return true;
    }
}
