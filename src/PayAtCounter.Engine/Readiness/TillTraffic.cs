using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PayAtCounter.Contracts;
using PayAtCounter.Engine.PaymentIntents;
using PayAtCounter.Engine.TerminalSessions;

namespace PayAtCounter.Engine.Readiness;

/// <summary>
/// A run's traffic read as a till's behaviour: its sessions with the requests that created, polled, canceled and
/// signed them; its intents with the requests that made, read, changed and refunded them. The rules ask this.
/// </summary>
internal sealed partial class TillTraffic
{
    public TillTraffic(RunTraffic traffic)
    {
        Traffic = traffic;
        Requests = traffic.Requests;
        Sessions = traffic.Sessions.Values.OrderBy(s => s.CreatedAt).Select(s => new SessionView(s, this)).ToList();
    }

    public RunTraffic Traffic { get; }

    public IReadOnlyList<RecordedRequest> Requests { get; }

    public IReadOnlyList<SessionView> Sessions { get; }

    /// <summary>Requests with a valid key.</summary>
    public IEnumerable<RecordedRequest> Authenticated => Requests.Where(r => r.AccountId is not null);

    /// <summary>Requests of <paramref name="method"/> whose path matches <paramref name="path"/>.</summary>
    public IEnumerable<RecordedRequest> Calls(string method, Regex path)
        => Requests.Where(r => r.Method == method && path.IsMatch(r.Path));

    /// <summary>The time the till lives in: real time while the sandbox clock runs, sandbox time when it is frozen (tests that move it).</summary>
    public DateTimeOffset TillTime(RecordedRequest request) => Traffic.ClockSpeed > 0 ? request.WallTime : request.SandboxTime;

    /// <summary>Successful reads of an intent at or after <paramref name="since"/> (sandbox time).</summary>
    public IEnumerable<RecordedRequest> IntentReads(string intentId, DateTimeOffset since)
        => Requests.Where(r => r.Method == "GET" && r.Status == 200 && r.Path == $"/payment-intents/{intentId}" && r.SandboxTime >= since);

    /// <summary>Intents the till created in the run, from the create requests' answers.</summary>
    public IEnumerable<(RecordedRequest Request, PaymentIntentState Intent)> CreatedIntents()
    {
        foreach (var create in Calls("POST", IntentsPath()).Where(r => r.Status == 200))
        {
            if (Json(create.ResponseBody)?["id"]?.GetValue<string>() is { } id && Traffic.Intents.TryGetValue(id, out var intent))
            {
                yield return (create, intent);
            }
        }
    }

    /// <summary>The intent a request is about, from its path.</summary>
    public static string? IntentIdOf(RecordedRequest request) => IntentPath().Match(request.Path) is { Success: true } m ? m.Groups["id"].Value : null;

    /// <summary>The id in a JSON body's <paramref name="property"/>, if any.</summary>
    public static JsonNode? Json(string? body)
    {
        try
        {
            return body is null ? null : JsonNode.Parse(body);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>A property of a request's JSON body, if any.</summary>
    public static string? RequestValue(RecordedRequest request, string property)
        => Json(request.RequestBody) is JsonObject body && body.FirstOrDefault(p => string.Equals(p.Key, property, StringComparison.OrdinalIgnoreCase)).Value is { } value
            ? value.ToJsonString().Trim('"')
            : null;

    /// <summary>A time for evidence: sandbox time, to the tenth of a second.</summary>
    public static string At(DateTimeOffset time) => time.ToString("yyyy-MM-dd HH:mm:ss.f", CultureInfo.InvariantCulture);

    /// <summary>A request for evidence: method, path, status and sandbox time.</summary>
    public static string Show(RecordedRequest request) => $"{request.Method} {request.Path} → {request.Status} at {At(request.SandboxTime)}";

    [GeneratedRegex(@"^/payment-intents/?$")]
    public static partial Regex IntentsPath();

    [GeneratedRegex(@"^/payment-intents/(?!search$|refunds/)(?<id>[^/]+)")]
    private static partial Regex IntentPath();

    [GeneratedRegex(@"^/terminal-sessions/?$")]
    public static partial Regex SessionsPath();
}

/// <summary>A terminal session with the till's requests about it.</summary>
internal sealed class SessionView
{
    public SessionView(TerminalSessionState state, TillTraffic traffic)
    {
        State = state;
        var path = $"/terminal-sessions/{state.Id}";
        Created = traffic.Calls("POST", TillTraffic.SessionsPath())
            .FirstOrDefault(r => r.Status == 200 && TillTraffic.Json(r.ResponseBody)?["id"]?.GetValue<string>() == state.Id);
        Polls = traffic.Requests.Where(r => r.Method == "GET" && r.Path == path).ToList();
        Cancels = traffic.Requests.Where(r => r.Method == "PUT" && r.Path == path + "/cancel").ToList();
        Signatures = traffic.Requests.Where(r => r.Method == "PUT" && r.Path == path + "/signature").ToList();
        EndedAt = state.IsFinal ? state.StatusEvents.LastOrDefault()?.CreatedAt ?? state.UpdatedAt : null;
    }

    public TerminalSessionState State { get; }

    public string Id => State.Id;

    /// <summary>The request that created it, when it was created in the run.</summary>
    public RecordedRequest? Created { get; }

    public IReadOnlyList<RecordedRequest> Polls { get; }

    public IReadOnlyList<RecordedRequest> Cancels { get; }

    public IReadOnlyList<RecordedRequest> Signatures { get; }

    /// <summary>When it reached its final status (sandbox time); null while in flight.</summary>
    public DateTimeOffset? EndedAt { get; }

    public bool IsSale => State.Type == TerminalSessionType.Sale;

    public bool IsAuto => State.CaptureMode != CaptureMode.Manual;

    public bool Ended(TerminalSessionStatus status) => State.IsFinal && State.Status == status;

    public bool WentThrough(TerminalSessionStatus status) => State.StatusEvents.Any(e => e.Status == status);

    public DateTimeOffset? TimeOf(TerminalSessionStatus status) => State.StatusEvents.FirstOrDefault(e => e.Status == status)?.CreatedAt;

    public bool OnTerminal(string tidSuffix) => State.Tid.EndsWith(tidSuffix, StringComparison.OrdinalIgnoreCase);

    /// <summary>Canceled with X on the PDQ, not by the till's PUT.</summary>
    public bool CanceledOnPdq => Ended(TerminalSessionStatus.Canceled) && !WentThrough(TerminalSessionStatus.CancelRequested);

    /// <summary>The till's successful reads of the session once it had ended: it has its outcome.</summary>
    public IEnumerable<RecordedRequest> ReadsOfOutcome
        => EndedAt is { } end ? Polls.Concat(Signatures).Concat(Cancels).Where(r => r.Status == 200 && r.SandboxTime >= end) : [];

    /// <summary>For evidence: the session, its terminal and how it ended.</summary>
    public string Describe() => $"session {Id} ({State.Type}{(IsSale ? ", " + (IsAuto ? "Auto" : "Manual") : "")}) on {State.Tid} " +
        (EndedAt is { } end ? $"ended {State.Status} at {TillTraffic.At(end)}" : $"is still {State.Status}");

    /// <summary>Ids of the requests that show it was created and read to its end.</summary>
    public IReadOnlyList<string> ReadEvidence()
        => new[] { Created }.Concat(ReadsOfOutcome.Take(1)).Where(r => r is not null).Select(r => r!.Id).ToList();
}
