using Microsoft.AspNetCore.Http;
using RuBackup.Repository.Storage;

namespace RuBackup.Repository.Remote.Server;

/// <summary>
/// Names from the URL become file names in the pool: only the characters the repository allows for
/// archive ids and source types pass, so no request can reach outside the pool's folder.
/// </summary>
internal static class PoolNames
{
    public static bool IsValid(string name) =>
        name.Length is > 0 and <= 128 && !name.StartsWith('.') && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    public static ChunkContainer Container(string kind, string name)
    {
        if (!PoolWire.TryParseContainer(kind, name, out var container))
        {
            throw new PoolProtocolException(StatusCodes.Status400BadRequest, $"chunk container kind '{kind}' is neither 'shared' nor 'pack'");
        }
        if (!IsValid(name))
        {
            throw new PoolProtocolException(StatusCodes.Status400BadRequest, $"container name '{name}' may only contain letters, digits, '-', '_' and '.'");
        }
        return container;
    }
}
