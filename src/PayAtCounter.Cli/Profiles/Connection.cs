using PayAtCounter.Cli.Hosting;

namespace PayAtCounter.Cli.Profiles;

/// <summary>The server and key a command talks to, and where they came from.</summary>
/// <param name="Url">The API's base address.</param>
/// <param name="Key">The API key; never printed.</param>
/// <param name="SoftwareHouseId">Sent as <c>software-house-id</c>.</param>
/// <param name="ResellerId">Sent as <c>reseller-id</c>.</param>
public sealed record Connection(Uri Url, string Key, string SoftwareHouseId, string? ResellerId)
{
    /// <summary>Dojo's sandbox value of <c>software-house-id</c>.</summary>
    public const string SandboxSoftwareHouseId = "softwareHouse1";

    /// <summary>Dojo's sandbox value of <c>reseller-id</c>.</summary>
    public const string SandboxResellerId = "reseller1";

    /// <summary>Where a server runs when nothing says otherwise: <c>pac serve</c>'s default.</summary>
    public const string DefaultUrl = "http://localhost:5080";

    /// <summary>
    /// The connection for <paramref name="profileName"/> (<c>--profile</c>, else <c>PAC_PROFILE</c>, else
    /// <c>default</c>). <c>PAC_URL</c> and <c>PAC_KEY</c> override the profile's values. With no profile at all, the URL
    /// and key of a <c>pac serve</c> running in the current folder are used (from its <c>.payatcounter</c> folder), so a
    /// sandbox started here needs no login.
    /// </summary>
    public static Connection Resolve(string? profileName, PacEnvironment environment)
    {
        var name = profileName ?? Nonempty(environment.Variable("PAC_PROFILE"));
        var profiles = new ProfileStore(environment.ConfigDirectory).Load().Profiles;
        Profile? profile = null;
        if (name is not null && !profiles.TryGetValue(name, out profile))
        {
            throw new PacException($"there is no profile '{name}'; save one with `pac login --profile {name} --url URL --key KEY`"
                + (profiles.Count > 0 ? $" (profiles: {string.Join(", ", profiles.Keys)})" : ""));
        }
        profile ??= profiles.GetValueOrDefault("default");
        var served = Path.Combine(environment.CurrentDirectory, ServeDataDirectory);
        var url = Nonempty(environment.Variable("PAC_URL")) ?? profile?.Url ?? ReadFile(served, ServerUrlFileName) ?? DefaultUrl;
        var key = Nonempty(environment.Variable("PAC_KEY")) ?? profile?.Key ?? ReadFile(served, PayAtCounter.Server.Sandbox.SandboxBootstrap.KeyFileName)
            ?? throw new PacException("no API key: run `pac login --url URL --key KEY`, set PAC_KEY, or run `pac serve` in this folder first");
        return new Connection(ParseUrl(url), key, profile?.SoftwareHouseId ?? SandboxSoftwareHouseId, profile?.ResellerId ?? SandboxResellerId);
    }

    /// <summary>An absolute http(s) address, ending in '/' so API paths are appended to it.</summary>
    public static Uri ParseUrl(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new PacException($"'{text}' is not an http:// or https:// address");
        }
        return url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");
    }

    /// <summary><c>pac serve</c>'s default data folder, relative to where it runs.</summary>
    public const string ServeDataDirectory = ".payatcounter";

    /// <summary>The file in the data folder where a running <c>pac serve</c> says where it listens.</summary>
    public const string ServerUrlFileName = "server-url";

    private static string? ReadFile(string directory, string name)
    {
        var path = Path.Combine(directory, name);
        return File.Exists(path) ? Nonempty(File.ReadAllText(path).Trim()) : null;
    }

    private static string? Nonempty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
