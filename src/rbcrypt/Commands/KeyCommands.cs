using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using RuBackup.Client.Keys;
using RuBackup.Client.Tools;
using RuBackup.Tools.Crypt.Keys;

namespace RuBackup.Tools.Crypt.Commands;

/// <summary>rbcrypt keygen, hexdump and keyfromhex: making a key and keeping it on paper, as the document advises.</summary>
internal static class KeyCommands
{
    public static Command Keygen(ToolContext context)
    {
        var output = new Option<string>("--out") { Description = "Where to write the key (mode 0600; never overwrites)", Required = true, HelpName = "FILE" };
        var bits = new Option<int>("--bits") { Description = "Key length: 128, 256, 512 or 1024", DefaultValueFactory = _ => 256, HelpName = "N" };
        var command = new Command("keygen", "Create a random key file for --key") { output, bits };
        ToolRunner.SetAction(command, CryptTool.Name, context, (parse, _) =>
        {
            var path = parse.GetRequiredValue(output);
            if (!KeyMaterial.KeygenBits.Contains(parse.GetValue(bits)))
            {
                throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"--bits {parse.GetValue(bits)}: give 128, 256, 512 or 1024"));
            }
            var key = RandomNumberGenerator.GetBytes(parse.GetValue(bits) / 8);
            try
            {
                if (!SecretFile.TryCreate(path, key))
                {
                    throw new IOException($"{path}: exists; rbcrypt never overwrites a key (data encrypted with it would be lost)");
                }
            }
            finally
            {
                CryptographicOperations.ZeroMemory(key);
            }
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{parse.GetValue(bits)}-bit key written to {path}; keep a copy off this machine (rbcrypt hexdump {path})"));
            return Task.FromResult(0);
        });
        return command;
    }

    public static Command Hexdump(ToolContext context)
    {
        var file = new Argument<string?>("FILE") { Description = "Key file (default: the client's master key)", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("hexdump", "Print a key as `hexdump` does, for a paper copy (read it back with keyfromhex)") { file };
        ToolRunner.SetAction(command, CryptTool.Name, context, (parse, _) =>
        {
            var given = parse.GetValue(file);
            var key = KeyMaterial.Load(KeyMaterial.PathOf(given, context.Paths), isMasterKey: given is null);
            try
            {
                context.Out.Write(HexdumpFormat.Format(key));
            }
            finally
            {
                CryptographicOperations.ZeroMemory(key);
            }
            return Task.FromResult(0);
        });
        return command;
    }

    public static Command KeyFromHex(ToolContext context)
    {
        var input = new Option<string>("--in") { Description = "The printout, as text (- for standard input)", Required = true, HelpName = "PRINTOUT" };
        var output = new Option<string>("--out") { Description = "The key file to write (mode 0600; never overwrites)", Required = true, HelpName = "FILE" };
        var command = new Command("keyfromhex", "Turn a hexdump printout of a key back into the key file") { input, output };
        ToolRunner.SetAction(command, CryptTool.Name, context, (parse, _) =>
        {
            var source = parse.GetRequiredValue(input);
            var path = parse.GetRequiredValue(output);
            var text = source == "-" ? context.In.ReadToEnd() : ReadPrintout(source);
            byte[] key;
            try
            {
                key = HexdumpParser.Parse(text);
            }
            catch (FormatException e)
            {
                throw new FormatException($"{(source == "-" ? "standard input" : source)}: {e.Message}", e);
            }
            try
            {
                if (key.Length is < KeyMaterial.MinBytes or > KeyMaterial.MaxBytes)
                {
                    throw new FormatException(string.Create(CultureInfo.InvariantCulture,
                        $"{source}: {key.Length} bytes; a key has {KeyMaterial.MinBytes} to {KeyMaterial.MaxBytes}"));
                }
                if (!SecretFile.TryCreate(path, key))
                {
                    throw new IOException($"{path}: exists; rbcrypt never overwrites a key");
                }
            }
            finally
            {
                CryptographicOperations.ZeroMemory(key);
            }
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{key.Length}-byte key written to {path}"));
            return Task.FromResult(0);
        });
        return command;
    }

    private static string ReadPrintout(string path)
    {
        if (!File.Exists(path))
        {
            throw new IOException($"{path}: no such file");
        }
        // A printout of a 1024-bit key is under 1 KiB; anything far larger is the wrong file.
        if (new FileInfo(path).Length > 64 << 10)
        {
            throw new FormatException($"{path}: larger than 64 KiB: not a key printout");
        }
        return File.ReadAllText(path);
    }
}
