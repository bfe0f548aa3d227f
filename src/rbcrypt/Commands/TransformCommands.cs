using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using RuBackup.Client.Tools;
using RuBackup.Crypto;
using RuBackup.Tools.Crypt.Files;
using RuBackup.Tools.Crypt.Format;
using RuBackup.Tools.Crypt.Keys;

namespace RuBackup.Tools.Crypt.Commands;

/// <summary>rbcrypt encrypt and decrypt: a file to an rbcrypt file and back (docs/format.md, "rbcrypt files").</summary>
internal static class TransformCommands
{
    public static Command Encrypt(ToolContext context) => Create(context, encrypt: true);

    public static Command Decrypt(ToolContext context) => Create(context, encrypt: false);

    private static Command Create(ToolContext context, bool encrypt)
    {
        var input = new Option<string>("--in") { Description = encrypt ? "The file to encrypt" : "The rbcrypt file to decrypt", Required = true, HelpName = "FILE" };
        var output = new Option<string>("--out")
        {
            Description = "Where to write (through a temporary file, renamed only on success; may equal --in)",
            Required = true,
            HelpName = "FILE",
        };
        var key = new Option<string?>("--key") { Description = "Key file of 16 to 128 bytes (default: the client's master key, $RUBACKUP_ROOT/keys/master-key)", HelpName = "FILE" };
        var algorithm = new Option<string?>("--alg")
        {
            Description = encrypt
                ? $"Algorithm of Table 1 (default {CipherCatalog.DefaultAlgorithm}; see rbcrypt list)"
                : "Expected algorithm; the file's header names it, so this only checks",
            HelpName = "NAME",
        };
        var bits = new Option<int?>("--bits")
        {
            Description = encrypt ? "Key length (default 256, or the algorithm's only length)" : "Expected key length (checked against the file's)",
            HelpName = "N",
        };
        var force = new Option<bool>("--force") { Description = "Replace an existing --out" };
        var command = new Command(encrypt ? "encrypt" : "decrypt", encrypt
            ? "Encrypt a file (default: Rijndael-256 with the client's master key)"
            : "Decrypt an rbcrypt file; a wrong key or any damage leaves no output and exits 1")
        {
            input, output, key, algorithm, bits, force,
        };
        ToolRunner.SetAction(command, CryptTool.Name, context, (parse, cancellationToken) =>
        {
            var request = new Request(parse.GetRequiredValue(input), parse.GetRequiredValue(output), parse.GetValue(key),
                parse.GetValue(algorithm), parse.GetValue(bits), parse.GetValue(force));
            try
            {
                return Task.FromResult(encrypt ? RunEncrypt(context, request, cancellationToken) : RunDecrypt(context, request, cancellationToken));
            }
            catch (CryptFileException e)
            {
                context.Error.WriteLine($"{CryptTool.Name}: error: {e.Message}");
                return Task.FromResult(CryptTool.ExitNotAuthentic);
            }
        });
        return command;
    }

    private static int RunEncrypt(ToolContext context, Request request, CancellationToken cancellationToken)
    {
        var suite = SuiteChoice.ForEncrypt(request.Algorithm, request.Bits);
        using var cipher = OpenCipher(context, request, suite);
        using var source = OpenInput(request.Input);
        using var target = OutputFile.Create(request.Output, request.Replace);
        var plainBytes = SegmentedFile.Encrypt(source, target.Stream, cipher, CryptHeader.DefaultSegmentBytes, cancellationToken);
        source.Dispose();
        target.Commit();
        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"encrypted {request.Input} ({plainBytes} bytes) to {request.Output} with {suite.Label}"));
        return 0;
    }

    private static int RunDecrypt(ToolContext context, Request request, CancellationToken cancellationToken)
    {
        using var source = OpenInput(request.Input);
        using var target = OutputFile.Create(request.Output, request.Replace);
        var header = CryptHeader.Read(source, request.Input);
        SuiteChoice.CheckDecrypt(header.Suite, request.Algorithm, request.Bits, request.Input);
        using var cipher = OpenCipher(context, request, header.Suite);
        SegmentedFile.CheckKey(header, source, cipher, request.Input);
        var plainBytes = SegmentedFile.Decrypt(header, source, target.Stream, cipher, request.Input, cancellationToken);
        source.Dispose();
        target.Commit();
        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"decrypted {request.Input} ({header.Suite.Label}) to {request.Output} ({plainBytes} bytes)"));
        return 0;
    }

    private static IAuthenticatedCipher OpenCipher(ToolContext context, Request request, CipherSuite suite)
    {
        var material = KeyMaterial.Load(KeyMaterial.PathOf(request.Key, context.Paths), isMasterKey: request.Key is null);
        try
        {
            return AuthenticatedCipher.Create(suite, material);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(material);
        }
    }

    private static FileStream OpenInput(string path)
    {
        if (Directory.Exists(path))
        {
            throw new IOException($"{path}: is a folder; --in names a file");
        }
        if (!File.Exists(path))
        {
            throw new IOException($"{path}: no such file");
        }
        // Unbuffered: the format reads whole segments itself.
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
    }

    private sealed record Request(string Input, string Output, string? Key, string? Algorithm, int? Bits, bool Force)
    {
        /// <summary>The document's custom transformation keeps the file's name: output = input replaces it atomically.</summary>
        public bool Replace => Force || OutputFile.SameFile(Input, Output);
    }
}
