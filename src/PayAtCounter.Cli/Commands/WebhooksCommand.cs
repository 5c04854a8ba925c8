using System.CommandLine;
using PayAtCounter.Cli.Hosting;
using PayAtCounter.Cli.Output;
using PayAtCounter.Cli.Webhooks;
using PayAtCounter.Contracts;
using Spectre.Console;

namespace PayAtCounter.Cli.Commands;

/// <summary><c>pac webhooks listen</c>: events as they happen, checked and forwarded to the till.</summary>
internal static class WebhooksCommand
{
    public static Command Build(PacCli cli)
    {
        var events = new Option<string[]>("--events") { Description = "Events to receive, comma-separated; default: all", AllowMultipleArgumentsPerToken = true };
        var forwardTo = new Option<string?>("--forward-to") { Description = "Forward each event to this URL, signed with the secret printed at start" };
        var port = new Option<int>("--port") { Description = "Port of the listener on 127.0.0.1; 0 picks a free one", DefaultValueFactory = _ => 0 };
        var publicUrl = new Option<string?>("--public-url") { Description = "The address the server delivers to, when it cannot reach this machine's loopback (a tunnel to --port)" };
        var listen = new Command("listen", """
            Subscribes a listener of pac's own, prints each event as it arrives with its signature check, and
            forwards it to --forward-to signed with a secret printed at start (check it as you would Dojo's).
            Ctrl-C removes the subscription. With --json, each event body is printed on one line.

            Examples:
              pac webhooks listen
              pac webhooks listen --events payment_intent.status_updated --forward-to http://localhost:3000/webhooks
            """).With(events, forwardTo, port, publicUrl).Runs(cli, async inv =>
        {
            var target = inv.Get(forwardTo) is { } forward ? HttpUrl(forward, "--forward-to") : null;
            if (inv.Get(publicUrl) is { } given)
            {
                HttpUrl(given, "--public-url");
            }
            var wanted = (inv.Get(events) ?? []).SelectMany(e => e.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
            if (wanted.Count == 0)
            {
                wanted = (await inv.Client.Webhooks.EventsAsync(inv.Cancellation)).SelectMany(m => m.Events).Distinct().ToList();
            }
            var gate = new SemaphoreSlim(1);
            await using var listener = await WebhookListener.StartAsync(inv.Get(port), target, received => ReportAsync(inv, gate, received), inv.Cancellation);
            var url = inv.Get(publicUrl) ?? listener.Address.AbsoluteUri;
            var subscription = await inv.Client.Webhooks.SubscribeAsync(new SubscriptionRequest { Url = url, Events = wanted, Description = "pac webhooks listen" }, inv.Cancellation);
            try
            {
                var secrets = subscription.Secrets.Select(s => s.Value).Where(v => v.Length > 0).ToList();
                if (secrets.Count == 0)
                {
                    secrets = (await inv.Client.Webhooks.SecretsAsync(subscription.Id, inv.Cancellation)).Secrets.Select(s => s.Value).ToList();
                }
                listener.UseSecrets(secrets);
                var console = inv.Progress;
                console.WriteLine($"Listening on {listener.Address.AbsoluteUri} for {string.Join(", ", wanted)} (subscription {subscription.Id})");
                if (target is not null)
                {
                    console.WriteLine($"Forwarding to {target.AbsoluteUri}, signed with secret {listener.ForwardSecret}");
                }
                console.WriteLine("Ctrl-C to stop.");
                await Task.Delay(Timeout.Infinite, inv.Cancellation);
            }
            catch (OperationCanceledException) when (inv.Cancellation.IsCancellationRequested)
            {
                // The normal end: Ctrl-C.
            }
            finally
            {
                using var cleanup = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                try
                {
                    await inv.Client.Webhooks.DeleteAsync(subscription.Id, cleanup.Token);
                    inv.Environment.Console.Err.WriteLine($"Removed subscription {subscription.Id}.");
                }
                catch (Exception ex) when (ex is PayAtCounter.Client.DojoApiException or HttpRequestException or OperationCanceledException)
                {
                    inv.Environment.Console.Err.WriteLine($"Could not remove subscription {subscription.Id} ({ex.Message}); delete it with the API.");
                }
            }
            return ExitCodes.Success;
        });
        return new Command("webhooks", """
            Webhook events: listen, check and forward; and in the sandbox, deliveries, replays and delivery rules.

            Examples:
              pac webhooks listen --forward-to http://localhost:3000/webhooks
              pac webhooks deliveries --limit 10
            """).With([listen, .. WebhookSandboxCommands.Build(cli)]);
    }

    private static Uri HttpUrl(string text, string option)
        => Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            ? url
            : throw new PacException($"{option} '{text}' is not an http:// or https:// address");

    // Deliveries can arrive together; one report at a time keeps lines whole.
    private static async Task ReportAsync(Invocation inv, SemaphoreSlim gate, ReceivedWebhook received)
    {
        await gate.WaitAsync();
        try
        {
            if (inv.Json)
            {
                inv.Environment.Console.Output.WriteLine(received.Body.ReplaceLineEndings(""));
                inv.Environment.Console.Output.Flush();
                return;
            }
            var (name, id, intent, status) = WebhookListener.Summary(received.Body);
            var console = inv.Out;
            console.Write(new Text($"{DateTime.UtcNow:HH:mm:ss}  {name}  {id}"));
            if (intent is not null)
            {
                console.Write(new Text($"  {intent} {status}"));
            }
            console.Write(received.SignatureValid ? new Text("  signature ok", new Style(Color.Green)) : new Text("  SIGNATURE INVALID", new Style(Color.Red)));
            if (received.ForwardStatus is { } code)
            {
                console.Write(new Text($"  -> {code} in {received.ForwardTime.TotalMilliseconds:0} ms", new Style(code is >= 200 and < 300 ? Color.Green : Color.Red)));
            }
            else if (received.ForwardError is { } error)
            {
                console.Write(new Text($"  -> failed: {error}", new Style(Color.Red)));
            }
            console.WriteLine();
        }
        finally
        {
            gate.Release();
        }
    }
}
