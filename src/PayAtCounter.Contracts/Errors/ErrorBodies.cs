using System.Text.Json.Serialization;

namespace PayAtCounter.Contracts;

// The four error shapes of the Dojo API. One set of fields serves all of them; what differs is which
// keys must be present, so each shape is its own type with its own "always write" rules.

/// <summary>RFC 7807 problem details, used by <c>/payment-intents</c> (schema ProblemDetails).</summary>
public sealed class ProblemDetailsBody
{
    /// <summary>Problem type URI.</summary>
    public string? Type { get; set; }
    /// <summary>Title.</summary>
    public string? Title { get; set; }
    /// <summary>HTTP status.</summary>
    public int? Status { get; set; }
    /// <summary>Detail.</summary>
    public string? Detail { get; set; }
    /// <summary>Trace id.</summary>
    public string? TraceId { get; set; }
    /// <summary>Field errors.</summary>
    public Dictionary<string, string[]>? Errors { get; set; }
    /// <summary>The request the problem is about.</summary>
    public string? Instance { get; set; }
    /// <summary>Anything else the server added.</summary>
    public Dictionary<string, System.Text.Json.JsonElement>? Extensions { get; set; }
}

/// <summary>Problem details of <c>/terminal-sessions</c>: all six keys are required (nullable).</summary>
public sealed class TerminalProblemDetailsBody
{
    /// <summary>Problem type URI.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Type { get; set; }
    /// <summary>Title.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Title { get; set; }
    /// <summary>HTTP status.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public int? Status { get; set; }
    /// <summary>Detail.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Detail { get; set; }
    /// <summary>Trace id.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? TraceId { get; set; }
    /// <summary>Field errors.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public Dictionary<string, string[]>? Errors { get; set; }
}

/// <summary>Error of <c>/terminals</c> (schema Error): carries a <c>code</c>.</summary>
public sealed class TerminalsErrorBody
{
    /// <summary>INTERNAL_ERROR, TERMINAL_UNAVAILABLE or INVALID_REQUEST.</summary>
    public string Code { get; set; } = "";
    /// <summary>Title.</summary>
    public string Title { get; set; } = "";
    /// <summary>Problem type URI.</summary>
    public string Type { get; set; } = "";
    /// <summary>HTTP status.</summary>
    public int Status { get; set; }
    /// <summary>Detail.</summary>
    public string? Detail { get; set; }
    /// <summary>Trace id.</summary>
    public string TraceId { get; set; } = "";
    /// <summary>Field errors; empty when none.</summary>
    public Dictionary<string, string[]> Errors { get; set; } = new();
}

/// <summary>Error of <c>/webhooks</c> (schema ErrorResponse).</summary>
public sealed class WebhooksErrorBody
{
    /// <summary>Field errors.</summary>
    public Dictionary<string, string[]>? Errors { get; set; }
    /// <summary>Problem type URI.</summary>
    public string? Type { get; set; }
    /// <summary>Title.</summary>
    public string? Title { get; set; }
    /// <summary>HTTP status.</summary>
    public int? Status { get; set; }
    /// <summary>Trace id.</summary>
    public string? TraceId { get; set; }
    /// <summary>Detail.</summary>
    public string? Detail { get; set; }
}
