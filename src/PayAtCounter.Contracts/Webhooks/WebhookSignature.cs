using System.Security.Cryptography;
using System.Text;

namespace PayAtCounter.Contracts;

/// <summary>
/// Dojo's webhook signature (contract §5.2): header <c>Dojo-Signature: sha256=&lt;HMAC&gt;</c> where the HMAC-SHA256
/// key is the UTF-8 of the secret as written (not base64-decoded), the message is the raw body, and the digest is
/// written as upper-case hex pairs joined by hyphens (<c>4B-49-F8-…</c>).
/// </summary>
public static class WebhookSignature
{
    /// <summary>The header name.</summary>
    public const string HeaderName = "Dojo-Signature";

    /// <summary>The header value for <paramref name="body"/> signed with <paramref name="secret"/>.</summary>
    public static string Compute(string body, string secret)
    {
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        return "sha256=" + BitConverter.ToString(hmac.ComputeHash(Encoding.UTF8.GetBytes(body)));
    }

    /// <summary>True when <paramref name="header"/> is the signature of <paramref name="body"/>, compared in constant time.</summary>
    public static bool IsValid(string body, string secret, string header)
    {
        var expected = Encoding.ASCII.GetBytes(Compute(body, secret));
        var actual = Encoding.ASCII.GetBytes(header.Trim());
        if (expected.Length != actual.Length)
        {
            return false;
        }
        var difference = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            difference |= expected[i] ^ actual[i];
        }
        return difference == 0;
    }
}
