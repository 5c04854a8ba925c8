using System.Text;
using System.Text.Json.Nodes;

namespace PayAtCounter.Fuzz.Tests;

/// <summary>What the fuzzer does to bodies: to the JSON tree (fields, types, values) and to the bytes (syntax, encoding).</summary>
public static class BodyMutations
{
    private static readonly string[] OddStrings =
    [
        "", " ", "\u0000", "\u202e\u0635\u0628\u0627\u062d", "\u200b\u200d\ufeff", "e\u0301\u0301\u0301\u0301", "\ud83d\udcb3\ud83c\udff3\ufe0f\u200d\ud83c\udf08",
        "' OR 1=1 --", "<script>alert(1)</script>", "../../etc/passwd", "%00%ff", "${jndi:ldap://x}", "\\\"", "null", "NaN", "-0", "1e999",
        "\u00df\u0130\u0131", "\uffff\ufffe", "\r\n\t", "GBP ", "gbp",
    ];

    private static readonly JsonNode?[] OddNumbers =
    [
        JsonValue.Create(long.MaxValue), JsonValue.Create(long.MinValue), JsonValue.Create(-1), JsonValue.Create(0), JsonValue.Create(1.5),
        JsonValue.Create(1e308), JsonValue.Create(-1e-308), JsonValue.Create(int.MaxValue), JsonValue.Create(4294967296L), JsonValue.Create(1_000_000_000_001L),
    ];

    /// <summary>Changes the tree once; returns what was done.</summary>
    public static string MutateTree(Random random, JsonNode root)
    {
        var (parent, key) = PickSlot(random, root);
        if (parent is null)
        {
            return "tree unchanged";
        }
        switch (random.Next(7))
        {
            case 0:
                Remove(parent, key);
                return $"removed {key}";
            case 1 when parent is JsonObject obj:
                var name = random.Next(3) == 0 ? key + "X" : "extra" + random.Next(100);
                obj[name] = AnyValue(random);
                return $"added {name}";
            case 2:
                Replace(parent, key, AnyValue(random));
                return $"{key}: another type";
            case 3:
                Replace(parent, key, OddNumbers[random.Next(OddNumbers.Length)]?.DeepClone());
                return $"{key}: odd number";
            case 4:
                Replace(parent, key, JsonValue.Create(OddStrings[random.Next(OddStrings.Length)]));
                return $"{key}: odd string";
            case 5:
                Replace(parent, key, JsonValue.Create(new string((char)random.Next(0x20, 0x2FFF), random.Next(1, 5) * 20_000)));
                return $"{key}: long string";
            default:
                Replace(parent, key, null);
                return $"{key}: null";
        }
    }

    /// <summary>Breaks the bytes once: syntax, encoding or size; returns what was done.</summary>
    public static string MutateBytes(Random random, ref byte[] body, FuzzRequest request)
    {
        switch (random.Next(12))
        {
            case 0:
                body = body[..random.Next(body.Length)];
                return "truncated";
            case 1:
                var at = random.Next(body.Length + 1);
                const string stray = "{}[],:\"\\ x0";
                body = [.. body[..at], (byte)stray[random.Next(stray.Length)], .. body[at..]];
                return "a stray character";
            case 2:
                return ReplaceInString(random, ref body, request, [0xff], "invalid UTF-8 (0xFF)");
            case 3:
                return ReplaceInString(random, ref body, request, [0xc0, 0xaf], "overlong UTF-8 (C0 AF)");
            case 4:
                return ReplaceInString(random, ref body, request, [0xed, 0xa0, 0x80], "UTF-8 of a lone surrogate");
            case 5:
                body = [0xef, 0xbb, 0xbf, .. body];
                return "UTF-8 BOM";
            case 6:
                body = [0xff, 0xfe, .. Encoding.Unicode.GetBytes(Encoding.UTF8.GetString(body))];
                request.Set("Content-Type", random.Next(2) == 0 ? "application/json; charset=utf-16" : "application/json");
                return "UTF-16 with BOM";
            case 7:
                body = Encoding.Latin1.GetBytes(Encoding.UTF8.GetString(body).Replace("fuzz", "f\u00fc\u00df", StringComparison.Ordinal));
                request.Set("Content-Type", "application/json; charset=iso-8859-1");
                return "Latin-1";
            case 8:
                var depth = random.Next(60, 400);
                body = Encoding.ASCII.GetBytes(new string('[', depth) + new string(']', depth));
                return $"nested {depth} deep";
            case 9:
                body = Encoding.ASCII.GetBytes(new[] { "", "null", "[]", "\"text\"", "0", "{", "}", "{\"a\":1,\"a\":2}", "/* */{}", "{'a':1}" }[random.Next(10)]);
                return "not an object";
            case 10:
                body = [.. body, .. Encoding.ASCII.GetBytes(new string(' ', random.Next(1, 4) * 400_000)), (byte)'x'];
                return "large with trailing garbage";
            default:
                body = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body).Replace(":", ": \u00a0", StringComparison.Ordinal));
                return "non-breaking spaces between tokens";
        }
    }

    private static string ReplaceInString(Random random, ref byte[] body, FuzzRequest request, byte[] bad, string what)
    {
        // Inside a string value: after an opening quote that follows a colon.
        var positions = new List<int>();
        for (var i = 1; i < body.Length; i++)
        {
            if (body[i] == (byte)'"' && body[i - 1] == (byte)':')
            {
                positions.Add(i + 1);
            }
        }
        var at = positions.Count > 0 ? positions[random.Next(positions.Count)] : random.Next(body.Length + 1);
        body = [.. body[..at], .. bad, .. body[at..]];
        request.BodyMustBeRefused = what;
        return what;
    }

    private static JsonNode? AnyValue(Random random) => random.Next(7) switch
    {
        0 => JsonValue.Create(random.Next(-5, 5)),
        1 => JsonValue.Create(OddStrings[random.Next(OddStrings.Length)]),
        2 => JsonValue.Create(random.Next(2) == 0),
        3 => new JsonArray(JsonValue.Create(1), JsonValue.Create("a")),
        4 => new JsonObject { ["value"] = random.Next(100), ["currencyCode"] = "GBP" },
        5 => new JsonObject(),
        _ => null,
    };

    // A random property or array element anywhere in the tree, as (container, key or index).
    private static (JsonNode? Parent, string Key) PickSlot(Random random, JsonNode root)
    {
        var slots = new List<(JsonNode, string)>();
        void Walk(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (name, value) in obj.ToList())
                    {
                        slots.Add((obj, name));
                        Walk(value);
                    }
                    break;
                case JsonArray array:
                    for (var i = 0; i < array.Count; i++)
                    {
                        slots.Add((array, i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                        Walk(array[i]);
                    }
                    break;
            }
        }
        Walk(root);
        return slots.Count == 0 ? (null, "") : slots[random.Next(slots.Count)];
    }

    private static void Remove(JsonNode parent, string key)
    {
        if (parent is JsonObject obj)
        {
            obj.Remove(key);
        }
        else if (parent is JsonArray array)
        {
            array.RemoveAt(int.Parse(key, System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private static void Replace(JsonNode parent, string key, JsonNode? value)
    {
        if (parent is JsonObject obj)
        {
            obj[key] = value;
        }
        else if (parent is JsonArray array)
        {
            array[int.Parse(key, System.Globalization.CultureInfo.InvariantCulture)] = value;
        }
    }
}
