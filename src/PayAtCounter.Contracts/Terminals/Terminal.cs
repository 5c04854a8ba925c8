using System.Text.Json.Serialization;

namespace PayAtCounter.Contracts;

/// <summary>Availability of a terminal.</summary>
[JsonConverter(typeof(StrictEnumConverter<TerminalStatus>))]
public enum TerminalStatus
{
    /// <summary>Ready for a session.</summary>
    Available,
    /// <summary>Switched off or disconnected.</summary>
    Offline,
    /// <summary>Running a session, or busy in its menu.</summary>
    InUse,
}

/// <summary>A card terminal.</summary>
public sealed class Terminal
{
    /// <summary>Terminal id, e.g. <c>tm_sandbox_…</c>.</summary>
    public string Id { get; set; } = "";
    /// <summary>Properties.</summary>
    public TerminalProperties Properties { get; set; } = new();
    /// <summary>Status.</summary>
    public TerminalStatus Status { get; set; }
    /// <summary>Last change.</summary>
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>Terminal properties.</summary>
public sealed class TerminalProperties
{
    /// <summary>The TID printed on receipts; the sandbox picks its behaviour from the suffix.</summary>
    public string Tid { get; set; } = "";
}
