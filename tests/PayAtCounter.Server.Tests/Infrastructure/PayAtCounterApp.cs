using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PayAtCounter.Engine.Clock;
using PayAtCounter.Server.Hosting;

namespace PayAtCounter.Server.Tests.Infrastructure;

/// <summary>
/// The server in-process on its own data folder (and database: <see cref="TestStorage"/>), with known keys and a frozen sandbox clock that tests
/// move with <c>POST /sandbox/clock/advance</c>. Each test makes its own, so no test sees another's data.
/// </summary>
public sealed class PayAtCounterApp : WebApplicationFactory<Program>
{
    /// <summary>Key of the default sandbox account.</summary>
    public const string SandboxKey = "sk_sandbox_test_primary_0123456789";
    /// <summary>Key of a second sandbox account.</summary>
    public const string OtherKey = "sk_sandbox_test_other_0123456789";
    /// <summary>Key of a production-style account.</summary>
    public const string ProductionKey = "sk_prod_test_0123456789";

    private readonly Dictionary<string, string?> _settings;

    /// <summary>Creates an app on a new data folder, or on <paramref name="dataDirectory"/> to test a restart.</summary>
    public PayAtCounterApp(string? dataDirectory = null, IDictionary<string, string?>? settings = null)
    {
        DataDirectory = dataDirectory ?? Path.Combine(Path.GetTempPath(), "pac-tests", Guid.NewGuid().ToString("N"));
        OwnsDataDirectory = dataDirectory is null;
        _settings = new Dictionary<string, string?>(TestStorage.Settings(DataDirectory))
        {
            ["Sandbox:ApiKey"] = SandboxKey,
            ["Sandbox:ClockSpeed"] = "0",
            ["Sandbox:DueWorkInterval"] = "01:00:00",
            // Test hosts stop at once; the drain before a stop has its own test.
            ["Shutdown:DrainTime"] = "00:00:00",
            ["Accounts:0:Name"] = "Other",
            ["Accounts:0:ApiKey"] = OtherKey,
            ["Accounts:1:Name"] = "Production",
            ["Accounts:1:ApiKey"] = ProductionKey,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    /// <summary>The folder holding the database.</summary>
    public string DataDirectory { get; }

    /// <summary>False when the folder belongs to the test (restart tests), which then deletes it.</summary>
    public bool OwnsDataDirectory { get; set; }

    /// <summary>More host set-up, applied after the settings (a test's own logger, say).</summary>
    public Action<IWebHostBuilder>? Configure { get; init; }

    /// <summary>The sandbox clock.</summary>
    public SandboxClock Clock => Services.GetRequiredService<SandboxClock>();

    /// <summary>A client that sends Dojo's headers and validates every response against the official schema.</summary>
    public HttpClient CreateDojoClient(string? apiKey = SandboxKey, string? version = "2025-09-10")
    {
        var client = CreateDefaultClient(new SchemaValidatingHandler());
        if (apiKey is not null)
        {
            // The raw key after "Basic ", as Dojo expects (rule 2).
            client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Basic " + apiKey);
        }
        if (version is not null)
        {
            client.DefaultRequestHeaders.Add("version", version);
        }
        // Sandbox partner ids, as the guides send them (rule 4).
        client.DefaultRequestHeaders.Add("software-house-id", "softwareHouse1");
        client.DefaultRequestHeaders.Add("reseller-id", "reseller1");
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        // Webhooks go over a network that reaches loopback only, whatever a test subscribes.
        builder.ConfigureServices(services => services
            .AddSingleton<PayAtCounter.Server.Webhooks.IWebhookAddressResolver>(Network)
            .AddSingleton<PayAtCounter.Server.Webhooks.IWebhookConnector>(Network));
        Configure?.Invoke(builder);
    }

    /// <summary>The network webhooks are delivered over: names without DNS, connections to loopback only, each recorded.</summary>
    public LoopbackOnlyNetwork Network { get; } = new();

    /// <summary>
    /// The server listens before its data is ready (requests wait for it); tests that read the data folder
    /// or use services directly need it ready, so the factory hands out the host only then.
    /// </summary>
    protected override IHost CreateHost(IHostBuilder builder)
    {
        var host = base.CreateHost(builder);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        if (!host.Services.GetRequiredService<DataReadiness>().WhenReadyAsync(timeout.Token).GetAwaiter().GetResult())
        {
            throw new TimeoutException("The server's data was not ready within a minute.");
        }
        return host;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && OwnsDataDirectory)
        {
            TestStorage.Delete(DataDirectory);
        }
    }
}
