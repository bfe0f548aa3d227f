using System.CommandLine;
using RuBackup.Repository.Crypto;

namespace RuBackup.RepoTool;

internal static class KeygenCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Where to write the new key (mode 0600; never overwrites)", Required = true };
        var json = CliSupport.JsonOption();
        var command = new Command("keygen", "Create a master key: 32 random bytes") { output, json };
        CliSupport.SetHandler(command, (parse, _) =>
        {
            var path = parse.GetRequiredValue(output);
            MasterKey.Generate(path);
            var keyId = MasterKey.Load(path).KeyId;
            if (parse.GetValue(json))
            {
                CliSupport.WriteJson(new { key_id = keyId, path });
            }
            else
            {
                Console.WriteLine($"key {keyId} written to {path}; keep a copy off this machine (hexdump {path})");
            }
            return Task.FromResult(0);
        });
        return command;
    }
}
