using System.Text;

namespace PayAtCounter.Fuzz.Tests;

/// <summary>
/// One generated request, kept as parts so a mutation can break any of them: method, request target, HTTP version,
/// headers (in order, repeats allowed) and body. <see cref="ToBytes"/> writes it as sent on the wire.
/// </summary>
public sealed class FuzzRequest
{
    /// <summary>The operation it was generated from, e.g. <c>POST /payment-intents/{paymentIntentId}/refunds</c>.</summary>
    public required string Operation { get; init; }

    /// <summary>The method token.</summary>
    public required string Method { get; set; }

    /// <summary>The request target as sent (path and query, possibly broken).</summary>
    public required string Target { get; set; }

    /// <summary>The protocol version token.</summary>
    public string Version { get; set; } = "HTTP/1.1";

    /// <summary>Headers in order; Host and Content-Length are added by <see cref="ToBytes"/> unless set here.</summary>
    public List<(string Name, byte[] Value)> Headers { get; } = [];

    /// <summary>The body bytes, or null for none.</summary>
    public byte[]? Body { get; set; }

    /// <summary>What was done to it, for the failure report.</summary>
    public List<string> Mutations { get; } = [];

    /// <summary>Why the server must refuse the body whatever else the request gets right (invalid UTF-8), or null.</summary>
    public string? BodyMustBeRefused { get; set; }

    /// <summary>A request line replacing the generated one (a broken one), or null.</summary>
    public byte[]? RawRequestLine { get; set; }

    /// <summary>True when the request line's version is not 1.0 or 1.1: HTTP's answer to that is 505, its only allowed 5xx.</summary>
    public bool UnsupportedVersion => Version is not ("HTTP/1.1" or "HTTP/1.0") && RawRequestLine is null;

    /// <summary>Sets a header, replacing any of that name.</summary>
    public void Set(string name, string value)
    {
        Headers.RemoveAll(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
        Headers.Add((name, Encoding.UTF8.GetBytes(value)));
    }

    /// <summary>Removes every header of that name.</summary>
    public void Remove(string name) => Headers.RemoveAll(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    /// <summary>True when a header of that name is present.</summary>
    public bool Has(string name) => Headers.Any(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The path the server chooses the error shape by: the request line's target as it goes on the wire (a broken
    /// line's too), from its absolute form, without its query and with dot segments removed, as Kestrel routes it.
    /// </summary>
    public string Path
    {
        get
        {
            var line = Encoding.Latin1.GetString(RawRequestLine ?? Encoding.UTF8.GetBytes($"{Method} {Target} {Version}"));
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var target = space < 0 ? "" : line[(space + 1)..];
            target = target.IndexOf(' ', StringComparison.Ordinal) is var end and >= 0 ? target[..end] : target;
            if (target.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
            {
                var slash = target.IndexOf('/', "http://".Length);
                target = slash < 0 ? "/" : target[slash..];
            }
            var query = target.IndexOfAny(['?', '#']);
            target = query < 0 ? target : target[..query];
            var segments = new List<string>();
            foreach (var segment in target.Split('/').Skip(1))
            {
                if (segment == "..")
                {
                    if (segments.Count > 0)
                    {
                        segments.RemoveAt(segments.Count - 1);
                    }
                }
                else if (segment != ".")
                {
                    segments.Add(segment);
                }
            }
            return target.StartsWith('/') ? "/" + string.Join('/', segments) : target;
        }
    }

    /// <summary>The request as bytes on the wire.</summary>
    public byte[] ToBytes(string host)
    {
        using var wire = new MemoryStream();
        wire.Write(RawRequestLine ?? Encoding.UTF8.GetBytes($"{Method} {Target} {Version}"));
        wire.Write("\r\n"u8);
        if (!Has("Host") && !Mutations.Contains("no Host"))
        {
            Write(wire, "Host", Encoding.ASCII.GetBytes(host));
        }
        foreach (var (name, value) in Headers)
        {
            Write(wire, name, value);
        }
        if (Body is not null && !Has("Content-Length") && !Has("Transfer-Encoding"))
        {
            Write(wire, "Content-Length", Encoding.ASCII.GetBytes(Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        wire.Write("\r\n"u8);
        if (Body is not null)
        {
            wire.Write(Body);
        }
        return wire.ToArray();
    }

    /// <summary>
    /// The request for a person (bytes outside printable ASCII as <c>\xNN</c>, cut after 2,000) and, to replay it
    /// exactly, its bytes in base64 (when under 16 KiB).
    /// </summary>
    public string Describe(string host)
    {
        var bytes = ToBytes(host);
        var text = new StringBuilder();
        foreach (var b in bytes.Take(2000))
        {
            text.Append(b switch
            {
                (byte)'\r' => "\\r",
                (byte)'\n' => "\\n",
                (byte)'"' => "\\\"",
                (byte)'\\' => "\\\\",
                >= 0x20 and < 0x7f => ((char)b).ToString(),
                _ => $"\\x{b:x2}",
            });
        }
        var cut = bytes.Length > 2000 ? $" … ({bytes.Length:N0} bytes in all)" : "";
        var exact = bytes.Length <= 16 * 1024 ? "\n  base64: " + Convert.ToBase64String(bytes) : "";
        return $"{Operation} [{string.Join(", ", Mutations)}]\n  \"{text}\"{cut}{exact}";
    }

    private static void Write(MemoryStream wire, string name, byte[] value)
    {
        wire.Write(Encoding.ASCII.GetBytes(name + ": "));
        wire.Write(value);
        wire.Write("\r\n"u8);
    }
}
