using PayAtCounter.Engine.Ids;
using PayAtCounter.Engine.Terminals;

namespace PayAtCounter.Server.Sandbox;

/// <summary>A virtual terminal every new account gets (<c>Sandbox:Terminals</c> replaces the list).</summary>
public sealed class TerminalDefinition
{
    /// <summary>TID; the suffix picks the scripted behaviour.</summary>
    public string Tid { get; set; } = "";
    /// <summary>Name for people.</summary>
    public string Name { get; set; } = "";
    /// <summary>Starts offline.</summary>
    public bool Offline { get; set; }
    /// <summary>Scripted or Interactive.</summary>
    public TerminalMode Mode { get; set; }
}

/// <summary>The terminals of a new account: one of each sandbox behaviour (contract §7.4), an offline one, an interactive one.</summary>
public static class DefaultTerminals
{
    /// <summary>The built-in set.</summary>
    public static readonly IReadOnlyList<TerminalDefinition> Standard =
    [
        new() { Tid = "VCMPYC8APP1", Name = "Counter 1 (approves)" },
        new() { Tid = "VCMPYC8SIP0", Name = "Signature (SIP0)" },
        new() { Tid = "VCMPYC8DIP0", Name = "Declines (DIP0)" },
        new() { Tid = "VCMPYC8TIP0", Name = "Times out (TIP0)" },
        new() { Tid = "VCMPYC8SIS0", Name = "Refund signature (SIS0)" },
        new() { Tid = "VCMPYC8OFF1", Name = "Offline", Offline = true },
        new() { Tid = "VCMPYC8PDQ1", Name = "Interactive PDQ", Mode = TerminalMode.Interactive },
    ];

    /// <summary>Terminals for a new account.</summary>
    public static IReadOnlyList<TerminalState> For(string accountId, bool sandbox, IReadOnlyList<TerminalDefinition>? configured, IdGenerator ids, DateTimeOffset now)
        => (configured is { Count: > 0 } ? configured : Standard)
            .Select(d => new TerminalState
            {
                Id = ids.TerminalId(sandbox),
                AccountId = accountId,
                Tid = d.Tid,
                Name = d.Name.Length > 0 ? d.Name : d.Tid,
                Offline = d.Offline,
                Mode = d.Mode,
                UpdatedAt = now,
            })
            .ToList();
}
