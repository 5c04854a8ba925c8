using System.Net;
using PayAtCounter.Server.Tests.Infrastructure;
using PayAtCounter.Tests.Shared;

namespace PayAtCounter.Server.Tests.Storage;

/// <summary>
/// Two instances on one PostgreSQL database under mixed load; one is killed with SIGKILL mid-way. The other finishes
/// every session and every delivery: each session ends as its terminal dictates with each status once, each refund is
/// counted once, and every event arrives. An event the killed instance was sending at the moment it died may arrive a
/// second time (it cannot know whether that send landed); such a copy carries the same id and body, and there can be
/// no more of them than deliveries in flight at once.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class InstanceCrashTests : IDisposable
{
    private readonly TempDataDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [PostgresFact]
    public async Task When_one_of_two_instances_is_killed_the_other_finishes_every_session_and_delivery_once()
    {
        var random = new Random(20261207);
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var killed = new ServerProcess(_data.Path);
        await using var survivor = new ServerProcess(_data.Path);
        await killed.StartAsync();
        await survivor.StartAsync();
        await (await killed.Client.PostJsonAsync("/webhooks", $$"""{"events":["payment_intent.created","payment_intent.status_updated"],"url":"{{receiver.Url}}"}""")).ReadJsonAsync(HttpStatusCode.OK);
        var terminals = new Dictionary<string, string>();
        foreach (var suffix in CrashLoad.FinalBySuffix.Keys)
        {
            terminals[suffix] = await survivor.Client.TerminalIdAsync(suffix);
        }
        var load = new CrashLoad();

        using (var stop = new CancellationTokenSource())
        {
            var running = load.RunAsync([killed.Client, survivor.Client], terminals, random, stop.Token);
            await Task.Delay(TimeSpan.FromSeconds(2));
            await killed.KillAsync();
            await Task.Delay(TimeSpan.FromSeconds(1));
            await stop.CancelAsync();
            await running;
        }

        var client = survivor.Client;
        var sessions = await load.FinishAsync(client);
        CrashLoopTests.AssertSessionsEndedAsTheirTerminalsDictate(sessions);
        foreach (var (_, intent) in load.Refunds)
        {
            Assert.Equal(500, (long)(await client.GetIntentAsync(intent))["refundedAmount"]!);
        }
        var events = await CrashLoopTests.AllEventsArriveOnceEachAsync(client, receiver, load.Intents.ToHashSet(), sessions);
        var repeated = receiver.Received.Count - events;

        Assert.True(repeated <= 16, $"{repeated} events arrived twice; at most the 16 deliveries in flight when the instance died may");
        Assert.True(sessions.Count > 0 && load.Refunds.Count > 0, $"too little load: {sessions.Count} sessions, {load.Refunds.Count} refunds");
        ReliabilityFigures.Record("instance-crash", "ci", new Dictionary<string, object>
        {
            ["intents"] = load.Intents.Count,
            ["sessions"] = sessions.Count,
            ["refunds"] = load.Refunds.Count,
            ["eventsDelivered"] = events,
            ["eventsRepeated"] = repeated,
            ["failures"] = 0,
        });
    }
}
