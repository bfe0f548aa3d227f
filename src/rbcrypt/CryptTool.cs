using System.CommandLine;
using RuBackup.Client.Tools;
using RuBackup.Tools.Crypt.Commands;

namespace RuBackup.Tools.Crypt;

/// <summary>
/// rbcrypt, the document's protective transformation by hand:
/// <code>
/// rbcrypt encrypt|decrypt --in FILE --out FILE [--key FILE] [--alg NAME] [--bits N] [--force]
/// rbcrypt list [--json]                     algorithms and key lengths of Table 1
/// rbcrypt keygen --out FILE [--bits N]      a random key file, mode 0600
/// rbcrypt hexdump [FILE]                    a key as `hexdump` prints it, for a paper copy
/// rbcrypt keyfromhex --in PRINTOUT --out FILE
/// </code>
/// Exit codes: 0 done; 1 the encrypted file is not authentic (wrong key, damaged, truncated, not an
/// rbcrypt file); 2 any other error (usage, missing key, I/O, interrupted). Errors are one line.
/// </summary>
public static class CryptTool
{
    public const string Name = "rbcrypt";

    /// <summary>The file failed authentication: nothing was written.</summary>
    public const int ExitNotAuthentic = ToolRunner.ExitFailed;

    public static Task<int> RunAsync(string[] args, ToolContext context, CancellationToken cancellationToken) =>
        ToolRunner.InvokeAsync(Build(context), Name, args, context, cancellationToken);

    public static RootCommand Build(ToolContext context) =>
        new("rbcrypt: the protective transformation of backup files with the algorithms of Table 1 (default: the client's master key, Rijndael-256)")
        {
            TransformCommands.Encrypt(context),
            TransformCommands.Decrypt(context),
            ListCommand.Create(context),
            KeyCommands.Keygen(context),
            KeyCommands.Hexdump(context),
            KeyCommands.KeyFromHex(context),
        };
}
