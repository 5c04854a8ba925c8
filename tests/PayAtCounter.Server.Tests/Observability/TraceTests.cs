using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using PayAtCounter.Server.Tests.Infrastructure;

namespace PayAtCounter.Server.Tests.Observability;

/// <summary>With a collector configured, the server traces requests, each webhook delivery attempt with its number, and storage commits.</summary>
public sealed class TraceTests
{
    [Fact]
    public async Task Requests_delivery_attempts_with_their_number_and_commits_are_traced()
    {
        var spans = new List<Activity>();
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Responses.Enqueue(500);
        await using var app = new PayAtCounterApp(settings: new Dictionary<string, string?>
        {
            // Tracing is on only with a collector; this one is a closed loopback port, and the spans are read in memory.
            ["Telemetry:OtlpEndpoint"] = "http://127.0.0.1:9",
        })
        {
            Configure = host => host.ConfigureServices(services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans))),
        };
        var client = app.CreateDojoClient();
        await (await client.PostJsonAsync("/webhooks", $$"""{"events":["payment_intent.status_updated"],"url":"{{receiver.Url}}"}""")).ReadJsonAsync(System.Net.HttpStatusCode.OK);
        var intentId = (string)(await client.CreateIntentAsync())["id"]!;
        await client.PayAsync(intentId);
        await receiver.WaitForAsync(1);
        await client.AdvanceClockAsync(TimeSpan.FromMinutes(2));
        await receiver.WaitForAsync(2);
        Assert.True(app.Services.GetRequiredService<TracerProvider>().ForceFlush(10_000));

        Activity[] seen;
        lock (spans)
        {
            seen = [.. spans];
        }
        Assert.Contains(seen, s => s.Kind == ActivityKind.Server && s.DisplayName.StartsWith("POST /payment-intents", StringComparison.Ordinal));
        // EF Core's commands, named after the database ("main" for SQLite's).
        Assert.Contains(seen, s => s.Kind == ActivityKind.Client && (s.GetTagItem("db.system") is not null || s.GetTagItem("db.system.name") is not null));
        // The activity source is the process's: other tests' servers trace into it too, so this server's delivery is
        // found by its id.
        var delivery = System.Text.Json.Nodes.JsonNode.Parse(await client.GetStringAsync("/sandbox/webhooks/deliveries"))!.AsArray().Single()!["id"]!.GetValue<string>();
        var attempts = seen.Where(s => s.DisplayName == "webhook deliver" && (string)s.GetTagItem("webhook.delivery_id")! == delivery).ToList();
        Assert.Equal([1, 2], attempts.Select(s => (int)s.GetTagItem("webhook.attempt")!).Order());
        // The attempt's own HTTP call is its child.
        Assert.Contains(seen, s => s.Kind == ActivityKind.Client && s.ParentSpanId == attempts[0].SpanId);
        Assert.Contains(seen, s => s.DisplayName == "storage commit" && (bool?)s.GetTagItem("db.committed") == true);
    }
}
