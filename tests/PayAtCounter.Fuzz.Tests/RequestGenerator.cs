using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PayAtCounter.Fuzz.Tests;

/// <summary>
/// Makes the fuzzer's requests from a seeded <see cref="Random"/>: an operation of the Dojo or sandbox API, a valid
/// request for it, then a few mutations of its path, query, method, headers, body or request line. The same seed
/// and the same answers give the same requests.
/// </summary>
public sealed partial class RequestGenerator(Random random, IdPool ids, IReadOnlyList<(string Method, string Template)> operations, string key, string otherKey, string receiverUrl)
{
    private static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "FOO", "get"];

    /// <summary>The next request.</summary>
    public FuzzRequest Next()
    {
        var (method, template) = operations[random.Next(operations.Count)];
        var operation = $"{method} {template}";
        var request = new FuzzRequest { Operation = operation, Method = method, Target = FillPath(template) + Query(template) };
        request.Set("Authorization", "Basic " + key);
        request.Set("version", "2025-09-10");
        request.Set("software-house-id", "fuzz-house");
        request.Set("reseller-id", "fuzz-reseller");
        if (BodySeeds.For(operation, ids, random, receiverUrl) is { } seed)
        {
            request.Set("Content-Type", "application/json");
            // About one body in four is sent as it is, so the accepted paths are fuzzed too.
            var changes = random.Next(4) == 0 ? 0 : random.Next(1, 4);
            for (var i = 0; i < changes; i++)
            {
                request.Mutations.Add(BodyMutations.MutateTree(random, seed));
            }
            var body = Encoding.UTF8.GetBytes(seed.ToJsonString());
            if (random.Next(4) == 0)
            {
                request.Mutations.Add(BodyMutations.MutateBytes(random, ref body, request));
            }
            request.Body = body;
        }
        else if (method == "POST" && random.Next(3) == 0)
        {
            request.Body = "{}"u8.ToArray();
            request.Set("Content-Type", "application/json");
            request.Mutations.Add("a body where none is taken");
        }
        if (random.Next(3) == 0)
        {
            MutateHeaders(request);
        }
        if (random.Next(8) == 0)
        {
            MutateTarget(request);
        }
        if (random.Next(12) == 0)
        {
            request.Method = Methods[random.Next(Methods.Length)];
            request.Mutations.Add("method " + request.Method);
        }
        if (random.Next(40) == 0)
        {
            MutateRequestLine(request);
        }
        return request;
    }

    private string FillPath(string template) => Parameter().Replace(template, match =>
    {
        var kind = match.Groups[1].Value;
        var roll = random.Next(20);
        var id = roll switch
        {
            < 12 => ids.Pick(random, kind),
            12 or 13 => ids.Other.TryGetValue(kind, out var other) && other.Count > 0 ? other[random.Next(other.Count)] : null,
            14 => ids.PickAny(random),
            15 => Guess(ids.Pick(random, kind)),
            _ => null,
        };
        return id is null ? Junk() : Uri.EscapeDataString(id);
    });

    // A sequential or guessed id: a known id with its last character changed.
    private string? Guess(string? known)
        => known is null || known.Length == 0 ? null : known[..^1] + (char)(known[^1] == 'z' ? 'a' : known[^1] + 1);

    private string Junk() => random.Next(10) switch
    {
        0 => "%",
        1 => "%G1%",
        2 => "%C0%AF",
        3 => "%FF%FE",
        4 => "%00",
        5 => new string('a', random.Next(200, 5000)),
        6 => Uri.EscapeDataString("\ud83d\udcb3\u202e\u0000"),
        7 => "..",
        8 => "%2F..%2F..",
        _ => "pi_" + random.Next(),
    };

    private string Query(string template)
    {
        if (random.Next(5) != 0)
        {
            return "";
        }
        var name = new[] { "limit", "cursor", "statuses", "from", "to", "keepSnapshots", "subscriptionId", "status", "format", "paymentIntentId" }[random.Next(10)];
        var value = new[] { "-1", "0", "abc", "99999999999999999999", "true", "%ZZ", "%C0%AF", "", "Captured", "2026-13-45", new string('9', 3000) }[random.Next(11)];
        var repeat = random.Next(4) == 0 ? $"&{name}=1" : "";
        return $"?{name}={value}{repeat}";
    }

    private void MutateHeaders(FuzzRequest request)
    {
        switch (random.Next(16))
        {
            case 0:
                request.Remove("Authorization");
                request.Mutations.Add("no Authorization");
                break;
            case 1:
                request.Set("Authorization", new[] { "Basic sk_sandbox_wrong_0000000000", "Bearer " + key, key, "Basic", "Basic  " + key, "basic " + key }[random.Next(6)]);
                request.Mutations.Add("odd Authorization");
                break;
            case 2:
                request.Set("Authorization", "Basic " + otherKey);
                request.Mutations.Add("the other account's key");
                break;
            case 3:
                request.Set("version", new[] { "", "2025-13-40", "x", "2024-02-05", "2099-01-01", "2025-09-10, 2024-02-05" }[random.Next(6)]);
                request.Mutations.Add("odd version");
                break;
            case 4:
                request.Remove("version");
                request.Mutations.Add("no version");
                break;
            case 5:
                request.Headers.Add(("version", "2024-02-05"u8.ToArray()));
                request.Mutations.Add("version twice");
                break;
            case 6:
                request.Remove("software-house-id");
                request.Mutations.Add("no software-house-id");
                break;
            case 7:
                request.Set("software-house-id", new string('s', random.Next(100, 3000)));
                request.Mutations.Add("long software-house-id");
                break;
            case 8:
                request.Headers.Add(("reseller-id", [(byte)'r', 0xff, 0xc0, 0xaf]));
                request.Mutations.Add("reseller-id with bytes that are not ASCII");
                break;
            case 9:
                request.Set("Content-Type", new[] { "text/plain", "application/xml", "multipart/form-data; boundary=x", "application/json; charset=utf-16", "application/problem+json", "", "application/json;;;" }[random.Next(7)]);
                request.Mutations.Add("odd Content-Type");
                break;
            case 10:
                request.Remove("Content-Type");
                request.Mutations.Add("no Content-Type");
                break;
            case 11:
                request.Headers.Add(("Content-Type", "text/plain"u8.ToArray()));
                request.Mutations.Add("Content-Type twice");
                break;
            case 12:
                request.Headers.Add(("X-Padding", Encoding.ASCII.GetBytes(new string('p', random.Next(2) == 0 ? 40_000 : 4_000))));
                request.Mutations.Add("a large header");
                break;
            case 13:
                request.Set("Content-Length", new[] { "abc", "-1", "1, 2", "99999999999999999999" }[random.Next(4)]);
                request.Mutations.Add("a broken Content-Length");
                break;
            case 14:
                request.Set("Expect", "100-continue");
                request.Mutations.Add("Expect: 100-continue");
                break;
            default:
                request.Mutations.Add("no Host");
                break;
        }
    }

    private void MutateTarget(FuzzRequest request)
    {
        switch (random.Next(6))
        {
            case 0:
                request.Target = request.Target.TrimStart('/');
                request.Mutations.Add("target without its leading slash");
                break;
            case 1:
                request.Target = "http://127.0.0.1" + request.Target;
                request.Mutations.Add("absolute-form target");
                break;
            case 2:
                request.Target = request.Target.Replace("/", "//", StringComparison.Ordinal);
                request.Mutations.Add("doubled slashes");
                break;
            case 3:
                request.Target += "/" + new string('x', random.Next(2) == 0 ? 9_000 : 500);
                request.Mutations.Add("long target");
                break;
            case 4:
                request.Target = request.Target.ToUpperInvariant();
                request.Mutations.Add("upper-case target");
                break;
            default:
                request.Target += "%";
                request.Mutations.Add("a trailing lone %");
                break;
        }
    }

    private void MutateRequestLine(FuzzRequest request)
    {
        switch (random.Next(5))
        {
            case 0:
                request.Version = new[] { "HTTP/1.0", "HTTP/1.7", "HTTP/2.0", "HTTP/1.1x", "HTTPS/1.1", "" }[random.Next(6)];
                request.Mutations.Add("version token " + request.Version);
                break;
            case 1:
                request.RawRequestLine = Encoding.ASCII.GetBytes($"{request.Method}  {request.Target} HTTP/1.1");
                request.Mutations.Add("two spaces");
                break;
            case 2:
                request.RawRequestLine = [.. Encoding.ASCII.GetBytes($"{request.Method} {request.Target}"), 0x00, .. " HTTP/1.1"u8];
                request.Mutations.Add("NUL in the request line");
                break;
            case 3:
                request.RawRequestLine = Encoding.ASCII.GetBytes($"{request.Method} {request.Target.Replace("/", " /", StringComparison.Ordinal)} HTTP/1.1");
                request.Mutations.Add("spaces in the target");
                break;
            default:
                request.RawRequestLine = [0x16, 0x03, 0x01, 0x00, 0xa5, 0x01];
                request.Mutations.Add("TLS hello on plain HTTP");
                break;
        }
    }

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex Parameter();
}
