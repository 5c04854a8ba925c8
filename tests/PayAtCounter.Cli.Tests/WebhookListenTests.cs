using PayAtCounter.Client;
using PayAtCounter.Cli.Hosting;
using PayAtCounter.Tests.Shared;

namespace PayAtCounter.Cli.Tests;

/// <summary><c>pac webhooks listen</c>: checks, prints and forwards deliveries, and unsubscribes on Ctrl-C.</summary>
public sealed class WebhookListenTests : IAsyncLifetime
{
    private readonly PacHarness _pac = new();

    public Task InitializeAsync() => _pac.InitializeAsync();
    public Task DisposeAsync() => _pac.DisposeAsync();

    [Fact]
    public async Task Events_are_verified_printed_forwarded_signed_with_the_printed_secret_and_the_subscription_removed_on_exit()
    {
        await using var till = LoopbackReceiver.Start("hook", status: 204);

        using var interrupt = new CancellationTokenSource();
        var listening = _pac.RunAsync(new RunOptions(Cancellation: interrupt.Token), "webhooks", "listen", "--events", "payment_intent.status_updated", "--forward-to", till.Url);
        var subscription = await Poll.UntilAsync(async () => (await _pac.Client.Webhooks.ListAsync()).SingleOrDefault(), "pac never subscribed.");
        await _pac.RunAsync("sale", "-t", "APP1", "-a", "4.20");

        var (body, signature) = await till.NextAsync(TimeSpan.FromSeconds(30));
        await Task.Delay(200); // the line about the forward is printed once the receiver answered
        interrupt.Cancel();
        var result = await listening;

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        var secret = result.Output.Split(' ', '\n').Single(w => w.StartsWith("whsec_pac_", StringComparison.Ordinal)).Trim();
        var payload = DojoWebhooks.ParseAndVerify(body, signature, secret);
        Assert.Equal("payment_intent.status_updated", payload.Event);
        Assert.Contains($"{payload.Event}  {payload.Id}", result.Output);
        Assert.Contains("signature ok", result.Output);
        Assert.Contains("-> 204", result.Output);
        Assert.Contains($"Removed subscription {subscription.Id}", result.Error);
        Assert.Empty(await _pac.Client.Webhooks.ListAsync());
    }
}
