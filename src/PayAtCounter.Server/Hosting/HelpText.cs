namespace PayAtCounter.Server.Hosting;

/// <summary>What <c>--help</c> prints: how to run the server and every setting it reads.</summary>
public static class HelpText
{
    /// <summary>True when <paramref name="args"/> ask for help.</summary>
    public static bool IsRequested(string[] args) => args.Any(a => a is "--help" or "-h" or "-?" or "help");

    /// <summary>The settings, one per line: name, default, meaning. The README's configuration table lists the same.</summary>
    public static readonly (string Name, string Default, string Meaning)[] Settings =
    [
        ("Urls", "http://localhost:5080", "Where the server listens (several separated by ';'; port 0 picks a free one)."),
        ("Storage:Provider", "Sqlite", "Sqlite (embedded, nothing to install) or Postgres."),
        ("Storage:DataDirectory", ".payatcounter", "Folder of the SQLite database and the generated sandbox key; relative to the current folder."),
        ("Storage:ConnectionString", "(none)", "PostgreSQL only: Host=…;Database=…;Username=…;Password=…"),
        ("Sandbox:ApiKey", "(generated)", "Key of the default sandbox account (sk_sandbox_…); a generated one is kept in the data folder."),
        ("Sandbox:ClockSpeed", "1", "Sandbox seconds per real second; 0 freezes time (move it with POST /sandbox/clock/advance)."),
        ("Sandbox:Seed", "(none)", "Makes ids and simulated card data repeatable."),
        ("Sandbox:Fixture", "(none)", "A fixture file (docs/scenarios.md) the sandbox account starts from when it is created."),
        ("Sandbox:TradingName", "PayAtCounter Sandbox", "Returned as config.tradingName and printed on receipts."),
        ("Sandbox:DueWorkInterval", "00:00:00.200", "Longest the scheduler sleeps between looks for due work."),
        ("Sandbox:Terminals:N:Tid, :Name, :Offline, :Mode", "(seven terminals)", "The terminals each new account gets."),
        ("Webhooks:Timeout", "00:00:10", "How long a receiver has to answer."),
        ("Webhooks:RetryBaseDelay", "00:00:02", "Backoff before the first retry (doubling each time)."),
        ("Webhooks:RetryMaxDelay", "01:00:00", "Longest backoff."),
        ("Webhooks:MaxAttempts", "8", "Attempts before a delivery is Failed."),
        ("Webhooks:MaxConcurrentDeliveries", "16", "Deliveries in flight at once."),
        ("Webhooks:PollInterval", "00:00:00.200", "Longest the dispatcher sleeps between looks for due retries."),
        ("Webhooks:AcceptUntrustedLoopbackCertificates", "true", "Accept self-signed certificates from receivers on loopback addresses only."),
        ("Webhooks:AllowLoopbackTargets", "true", "Deliver to loopback addresses (a receiver on this machine)."),
        ("Webhooks:AllowPrivateTargets", "false", "Deliver to private addresses (10/8, 172.16/12, 192.168/16, …); link-local and metadata addresses never."),
        ("Readiness:Recording", "true", "Record requests to the Dojo API for the go-live readiness inspector."),
        ("Readiness:MaxRecordsPerSecond", "500", "Requests recorded a second at most; the rest are counted as dropped, never slowing the API."),
        ("Readiness:BodyLimitBytes", "16384", "Bytes of each recorded body kept."),
        ("Readiness:KeepFor, Readiness:MaxRequestsPerAccount", "7.00:00:00, 100000", "How long, and how many per account, recorded requests are kept."),
        ("Health:MaxLag", "00:00:30", "How far the scheduler and webhook dispatcher may fall behind before /readyz is unhealthy."),
        ("Health:CheckTimeout", "00:00:05", "How long one readiness check may take before it counts as failed."),
        ("Telemetry:Prometheus", "true", "Prometheus text at /metrics (no key)."),
        ("Telemetry:OtlpEndpoint", "(none)", "OTLP collector for traces and metrics (OTEL_EXPORTER_OTLP_ENDPOINT works too)."),
        ("Logging:Console:FormatterName", "simple", "json for one JSON object per log line."),
        ("Shutdown:DrainTime", "00:00:01", "After SIGTERM, how long answers go on (each closing its connection) before new connections are refused."),
        ("RateLimits:Enabled", "false", "Limit requests per API key (429 with Retry-After when over)."),
        ("RateLimits:Default:PermitLimit, :Window", "100, 00:00:01", "Requests per key in each window, for a route group with no rule of its own."),
        ("RateLimits:Groups:NAME:PermitLimit, :Window", "(none)", "A group's own rule: payment-intents, terminal-sessions, terminals, webhooks or sandbox."),
        ("Accounts:N:Name, Accounts:N:ApiKey", "(none)", "Extra accounts with their own keys (sk_sandbox_… or sk_prod_…)."),
    ];

    /// <summary>Writes the help to <paramref name="output"/>.</summary>
    public static void Write(TextWriter output)
    {
        output.WriteLine("""
            PayAtCounter: a self-hosted Dojo Pay at Counter API with virtual card terminals.

            Usage:
              PayAtCounter.Server [--Setting=value …]         run the server (Ctrl-C stops it)
              PayAtCounter.Server accounts add <name> [--production]
                                                              create an account and print its key once
              PayAtCounter.Server --help                      this text

            Settings (also from appsettings.json, or environment variables with __ for ':', e.g. Sandbox__ClockSpeed=20):
            """);
        var width = Settings.Max(s => s.Name.Length) + 2;
        foreach (var (name, @default, meaning) in Settings)
        {
            output.WriteLine($"  --{name.PadRight(width)}{meaning} Default: {@default}.");
        }
        output.WriteLine();
        output.WriteLine("Docs: README.md, docs/architecture.md, docs/behaviour.md; the API reference is at /scalar once running.");
    }
}
