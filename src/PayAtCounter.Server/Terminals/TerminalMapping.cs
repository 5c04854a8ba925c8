using PayAtCounter.Contracts;
using PayAtCounter.Engine.Terminals;

namespace PayAtCounter.Server.Terminals;

/// <summary>Maps virtual terminals to Dojo's <c>Terminal</c>.</summary>
public static class TerminalMapping
{
    /// <summary>The wire model.</summary>
    public static Terminal ToWire(TerminalState terminal) => new()
    {
        Id = terminal.Id,
        Properties = new TerminalProperties { Tid = terminal.Tid },
        Status = terminal.Status,
        UpdatedAt = terminal.UpdatedAt,
    };
}
