using System.Security.Cryptography;
using System.Text;

namespace PayAtCounter.Server.Accounts;

/// <summary>API keys: their format, generation and hashing. Keys are stored only as hashes.</summary>
public static class ApiKeys
{
    /// <summary>Prefix of sandbox keys; their accounts hand out <c>_sandbox_</c> ids.</summary>
    public const string SandboxPrefix = "sk_sandbox_";
    /// <summary>Prefix of production-style keys.</summary>
    public const string ProductionPrefix = "sk_prod_";

    /// <summary>True when the key selects the sandbox environment (rule 3).</summary>
    public static bool IsSandbox(string key) => !key.StartsWith(ProductionPrefix, StringComparison.Ordinal);

    /// <summary>A new random key with 192 bits of entropy.</summary>
    public static string Generate(bool sandbox)
        => (sandbox ? SandboxPrefix : ProductionPrefix) + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    /// <summary>SHA-256 of the key. Keys are random and long, so a fast hash is enough to make a leaked table useless.</summary>
    public static byte[] Hash(string key)
    {
        var hash = new byte[SHA256.HashSizeInBytes];
        Hash(key, hash);
        return hash;
    }

    /// <summary><see cref="Hash(string)"/> into <paramref name="destination"/> (32 bytes), without allocating for keys of usual length.</summary>
    public static void Hash(ReadOnlySpan<char> key, Span<byte> destination)
    {
        Span<byte> utf8 = key.Length <= 256 ? stackalloc byte[3 * 256] : new byte[Encoding.UTF8.GetMaxByteCount(key.Length)];
        var length = Encoding.UTF8.GetBytes(key, utf8);
        SHA256.HashData(utf8[..length], destination);
    }

    /// <summary>
    /// A few characters of the key's hash: enough to tell keys apart in a request log or on the dashboard, of no use
    /// for finding the key.
    /// </summary>
    public static string Fingerprint(ReadOnlySpan<char> key)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        Hash(key, hash);
        return Convert.ToHexStringLower(hash[..3]);
    }

    /// <summary>Constant-time comparison of two hashes.</summary>
    public static bool Matches(byte[] storedHash, byte[] presentedHash) => CryptographicOperations.FixedTimeEquals(storedHash, presentedHash);
}
