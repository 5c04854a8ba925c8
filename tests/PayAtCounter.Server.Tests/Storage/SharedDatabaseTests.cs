using System.Net;
using System.Text.Json.Nodes;
using PayAtCounter.Server.Tests.Infrastructure;

namespace PayAtCounter.Server.Tests.Storage;

/// <summary>Several server instances on one PostgreSQL database act as one server.</summary>
[Trait("Category", "Postgres")]
public sealed class SharedDatabaseTests : IDisposable
{
    // Both instances get the same data folder, so TestStorage gives them the same database.
    private readonly TempDataDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [PostgresFact]
    public async Task Two_instances_starting_together_on_a_new_database_share_one_account_and_its_data()
    {
        using var a = new PayAtCounterApp(_data.Path);
        using var b = new PayAtCounterApp(_data.Path);

        // Both create the schema, the clock row and the sandbox account at the same moment.
        await Task.WhenAll(Task.Run(() => a.Services), Task.Run(() => b.Services));
        var id = (string)(await a.CreateDojoClient().CreateIntentAsync())["id"]!;
        var terminalsA = await a.CreateDojoClient().GetStringAsync("/terminals");
        var terminalsB = await b.CreateDojoClient().GetStringAsync("/terminals");

        Assert.Equal(id, (string)(await b.CreateDojoClient().GetIntentAsync(id))["id"]!);
        Assert.Equal(terminalsA, terminalsB);
        Assert.NotEmpty(JsonNode.Parse(terminalsA)!.AsArray());
    }

    [PostgresFact]
    public async Task Concurrent_refunds_through_two_instances_never_refund_more_than_was_captured()
    {
        using var a = new PayAtCounterApp(_data.Path);
        using var b = new PayAtCounterApp(_data.Path);
        var id = await a.CreateDojoClient().CapturedIntentAsync(1000);
        var clients = new[] { a.CreateDojoClient(), b.CreateDojoClient() };

        // Ten refunds of 300 against 1,000 captured, half through each instance, all at once.
        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => clients[i % 2].PostJsonAsync($"/payment-intents/{id}/refunds", """{"amount":300}""")));
        var refunded = (long)(await b.CreateDojoClient().GetIntentAsync(id))["refundedAmount"]!;
        var succeeded = responses.Count(r => r.StatusCode == HttpStatusCode.OK);

        // Each refund either happened and counts, or was refused (too much, or a conflict to retry): never lost, never doubled.
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.BadRequest, HttpStatusCode.Conflict }));
        Assert.InRange(succeeded, 1, 3);
        Assert.Equal(succeeded * 300, refunded);
    }

    [PostgresFact]
    public async Task Events_raised_on_two_instances_are_each_delivered_once()
    {
        using var a = new PayAtCounterApp(_data.Path);
        using var b = new PayAtCounterApp(_data.Path);
        await using var receiver = await WebhookReceiver.StartAsync();
        await (await a.CreateDojoClient().PostJsonAsync("/webhooks", $$"""{"events":["payment_intent.created"],"url":"{{receiver.Url}}"}""")).ReadJsonAsync(HttpStatusCode.OK);
        var clients = new[] { a.CreateDojoClient(), b.CreateDojoClient() };

        // Both dispatchers wake for new events at once and each sees the other's: only one may send each.
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => clients[i % 2].CreateIntentAsync()));
        await receiver.WaitForAsync(40);
        // A real-time wait is the point: a second send of an event leaves no trace anywhere until it arrives.
        await Task.Delay(TimeSpan.FromSeconds(1));

        var eventIds = receiver.Received.Select(r => (string)r.Json["id"]!).ToList();
        Assert.Equal(40, eventIds.Count);
        Assert.Equal(40, eventIds.Distinct().Count());
    }

    [PostgresFact]
    public async Task A_retry_due_on_two_instances_is_sent_by_one()
    {
        // Retries far off in sandbox time, so none falls due by itself before both clocks are moved past them
        // together: on a loaded machine the 20 first attempts can take longer than the default 2 s delay, and
        // an early retry would then take a 500 meant for a first attempt.
        var distantRetries = new Dictionary<string, string?> { ["Webhooks:RetryBaseDelay"] = "00:05:00" };
        using var a = new PayAtCounterApp(_data.Path, distantRetries);
        using var b = new PayAtCounterApp(_data.Path, distantRetries);
        await using var receiver = await WebhookReceiver.StartAsync();
        await (await a.CreateDojoClient().PostJsonAsync("/webhooks", $$"""{"events":["payment_intent.created"],"url":"{{receiver.Url}}"}""")).ReadJsonAsync(HttpStatusCode.OK);
        var clients = new[] { a.CreateDojoClient(), b.CreateDojoClient() };
        for (var i = 0; i < 20; i++)
        {
            receiver.Responses.Enqueue(500);
        }
        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => clients[i % 2].CreateIntentAsync()));
        await receiver.WaitForAsync(20);

        // Both sandbox clocks pass the retry time together, so both dispatchers find the same 20 retries due.
        await Task.WhenAll(clients.Select(c => c.AdvanceClockAsync(TimeSpan.FromMinutes(10))));
        await receiver.WaitForAsync(40);
        // A real-time wait is the point: a third attempt of an event leaves no trace anywhere until it arrives.
        await Task.Delay(TimeSpan.FromSeconds(1));

        var perEvent = receiver.Received.GroupBy(r => (string)r.Json["id"]!).ToList();
        Assert.Equal(20, perEvent.Count);
        Assert.All(perEvent, attempts => Assert.Equal(2, attempts.Count()));
    }
}
