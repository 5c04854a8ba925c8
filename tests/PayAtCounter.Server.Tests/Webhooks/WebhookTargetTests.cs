using System.Net;
using PayAtCounter.Server.Tests.Infrastructure;
using PayAtCounter.Server.Webhooks;

namespace PayAtCounter.Server.Tests.Webhooks;

/// <summary>
/// Webhook targets: a subscription to a private, link-local, metadata or multicast address is refused; each delivery
/// checks again where it actually connects (DNS rebinding); redirects are not followed. Deliveries here go over
/// <see cref="LoopbackOnlyNetwork"/>, which records every address asked for and connects to loopback only.
/// </summary>
public sealed class WebhookTargetTests
{
    private static readonly WebhookOptions Defaults = new();

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("::1", true)]
    [InlineData("203.0.113.7", true)]
    [InlineData("8.8.8.8", true)]
    [InlineData("2001:db8::1", true)]
    [InlineData("10.1.2.3", false)]
    [InlineData("172.16.0.1", false)]
    [InlineData("172.31.255.255", false)]
    [InlineData("192.168.1.1", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("169.254.0.1", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("224.0.0.1", false)]
    [InlineData("255.255.255.255", false)]
    [InlineData("fe80::1", false)]
    [InlineData("fc00::1", false)]
    [InlineData("fd00:ec2::254", false)]
    [InlineData("ff02::1", false)]
    [InlineData("::", false)]
    [InlineData("::ffff:10.0.0.1", false)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("172.32.0.1", true)]
    public void The_guard_allows_public_and_loopback_addresses_only(string address, bool allowed)
        => Assert.Equal(allowed, WebhookTargets.Refusal(IPAddress.Parse(address), Defaults) is null);

    [Fact]
    public void Loopback_can_be_turned_off_and_private_ranges_on_but_never_link_local()
    {
        var team = new WebhookOptions { AllowPrivateTargets = true, AllowLoopbackTargets = false };

        Assert.NotNull(WebhookTargets.Refusal(IPAddress.Loopback, team));
        Assert.Null(WebhookTargets.Refusal(IPAddress.Parse("10.1.2.3"), team));
        Assert.NotNull(WebhookTargets.Refusal(IPAddress.Parse("169.254.169.254"), team));
    }

    [Theory]
    [InlineData("https://10.0.0.5/hook")]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    [InlineData("https://[fe80::1]/hook")]
    [InlineData("https://[::ffff:192.168.0.10]/hook")]
    [InlineData("https://224.0.0.251/hook")]
    [InlineData("https://intranet.test/hook")]
    public async Task A_subscription_to_a_forbidden_address_is_refused_with_a_field_error(string url)
    {
        await using var app = new PayAtCounterApp();
        app.Network.Names["intranet.test"] = new([[IPAddress.Parse("192.168.7.7")]]);

        var response = await app.CreateDojoClient().PostJsonAsync("/webhooks", $$"""{"events":["payment_intent.status_updated"],"url":"{{url}}"}""");

        var error = await response.ReadJsonAsync(HttpStatusCode.BadRequest);
        Assert.Contains("Webhooks cannot be delivered to", error["errors"]!["Url"]![0]!.GetValue<string>());
        Assert.Empty(app.Network.Connections);
    }

    [Fact]
    public async Task Loopback_receivers_are_refused_when_a_shared_server_turns_them_off()
    {
        await using var app = new PayAtCounterApp(settings: new Dictionary<string, string?> { ["Webhooks:AllowLoopbackTargets"] = "false" });

        var response = await app.CreateDojoClient().PostJsonAsync("/webhooks", """{"events":["payment_intent.status_updated"],"url":"http://127.0.0.1:8080/hook"}""");

        var error = await response.ReadJsonAsync(HttpStatusCode.BadRequest);
        Assert.Contains("loopback address (Webhooks:AllowLoopbackTargets is off)", error["errors"]!["Url"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task A_name_that_turns_private_after_the_subscription_is_refused_at_delivery_without_connecting()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = new PayAtCounterApp();
        // Loopback when subscribed (as a public address would be), then a private address: DNS rebinding.
        app.Network.Names["rebind.test"] = new([[IPAddress.Loopback], [IPAddress.Parse("10.0.0.7")]]);
        var client = app.CreateDojoClient();
        await (await client.PostJsonAsync("/webhooks", $$"""{"events":["payment_intent.status_updated"],"url":"https://rebind.test:{{receiver.Port}}/hook"}""")).ReadJsonAsync(HttpStatusCode.OK);

        await client.PayAsync((string)(await client.CreateIntentAsync())["id"]!);
        var attempt = await FirstAttemptAsync(client);

        Assert.Contains("Refused", attempt);
        Assert.Contains("10.0.0.7 is a private address", attempt);
        Assert.DoesNotContain(app.Network.Connections, a => a.Equals(IPAddress.Parse("10.0.0.7")));
    }

    [Fact]
    public async Task With_private_targets_allowed_a_delivery_goes_to_the_private_address()
    {
        await using var app = new PayAtCounterApp(settings: new Dictionary<string, string?> { ["Webhooks:AllowPrivateTargets"] = "true" });
        var client = app.CreateDojoClient();
        await (await client.PostJsonAsync("/webhooks", """{"events":["payment_intent.status_updated"],"url":"https://10.0.0.5/hook"}""")).ReadJsonAsync(HttpStatusCode.OK);

        await client.PayAsync((string)(await client.CreateIntentAsync())["id"]!);
        await FirstAttemptAsync(client);

        // The guard let it through; the test network refused it, so nothing left the machine.
        Assert.Contains(app.Network.Connections, a => a.Equals(IPAddress.Parse("10.0.0.5")));
    }

    [Fact]
    public async Task A_redirect_from_the_receiver_is_not_followed()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Responses.Enqueue(302);
        await using var app = new PayAtCounterApp();
        var client = app.CreateDojoClient();
        await (await client.PostJsonAsync("/webhooks", $$"""{"events":["payment_intent.status_updated"],"url":"{{receiver.Url}}"}""")).ReadJsonAsync(HttpStatusCode.OK);

        await client.PayAsync((string)(await client.CreateIntentAsync())["id"]!);
        var attempt = await FirstAttemptAsync(client);

        Assert.Contains("\"statusCode\":302", attempt);
        Assert.All(app.Network.Connections, a => Assert.True(IPAddress.IsLoopback(a)));
        Assert.Single(receiver.Received);
    }

    // The first attempt of the account's only delivery, as JSON, once it was made.
    private static async Task<string> FirstAttemptAsync(HttpClient client)
    {
        for (var i = 0; i < 200; i++)
        {
            var deliveries = System.Text.Json.Nodes.JsonNode.Parse(await client.GetStringAsync("/sandbox/webhooks/deliveries"))!.AsArray();
            if (deliveries.Count > 0 && deliveries[0]!["attempts"]!.AsArray() is { Count: > 0 } attempts)
            {
                return attempts[0]!.ToJsonString();
            }
            await Task.Delay(25);
        }
        throw new TimeoutException("No delivery attempt was made.");
    }
}
