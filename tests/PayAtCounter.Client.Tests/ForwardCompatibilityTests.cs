using System.Net;
using System.Text;
using System.Text.Json;
using PayAtCounter.Client;
using PayAtCounter.Contracts;

namespace PayAtCounter.Client.Tests;

/// <summary>
/// The SDK reads what api.dojo.tech may add after it was built (new statuses, new types, new fields) without
/// failing, and keeps the new values' text; the server meanwhile stays strict about what it accepts.
/// </summary>
public sealed class ForwardCompatibilityTests
{
    [Fact]
    public async Task A_session_with_a_new_status_and_notification_type_and_new_fields_is_read_and_keeps_the_new_text()
    {
        var client = ClientAnswering("""
            {"id":"ts_1","terminalId":"tm_1","status":"AwaitingBiometrics","createdAt":"2026-12-06T10:00:00Z","updatedAt":"2026-12-06T10:00:01Z",
             "expireAt":"2026-12-06T10:05:00Z","loyaltyPoints":{"earned":12},
             "statusEvents":[{"status":"InitiateRequested","createdAt":"2026-12-06T10:00:00Z"},{"status":"AwaitingBiometrics","createdAt":"2026-12-06T10:00:01Z"}],
             "notificationEvents":[{"notificationType":"LookAtCamera","createdAt":"2026-12-06T10:00:01Z"}],
             "details":{"sessionType":"SplitSale","sale":{"paymentIntentId":"pi_1"}}}
            """);

        var session = await client.TerminalSessions.GetAsync("ts_1");

        Assert.False(DojoEnum.IsKnown(session.Status));
        Assert.Equal("AwaitingBiometrics", DojoEnum.ToWireString(session.Status));
        Assert.Equal(session.Status, session.StatusEvents[1].Status);
        Assert.True(DojoEnum.IsKnown(session.StatusEvents[0].Status));
        Assert.Equal(TerminalSessionStatus.InitiateRequested, session.StatusEvents[0].Status);
        Assert.Equal("SplitSale", DojoEnum.ToWireString(session.Details!.SessionType!.Value));
        Assert.Equal("LookAtCamera", session.NotificationEvents[0].NotificationType);
        Assert.False(TerminalSessionsClient.IsFinal(session.Status));
        // Written back (a log, a CLI's --json) as it came.
        Assert.Contains("\"status\":\"AwaitingBiometrics\"", JsonSerializer.Serialize(session, DojoClient.JsonOptions));
    }

    [Fact]
    public async Task An_intent_with_a_new_status_and_payment_event_type_is_read()
    {
        var client = ClientAnswering("""
            {"id":"pi_1","status":"PartiallyCaptured","captureMode":"Deferred","amount":{"value":100,"currencyCode":"GBP"},
             "paymentEvents":[{"eventType":"ThreeDsChallenged"}],"createdAt":"2026-12-06T10:00:00Z","updatedAt":"2026-12-06T10:00:00Z"}
            """);

        var intent = await client.PaymentIntents.GetAsync("pi_1");

        Assert.Equal("PartiallyCaptured", DojoEnum.ToWireString(intent.Status));
        Assert.Equal("Deferred", DojoEnum.ToWireString(intent.CaptureMode!.Value));
        Assert.Equal("ThreeDsChallenged", DojoEnum.ToWireString(intent.PaymentEvents![0].EventType));
        Assert.NotEqual(PaymentIntentStatus.Refunded, intent.Status);
    }

    [Fact]
    public void Every_wire_enum_reads_a_value_it_does_not_know()
    {
        var enums = typeof(PaymentIntent).Assembly.GetTypes().Where(t => t.IsEnum && t.IsPublic).ToList();

        Assert.True(enums.Count >= 13, $"only {enums.Count} enums found");
        foreach (var type in enums)
        {
            var value = JsonSerializer.Deserialize("\"SomethingDojoAddsIn2027\"", type, DojoClient.JsonOptions)!;
            Assert.False(Enum.IsDefined(type, value), $"{type.Name} read an unknown value as a known one");
            Assert.Equal("\"SomethingDojoAddsIn2027\"", JsonSerializer.Serialize(value, type, DojoClient.JsonOptions));
        }
    }

    [Fact]
    public void Known_values_still_read_case_insensitively_and_two_new_texts_stay_distinct()
    {
        var known = JsonSerializer.Deserialize<TerminalSessionStatus>("\"captured\"", DojoClient.JsonOptions);
        var first = JsonSerializer.Deserialize<TerminalSessionStatus>("\"NewA\"", DojoClient.JsonOptions);
        var second = JsonSerializer.Deserialize<TerminalSessionStatus>("\"NewB\"", DojoClient.JsonOptions);
        var again = JsonSerializer.Deserialize<TerminalSessionStatus>("\"NewA\"", DojoClient.JsonOptions);

        Assert.Equal(TerminalSessionStatus.Captured, known);
        Assert.NotEqual(first, second);
        Assert.Equal(first, again);
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<TerminalSessionStatus>("3", DojoClient.JsonOptions));
    }

    [Fact]
    public void The_servers_wire_json_stays_strict()
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<TerminalSessionStatus>("\"AwaitingBiometrics\"", DojoJson.Options));
    }

    private static DojoClient ClientAnswering(string json)
        => new(new HttpClient(new Answer(json)), new DojoClientOptions { BaseUri = new Uri("https://api.example/"), ApiKey = "sk_sandbox_x" });

    private sealed class Answer(string json) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") });
    }
}
