namespace PayAtCounter.Till;

/// <summary>
/// The till's connection to Dojo, from the <c>Till</c> section of its settings (appsettings.json, an environment
/// variable such as <c>Till__ApiKey</c>, or the command line): never in code, so each shop, installer or test
/// gives its own (checklist CFG-01).
/// </summary>
public sealed class TillOptions
{
    /// <summary>The API key, <c>sk_sandbox_…</c> or <c>sk_prod_…</c>.</summary>
    public string ApiKey { get; set; } = "";

    /// <summary>Dojo's API, or a PayAtCounter server.</summary>
    public Uri BaseUrl { get; set; } = new("https://api.dojo.tech/");

    /// <summary>The software house id Dojo gave the till's maker.</summary>
    public string SoftwareHouseId { get; set; } = "";

    /// <summary>The reseller id Dojo gave the installer.</summary>
    public string ResellerId { get; set; } = "";

    /// <summary>A terminal id or TID to use when none is chosen on screen.</summary>
    public string? Terminal { get; set; }

    /// <summary>The secret of the till's webhook subscription, to check each event's signature.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>Where the journal is kept (one JSON line per entry); none keeps it in memory only.</summary>
    public string? JournalPath { get; set; }

    /// <summary>The till's own version, told to the readiness inspector and the journal (CFG-05).</summary>
    public string PosVersion { get; set; } = "1.0.0";
}
