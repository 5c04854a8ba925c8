namespace PayAtCounter.Server.Sandbox;

/// <summary>The sandbox (<c>Sandbox</c> section).</summary>
public sealed class SandboxOptions
{
    /// <summary>Key of the default sandbox account; generated on first start when not set.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Sandbox seconds per real second: 1 is real time, 20 makes an 80 s timeout take 4 s, 0 freezes the clock.</summary>
    public double ClockSpeed { get; set; } = 1;

    /// <summary>Seed for ids and simulated card data; the same seed, inputs and clock give the same ids.</summary>
    public int? Seed { get; set; }

    /// <summary>The merchant name shown in <c>config.tradingName</c>.</summary>
    public string TradingName { get; set; } = "PayAtCounter Sandbox";

    /// <summary>A fixture file (docs/scenarios.md) applied to the sandbox account when it is created; none when empty.</summary>
    public string? Fixture { get; set; }

    /// <summary>Terminals each new account gets; the built-in set of <see cref="DefaultTerminals"/> when empty.</summary>
    public List<TerminalDefinition> Terminals { get; set; } = [];

    /// <summary>How often (real time) the scheduler looks for due work.</summary>
    public TimeSpan DueWorkInterval { get; set; } = TimeSpan.FromMilliseconds(200);
}
