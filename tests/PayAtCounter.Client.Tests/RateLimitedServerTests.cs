using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using PayAtCounter.Contracts;
using PayAtCounter.Server.Hosting;

namespace PayAtCounter.Client.Tests;

/// <summary>
/// The SDK against the server with rate limits on: reads the server refuses with 429 are retried after the
/// Retry-After it sends, and succeed; a create without an idempotency key is not repeated (it could charge twice)
/// and surfaces the 429.
/// </summary>
public sealed class RateLimitedServerTests : IAsyncLifetime
{
    private const string Key = "sk_sandbox_rate_limited_0123456789";
    private readonly string _data = Path.Combine(Path.GetTempPath(), "pac-rate", Guid.NewGuid().ToString("N"));
    private WebApplication? _app;

    public Task InitializeAsync() => Task.CompletedTask;

    // Each test picks its window: the retry test needs a short one (the SDK waits it out), the create test a long one
    // (its three calls must fall in one window however slow the machine).
    private async Task StartAsync(TimeSpan window)
    {
        Directory.CreateDirectory(_data);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = _data, EnvironmentName = "Sandbox" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = _data,
            ["Sandbox:ApiKey"] = Key,
            ["Sandbox:ClockSpeed"] = "0",
            ["Shutdown:DrainTime"] = "00:00:00",
            ["Logging:LogLevel:Default"] = "Warning",
            ["RateLimits:Enabled"] = "true",
            ["RateLimits:Groups:payment-intents:PermitLimit"] = "2",
            ["RateLimits:Groups:payment-intents:Window"] = window.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
        });
        builder.WebHost.UseTestServer();
        builder.AddPayAtCounter();
        _app = builder.Build();
        _app.MapPayAtCounter();
        await _app.PrepareDataAsync();
        await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    [Fact]
    public async Task Reads_refused_with_429_are_retried_after_retry_after_and_succeed()
    {
        await StartAsync(TimeSpan.FromSeconds(1));
        var statuses = new List<HttpStatusCode>();
        var client = Client(statuses);
        var intent = await client.PaymentIntents.CreateAsync(new CreatePaymentIntentRequest { Amount = new Money(1000, "GBP"), Reference = "rate limited" });

        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(intent.Id, (await client.PaymentIntents.GetAsync(intent.Id!)).Id);
        }

        // Seven calls at two a second: the server refused some, and the SDK waited and asked again.
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.Equal(7, statuses.Count(s => s == HttpStatusCode.OK));
    }

    [Fact]
    public async Task A_create_without_an_idempotency_key_is_not_repeated_after_a_429()
    {
        await StartAsync(TimeSpan.FromMinutes(5));
        var statuses = new List<HttpStatusCode>();
        var client = Client(statuses);
        var request = new CreatePaymentIntentRequest { Amount = new Money(1000, "GBP"), Reference = "not twice" };
        await client.PaymentIntents.CreateAsync(request);
        await client.PaymentIntents.CreateAsync(request);

        var refused = await Assert.ThrowsAsync<DojoApiException>(() => client.PaymentIntents.CreateAsync(request));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(3, statuses.Count);
    }

    private DojoClient Client(List<HttpStatusCode> statuses)
    {
        var http = new HttpClient(new Recorder(statuses) { InnerHandler = _app!.GetTestServer().CreateHandler() }) { BaseAddress = new Uri("http://localhost/") };
        return new DojoClient(http, new DojoClientOptions { BaseUri = http.BaseAddress, ApiKey = Key, SoftwareHouseId = "softwareHouse1", ResellerId = "reseller1" });
    }

    private sealed class Recorder(List<HttpStatusCode> statuses) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            lock (statuses)
            {
                statuses.Add(response.StatusCode);
            }
            return response;
        }
    }
}
