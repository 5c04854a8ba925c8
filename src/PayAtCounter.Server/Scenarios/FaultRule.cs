using System.Text.Json.Serialization;

namespace PayAtCounter.Server.Scenarios;

/// <summary>What a fault rule does to a request it matches.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FaultAction>))]
public enum FaultAction
{
    /// <summary>Adds latency, then the request runs as usual.</summary>
    Delay,
    /// <summary>Answers 500, 502, 503 or 429 in the path's error shape; the request does not run, nothing is stored.</summary>
    Status,
    /// <summary>The request runs and its change is committed; then the connection closes with no response.</summary>
    DropAfterCommit,
    /// <summary>The request runs and its change is committed; the response is held back for a while, then sent.</summary>
    TimeoutAfterCommit,
}

/// <summary>
/// A fault rule as defined: the requests it matches (method and path pattern, <c>*</c> standing for one segment) and
/// what it does to them. What changes as it is used (calls left) is on its row.
/// </summary>
public sealed record FaultRule
{
    /// <summary>Id (<c>flt_…</c>).</summary>
    public required string Id { get; init; }
    /// <summary>The account whose requests it matches.</summary>
    public required string AccountId { get; init; }
    /// <summary>HTTP method, upper case; null for any.</summary>
    public string? Method { get; init; }
    /// <summary>Path pattern, e.g. <c>/payment-intents/*/refunds</c>.</summary>
    public required string Path { get; init; }
    /// <summary>What it does.</summary>
    public required FaultAction Action { get; init; }
    /// <summary>For <see cref="FaultAction.Status"/>: 500, 502, 503 or 429.</summary>
    public int? Status { get; init; }
    /// <summary>For 429 and 503: the <c>Retry-After</c> header, in seconds.</summary>
    public int? RetryAfterSeconds { get; init; }
    /// <summary>For <see cref="FaultAction.Delay"/>: the latency added.</summary>
    public TimeSpan? Delay { get; init; }
    /// <summary>For <see cref="FaultAction.TimeoutAfterCommit"/>: how long the response is held back.</summary>
    public TimeSpan? Hold { get; init; }
    /// <summary>How many calls it applies to in all; null for no limit.</summary>
    public int? Count { get; init; }
    /// <summary>Chance it applies to a matching call, above 0 and at most 1; null for always.</summary>
    public double? Probability { get; init; }
    /// <summary>Real time it was made.</summary>
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>Real time it stops applying.</summary>
    public DateTimeOffset ExpiresAt { get; init; }

    /// <summary>Whether a request with <paramref name="method"/> and <paramref name="path"/> is one it matches.</summary>
    public bool Matches(string method, ReadOnlySpan<char> path)
    {
        if (Method is not null && !string.Equals(Method, method, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        var pattern = Path.AsSpan().Trim('/');
        path = path.Trim('/');
        while (true)
        {
            var p = pattern.IndexOf('/');
            var s = path.IndexOf('/');
            var patternSegment = p < 0 ? pattern : pattern[..p];
            var pathSegment = s < 0 ? path : path[..s];
            if (!patternSegment.SequenceEqual("*") && !patternSegment.Equals(pathSegment, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
            if (p < 0 || s < 0)
            {
                return p < 0 && s < 0;
            }
            pattern = pattern[(p + 1)..];
            path = path[(s + 1)..];
        }
    }
}
