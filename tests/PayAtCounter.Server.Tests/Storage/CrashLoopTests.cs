using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using PayAtCounter.Server.Tests.Infrastructure;
using PayAtCounter.Tests.Shared;

namespace PayAtCounter.Server.Tests.Storage;

/// <summary>
/// The server killed with SIGKILL at random moments under mixed load, and started again each time, at least 20 times
/// (<c>CRASH_KILLS</c> for a longer run, <c>CRASH_SEED</c> to choose the moments). Afterwards: every answered write is
/// there, every session ended as its terminal dictates with each status once, and every intent's events reached the
/// receiver, each under one id with one body however often it was sent.
/// </summary>
public sealed class CrashLoopTests : IDisposable
{
    private static readonly string[] Suffixes = ["APP1", "DIP0", "TIP0", "SIP0"];
    private readonly TempDataDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Killed_at_random_under_load_and_restarted_the_server_loses_no_answered_write_or_event()
    {
        var kills = Setting("CRASH_KILLS", 20);
        var seed = Setting("CRASH_SEED", 20261207);
        var random = new Random(seed);
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var server = new ServerProcess(_data.Path);
        await server.StartAsync();
        await (await server.Client.PostJsonAsync("/webhooks", $$"""{"events":["payment_intent.created","payment_intent.status_updated"],"url":"{{receiver.Url}}"}""")).ReadJsonAsync(HttpStatusCode.OK);
        var terminals = new Dictionary<string, string>();
        foreach (var suffix in Suffixes)
        {
            terminals[suffix] = await server.Client.TerminalIdAsync(suffix);
        }
        var load = new CrashLoad();

        for (var kill = 0; kill < kills; kill++)
        {
            using var stop = new CancellationTokenSource();
            var running = load.RunAsync([server.Client], terminals, random, stop.Token);
            await Task.Delay(random.Next(500, 2500));
            await server.KillAsync();
            await stop.CancelAsync();
            await running;
            await server.StartAsync();
        }

        var client = server.Client;
        var sessions = await load.FinishAsync(client);
        foreach (var intent in load.Intents)
        {
            await client.GetIntentAsync(intent);
        }
        foreach (var (refund, intent) in load.Refunds)
        {
            var stored = await (await client.GetAsync($"/payment-intents/refunds/{refund}")).ReadJsonAsync(HttpStatusCode.OK);
            Assert.Equal(intent, (string)stored["paymentIntentId"]!);
        }
        AssertSessionsEndedAsTheirTerminalsDictate(sessions);
        var events = await AllEventsArriveOnceEachAsync(client, receiver, load.Intents.ToHashSet(), sessions);

        Assert.True(load.Sessions.Count >= kills && load.Refunds.Count > 0, $"too little load: {load.Answered} answers, {load.Intents.Count} intents, {load.Sessions.Count} sessions, {load.Refunds.Count} refunds; {load.Errors}");
        ReliabilityFigures.Record("crash-loop", kills switch { 20 => "ci", >= 100 => "long", _ => kills.ToString(CultureInfo.InvariantCulture) }, new Dictionary<string, object>
        {
            ["kills"] = kills,
            ["seed"] = seed,
            ["answeredSteps"] = load.Answered,
            ["intents"] = load.Intents.Count,
            ["sessions"] = load.Sessions.Count,
            ["refunds"] = load.Refunds.Count,
            ["eventsDelivered"] = events,
            ["failures"] = 0,
        });
    }

    /// <summary>Each session is at its terminal's final status, and no status appears twice in its history.</summary>
    internal static void AssertSessionsEndedAsTheirTerminalsDictate(List<(JsonObject Session, string Suffix)> sessions)
    {
        foreach (var (session, suffix) in sessions)
        {
            var statuses = session.Statuses();
            Assert.True(CrashLoad.FinalBySuffix[suffix] == (string)session["status"]!, $"{session["id"]} on {suffix}: {string.Join(" > ", statuses)}");
            Assert.True(statuses.Length == statuses.Distinct().Count(), $"{session["id"]} repeats a status: {string.Join(" > ", statuses)}");
        }
    }

    /// <summary>
    /// Waits (moving the clock for retries) until every answered intent's created event, and every captured sale's
    /// status event, has arrived; then every event id received more than once must have come with the same body each
    /// time. Returns how many events arrived.
    /// </summary>
    internal static async Task<int> AllEventsArriveOnceEachAsync(HttpClient client, WebhookReceiver receiver, HashSet<string> intents, List<(JsonObject Session, string Suffix)> sessions)
    {
        var captured = sessions.Where(s => (string)s.Session["status"]! == "Captured").Select(s => (string)s.Session["details"]!["sale"]!["paymentIntentId"]!).ToHashSet();
        List<string> Missing()
        {
            var events = receiver.Received.Select(r => r.Json).ToList();
            var created = events.Where(e => (string)e["event"]! == "payment_intent.created").Select(e => (string)e["data"]!["paymentIntentId"]!).ToHashSet();
            var paid = events.Where(e => (string)e["event"]! == "payment_intent.status_updated" && (string)e["data"]!["paymentStatus"]! == "Captured")
                .Select(e => (string)e["data"]!["paymentIntentId"]!).ToHashSet();
            return intents.Except(created).Select(i => "created " + i).Concat(captured.Except(paid).Select(i => "captured " + i)).ToList();
        }
        for (var wait = 0; wait < 120 && Missing().Count > 0; wait++)
        {
            await client.AdvanceClockAsync(TimeSpan.FromMinutes(2));
            await Task.Delay(250);
        }
        var missing = Missing();
        Assert.True(missing.Count == 0, $"{missing.Count} events never arrived ({intents.Count} intents, {captured.Count} captured sales): {string.Join(", ", missing.Take(5))}");
        foreach (var copies in receiver.Received.GroupBy(r => (string)r.Json["id"]!))
        {
            Assert.True(copies.Select(c => c.Body).Distinct().Count() == 1, $"event {copies.Key} arrived with different bodies");
        }
        return receiver.Received.Select(r => (string)r.Json["id"]!).Distinct().Count();
    }

    private static int Setting(string name, int fallback)
        => int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;
}
