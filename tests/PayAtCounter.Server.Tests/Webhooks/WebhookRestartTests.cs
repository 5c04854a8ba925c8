using System.Net;
using PayAtCounter.Server.Tests.Infrastructure;

namespace PayAtCounter.Server.Tests.Webhooks;

/// <summary>The outbox is written with the state change, so no event is lost to a restart or a kill.</summary>
public sealed class WebhookRestartTests : IDisposable
{
    private readonly TempDataDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task An_undelivered_event_is_delivered_after_a_restart_with_the_same_id()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Responses.Enqueue(503);
        string eventId;
        using (var first = new PayAtCounterApp(_data.Path))
        {
            var client = first.CreateDojoClient();
            await (await client.PostJsonAsync("/webhooks", $$"""{"events":["payment_intent.created"],"url":"{{receiver.Url}}"}""")).ReadJsonAsync(HttpStatusCode.OK);
            await client.CreateIntentAsync();
            eventId = (string)(await receiver.WaitForAsync(1))[0].Json["id"]!;
        }

        using var second = new PayAtCounterApp(_data.Path);
        await second.CreateDojoClient().AdvanceClockAsync(TimeSpan.FromMinutes(1));
        var received = await receiver.WaitForAsync(2);

        Assert.Equal(eventId, (string)received[1].Json["id"]!);
    }

    [Fact]
    public async Task Killing_the_server_between_the_change_and_its_delivery_loses_no_event()
    {
        // The receiver's port refuses connections until after the kill: the event is waiting in the outbox, or as a
        // delivery due for a retry, when the server dies.
        using var port = WebhookReceiver.Reserve();
        var url = port.Url;
        await using var server = new ServerProcess(_data.Path);
        await server.StartAsync();
        await (await server.Client.PostJsonAsync("/webhooks", $$"""{"events":["payment_intent.created","payment_intent.status_updated"],"url":"{{url}}"}""")).ReadJsonAsync(HttpStatusCode.OK);
        var intentId = await server.Client.CapturedIntentAsync();
        await server.KillAsync();

        await using var receiver = await WebhookReceiver.StartAsync(port);
        await server.StartAsync();
        await server.Client.AdvanceClockAsync(TimeSpan.FromMinutes(1));
        var received = await receiver.WaitForAsync(2);

        Assert.All(received, r => Assert.Equal(intentId, (string)r.Json["data"]!["paymentIntentId"]!));
        Assert.Equal(["payment_intent.created", "payment_intent.status_updated"], received.Select(r => (string)r.Json["event"]!).Order());
    }
}
