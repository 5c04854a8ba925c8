using System.CommandLine;
using System.Globalization;
using PayAtCounter.Cli.Hosting;
using PayAtCounter.Cli.Output;
using PayAtCounter.Client.Sandbox;
using Spectre.Console;

namespace PayAtCounter.Cli.Commands;

/// <summary>
/// <c>pac webhooks deliveries|redeliver|test-event|replay|rule</c>: the sandbox's view of deliveries, and the rules that
/// delay, duplicate, reorder or drop them.
/// </summary>
internal static class WebhookSandboxCommands
{
    public static IEnumerable<Command> Build(PacCli cli)
    {
        var subscription = new Option<string?>("--subscription") { Description = "Only this subscription's (ws_…)" };
        var limit = new Option<int?>("--limit") { Description = "At most this many, newest first" };
        yield return new Command("deliveries", """
            Webhook deliveries with their attempts, newest first.

            Example:
              pac webhooks deliveries --limit 10
            """).With(subscription, limit).Runs(cli, async inv =>
            inv.Show(await inv.Client.Sandbox.ListDeliveriesAsync(inv.Get(subscription), inv.Get(limit), inv.Cancellation), DrawDeliveries), sandbox: true);

        var delivery = new Argument<string>("delivery") { Description = "The delivery's id" };
        yield return new Command("redeliver", "Sends a delivery again now.\n\nExample:\n  pac webhooks redeliver dlv_…").With(delivery).Runs(cli, async inv =>
            inv.Show(await inv.Client.Sandbox.RedeliverAsync(inv.Get(delivery)!, inv.Cancellation), (console, d) => DrawDeliveries(console, [d])), sandbox: true);

        var eventName = new Option<string?>("--event") { Description = "The event to emit; default payment_intent.status_updated" };
        var intent = new Option<string?>("--intent") { Description = "The payment intent it is about" };
        yield return new Command("test-event", """
            Emits a test event to the subscriptions that want it.

            Example:
              pac webhooks test-event --event payment_intent.status_updated
            """).With(eventName, intent).Runs(cli, async inv =>
            inv.Show(await inv.Client.Sandbox.SendTestEventAsync(inv.Get(eventName), inv.Get(intent), inv.Cancellation),
                (console, e) => console.WriteLine($"Emitted test event {e.EventId}.")), sandbox: true);

        var replayEvent = new Option<string?>("--event") { Description = "One event, by its id (evt_…)" };
        var replayIntent = new Option<string?>("--intent") { Description = "Every event of a payment intent" };
        var replaySubscription = new Option<string?>("--subscription") { Description = "Only to this subscription" };
        yield return new Command("replay", """
            Sends stored events again, as Dojo may: one event, or every event of a payment intent.

            Examples:
              pac webhooks replay --intent pi_sandbox_4kT9…
              pac webhooks replay --event evt_… --subscription ws_…
            """).With(replayEvent, replayIntent, replaySubscription).Runs(cli, async inv =>
            inv.Show(await inv.Client.Sandbox.ReplayAsync(inv.Get(replayEvent), inv.Get(replayIntent), inv.Get(replaySubscription), inv.Cancellation),
                (console, r) => console.WriteLine($"Sent {r.Events} event(s) again: {r.Deliveries.Count} delivery(ies).")), sandbox: true);

        yield return Rules(cli);
    }

    private static Command Rules(PacCli cli)
    {
        var subscription = new Option<string>("--subscription") { Description = "The subscription (ws_…)", Required = true };
        var action = new Option<string>("--action") { Description = "Delay, Duplicate, Reorder or DropThenRetry", Required = true };
        var wait = new Option<string?>("--wait") { Description = "Delay: how long each delivery waits; Reorder: how long deliveries are held, e.g. 5s" };
        var failures = new Option<int?>("--failures") { Description = "DropThenRetry: failed attempts before one goes through" };
        var count = new Option<int?>("--count") { Description = "Deliveries it applies to; default: no limit" };
        var add = new Command("add", """
            Adds a rule on a subscription's deliveries.

            Examples:
              pac webhooks rule add --subscription ws_… --action Duplicate --count 1
              pac webhooks rule add --subscription ws_… --action DropThenRetry --failures 2
            """).With(subscription, action, wait, failures, count).Runs(cli, async inv =>
        {
            var interval = inv.Get(wait) is { } text ? Inputs.Api(Inputs.Duration(text, "--wait")) : null;
            var rule = await inv.Client.Sandbox.AddDeliveryRuleAsync(new DeliveryRuleRequest
            {
                SubscriptionId = inv.Get(subscription), Action = inv.Get(action), Failures = inv.Get(failures), Count = inv.Get(count),
                Delay = inv.Get(action) == "Delay" ? interval : null,
                Window = inv.Get(action) == "Reorder" ? interval : null,
            }, inv.Cancellation);
            return inv.Show(rule, (console, r) => console.WriteLine($"Delivery rule {r.Id}: {r.Action} on {r.SubscriptionId}."));
        }, sandbox: true);
        var list = new Command("list", "The account's delivery rules.\n\nExample:\n  pac webhooks rule list").Runs(cli, async inv =>
            inv.Show(await inv.Client.Sandbox.ListDeliveryRulesAsync(inv.Cancellation), (console, all) => Render.Table(console, ["ID", "Subscription", "Action", "Used", "Active"],
                all.Select(r => new[] { r.Id, r.SubscriptionId, r.Action, r.Used.ToString(CultureInfo.InvariantCulture) + (r.Count is { } c ? "/" + c : ""), r.Active ? "yes" : "no" }))), sandbox: true);
        var id = new Argument<string>("id") { Description = "The rule's id" };
        var remove = new Command("remove", "Removes a delivery rule.\n\nExample:\n  pac webhooks rule remove dr_…").With(id).Runs(cli, async inv =>
        {
            await inv.Client.Sandbox.RemoveDeliveryRuleAsync(inv.Get(id)!, inv.Cancellation);
            inv.Progress.WriteLine($"Removed delivery rule {inv.Get(id)}.");
            return ExitCodes.Success;
        }, sandbox: true);
        return new Command("rule", """
            Rules on a subscription's deliveries: delay, duplicate, reorder, or drop and retry them.

            Example:
              pac webhooks rule add --subscription ws_… --action Reorder --wait 5s
            """).With(add, list, remove);
    }

    private static void DrawDeliveries(IAnsiConsole console, List<WebhookDelivery> deliveries)
        => Render.Table(console, ["ID", "Event", "Subscription", "Status", "Attempts", "Last answer"],
            deliveries.Select(d => new[]
            {
                d.Id, d.EventType, d.SubscriptionId, d.Status, d.Attempts.Count.ToString(CultureInfo.InvariantCulture),
                d.Attempts.LastOrDefault() is { } last ? last.StatusCode?.ToString(CultureInfo.InvariantCulture) ?? last.Error : null,
            }));
}
