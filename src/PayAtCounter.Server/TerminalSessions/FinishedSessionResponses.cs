using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using PayAtCounter.Contracts;
using PayAtCounter.Engine.TerminalSessions;
using PayAtCounter.Server.Versioning;

namespace PayAtCounter.Server.TerminalSessions;

/// <summary>
/// An EPOS polls a session once a second and keeps polling after it ends, so a finished session, which
/// never changes again, is serialized once per API variant and then sent as bytes. Bounded: when full it
/// starts again empty, which costs one serialization per session.
/// </summary>
public sealed class FinishedSessionResponses(IOptions<JsonOptions> json)
{
    // ~6 KB per body with receipts: the cap keeps this under ~60 MB.
    private const int Capacity = 10_000;
    private readonly ConcurrentDictionary<(string AccountId, string Id, bool Has2025Fields), byte[]> _bodies = new();
    private readonly System.Text.Json.Serialization.Metadata.JsonTypeInfo _typeInfo = json.Value.SerializerOptions.GetTypeInfo(typeof(TerminalSession));

    /// <summary>The body already made for this finished session and version, if any.</summary>
    public byte[]? Find(string accountId, string id, DojoVersion version) => _bodies.GetValueOrDefault((accountId, id, version.Has2025Fields));

    /// <summary>The body of a finished <paramref name="session"/> for <paramref name="version"/>, kept for next time.</summary>
    public byte[] Remember(TerminalSessionState session, DojoVersion version)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(TerminalSessionMapping.ToWire(session, version), _typeInfo);
        if (_bodies.Count >= Capacity)
        {
            _bodies.Clear();
        }
        _bodies[(session.AccountId, session.Id, version.Has2025Fields)] = body;
        return body;
    }
}
