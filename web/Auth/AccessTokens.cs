using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace TwinCity.Web.Auth;

/// <summary>
/// The bearer tokens of the embedded twin: taken from configuration when given, otherwise
/// generated at first start, stored in the state folder (readable by its owner only) and printed.
/// </summary>
public sealed class AccessTokens
{
    private readonly Dictionary<string, byte[]> _hashByRole;

    private AccessTokens(Dictionary<string, string> tokens, bool generated, string? file)
    {
        Tokens = tokens;
        Generated = generated;
        File = file;
        _hashByRole = tokens.ToDictionary(p => p.Key, p => SHA256.HashData(Encoding.UTF8.GetBytes(p.Value)));
    }

    /// <summary>Token per role (operator, planner).</summary>
    public IReadOnlyDictionary<string, string> Tokens { get; }

    /// <summary>True when this start generated the tokens (so they are printed).</summary>
    public bool Generated { get; }

    /// <summary>Where the tokens are kept, or null when they come from configuration.</summary>
    public string? File { get; }

    /// <summary>The role a token grants, or null. Compares in constant time.</summary>
    public string? RoleOf(string token)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        string? role = null;
        foreach (var (candidate, expected) in _hashByRole)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, expected))
            {
                role = candidate;
            }
        }

        return role;
    }

    /// <summary>Loads configured tokens, or the stored ones, or generates and stores new ones.</summary>
    public static AccessTokens Load(TwinCityWebOptions options)
    {
        if (!string.IsNullOrEmpty(options.OperatorToken) && !string.IsNullOrEmpty(options.PlannerToken))
        {
            var configured = new Dictionary<string, string> { [Roles.Operator] = options.OperatorToken, [Roles.Planner] = options.PlannerToken };
            if (!string.IsNullOrEmpty(options.SensorKey))
            {
                configured[Roles.Sensor] = options.SensorKey;
            }

            return new AccessTokens(configured, false, null);
        }

        var file = Path.Combine(options.StateDirectory, "tokens.json");
        if (System.IO.File.Exists(file))
        {
            var stored = JsonSerializer.Deserialize<Dictionary<string, string>>(System.IO.File.ReadAllText(file))
                ?? throw new InvalidOperationException($"{file}: empty token file; delete it to generate new tokens.");
            if (!stored.ContainsKey(Roles.Sensor))
            {
                // A twin started before sensors had keys: add one, keep the others.
                stored[Roles.Sensor] = NewToken();
                Save(file, stored);
                return new AccessTokens(stored, true, file);
            }

            return new AccessTokens(stored, false, file);
        }

        var tokens = new Dictionary<string, string>
        {
            [Roles.Operator] = NewToken(),
            [Roles.Planner] = NewToken(),
            [Roles.Sensor] = NewToken(),
        };
        Directory.CreateDirectory(options.StateDirectory);
        Save(file, tokens);
        return new AccessTokens(tokens, true, file);
    }

    private static void Save(string file, Dictionary<string, string> tokens)
    {
        System.IO.File.WriteAllText(file, JsonSerializer.Serialize(tokens));
        if (!OperatingSystem.IsWindows())
        {
            System.IO.File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    private static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
}
