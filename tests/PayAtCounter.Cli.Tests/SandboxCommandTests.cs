using System.Text.Json;
using PayAtCounter.Cli.Hosting;
using PayAtCounter.Contracts;

namespace PayAtCounter.Cli.Tests;

/// <summary>The sandbox commands: clock, virtual terminals, readiness, reset, snapshots, faults and triggers.</summary>
public sealed class SandboxCommandTests : IAsyncLifetime
{
    private readonly PacHarness _pac = new();

    public Task InitializeAsync() => _pac.InitializeAsync();
    public Task DisposeAsync() => _pac.DisposeAsync();

    [Fact]
    public async Task The_clock_is_shown_and_advanced_and_speed_is_refused_in_one_line()
    {
        var before = await _pac.Client.Sandbox.GetClockAsync();

        var advance = await _pac.RunAsync("clock", "advance", "80s");
        var shown = await _pac.RunAsync("clock", "--json");
        var speed = await _pac.RunAsync("clock", "speed", "20");

        Assert.Equal(0, advance.ExitCode);
        Assert.Contains("Advanced by", advance.Output);
        Assert.True((await _pac.Client.Sandbox.GetClockAsync()).Now >= before.Now.AddSeconds(80));
        Assert.Equal(0, JsonDocument.Parse(shown.Output).RootElement.GetProperty("speed").GetDouble());
        Assert.Equal(ExitCodes.ApiError, speed.ExitCode);
        Assert.Contains("pac serve --clock-speed 20", speed.Error);
    }

    [Fact]
    public async Task Terminals_are_added_taken_offline_put_in_their_menu_and_brought_back()
    {
        var added = await _pac.RunAsync("terminal", "add", "--tid", "BAR0APP1", "--name", "Bar");
        var offline = await _pac.RunAsync("terminal", "offline", "BAR0APP1");
        var status = (await _pac.Client.Terminals.ListAsync()).Single(t => t.Properties.Tid == "BAR0APP1").Status;
        var online = await _pac.RunAsync("terminal", "online", "BAR0APP1");
        var menu = await _pac.RunAsync("terminal", "menu", "BAR0APP1");
        var sale = await _pac.RunAsync("sale", "-t", "BAR0APP1", "-a", "1.00");
        var leave = await _pac.RunAsync("terminal", "menu", "BAR0APP1", "--leave");
        var list = await _pac.RunAsync("terminal", "list");

        Assert.True(added.ExitCode == 0, added.ToString());
        Assert.Equal(0, offline.ExitCode);
        Assert.Equal(TerminalStatus.Offline, status);
        Assert.Equal(0, online.ExitCode);
        Assert.Equal(0, menu.ExitCode);
        Assert.Equal(ExitCodes.ApiError, sale.ExitCode);
        Assert.Equal(0, leave.ExitCode);
        Assert.Contains("Bar", list.Output);
        Assert.Equal(TerminalStatus.Available, (await _pac.Client.Terminals.ListAsync()).Single(t => t.Properties.Tid == "BAR0APP1").Status);
    }

    [Fact]
    public async Task Readiness_starts_a_run_and_writes_its_report()
    {
        var start = await _pac.RunAsync("readiness", "start", "Till 4.2", "--pos-version", "4.2.0");
        await _pac.RunAsync("sale", "-t", "APP1", "-a", "2.00");
        var markdown = await _pac.RunAsync("readiness");
        var file = Path.Combine(_pac.Folder, "readiness.html");
        var html = await _pac.RunAsync("readiness", "--format", "html", "--out", file);
        var json = await _pac.RunAsync("readiness", "--json");

        Assert.True(start.ExitCode == 0, start.ToString());
        Assert.Contains("Till 4.2", markdown.Output);
        Assert.Contains("AS-01", markdown.Output);
        Assert.Equal(0, html.ExitCode);
        Assert.StartsWith("<!DOCTYPE html>", File.ReadAllText(file), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(json.Output).RootElement.ValueKind);
    }

    [Fact]
    public async Task Snapshots_reset_faults_and_triggers_work_from_the_command_line()
    {
        var paid = await _pac.RunAsync("sale", "-t", "APP1", "-a", "2.00", "--json");
        var take = await _pac.RunAsync("snapshot", "take", "one-sale");
        var reset = await _pac.RunAsync("reset", "--keep-snapshots");
        var afterReset = (await _pac.Client.PaymentIntents.SearchAsync(new SearchPaymentIntentRequest())).Data ?? [];
        var list = await _pac.RunAsync("snapshot", "list");
        var restore = await _pac.RunAsync("snapshot", "restore", "one-sale");
        var afterRestore = (await _pac.Client.PaymentIntents.SearchAsync(new SearchPaymentIntentRequest())).Data ?? [];
        var delete = await _pac.RunAsync("snapshot", "delete", "one-sale");

        Assert.True(paid.ExitCode == 0 && take.ExitCode == 0 && reset.ExitCode == 0, take + "\n" + reset);
        Assert.Empty(afterReset);
        Assert.Contains("one-sale", list.Output);
        Assert.Equal(0, restore.ExitCode);
        Assert.Single(afterRestore);
        Assert.Equal(0, delete.ExitCode);

        var fault = await _pac.RunAsync("fault", "add", "--method", "POST", "--path", "/payment-intents", "--action", "Status", "--status", "503", "--json");
        var ruleId = JsonDocument.Parse(fault.Output).RootElement.GetProperty("id").GetString()!;
        var faults = await _pac.RunAsync("fault", "list");
        var failed = await _pac.RunAsync("sale", "-t", "APP1", "-a", "2.00");
        var removed = await _pac.RunAsync("fault", "remove", ruleId);

        Assert.Contains(ruleId, faults.Output);
        Assert.Equal(ExitCodes.ApiError, failed.ExitCode);
        Assert.Contains("503", failed.Error);
        Assert.Equal(0, removed.ExitCode);

        var pdq = await _pac.Sandbox.TerminalAsync("PDQ1");
        var intent = await _pac.Client.PaymentIntents.CreateAsync(new CreatePaymentIntentRequest { Amount = new Money(300, "GBP"), Reference = "trigger" });
        var session = await _pac.Client.TerminalSessions.CreateSaleAsync(pdq.Id, intent.Id!);
        var expire = await _pac.RunAsync("trigger", "expire", session.Id);
        Assert.True(expire.ExitCode == 0, expire.ToString());
        Assert.Equal(TerminalSessionStatus.Expired, (await _pac.Client.TerminalSessions.GetAsync(session.Id)).Status);
    }

    [Fact]
    public async Task A_terminal_is_planned_powered_off_and_on_and_a_session_gets_a_card_by_trigger()
    {
        var plan = await _pac.RunAsync("terminal", "plan", "APP1", "--outcome", "Decline");
        var declined = await _pac.RunAsync("sale", "-t", "APP1", "-a", "3.00");
        var replan = await _pac.RunAsync("terminal", "plan", "APP1", "--outcome", "Decline");
        var clear = await _pac.RunAsync("terminal", "plan", "APP1", "--clear");
        var approved = await _pac.RunAsync("sale", "-t", "APP1", "-a", "3.00");
        var off = await _pac.RunAsync("terminal", "power-off", "APP1");
        var offStatus = (await _pac.Client.Terminals.ListAsync()).Single(t => t.Properties.Tid.EndsWith("APP1", StringComparison.Ordinal)).Status;
        var on = await _pac.RunAsync("terminal", "power-on", "APP1");

        Assert.True(plan.ExitCode == 0, plan.ToString());
        Assert.Contains("Decline", plan.Output);
        Assert.Equal(ExitCodes.Declined, declined.ExitCode);
        Assert.Equal(0, replan.ExitCode);
        Assert.Contains("its script", clear.Output);
        Assert.Equal(ExitCodes.Success, approved.ExitCode);
        Assert.Equal(0, off.ExitCode);
        Assert.Equal(TerminalStatus.Offline, offStatus);
        Assert.Equal(0, on.ExitCode);

        var pdq = await _pac.Sandbox.TerminalAsync("PDQ1");
        var intent = await _pac.Client.PaymentIntents.CreateAsync(new CreatePaymentIntentRequest { Amount = new Money(300, "GBP"), Reference = "card by trigger" });
        var session = await _pac.Client.TerminalSessions.CreateSaleAsync(pdq.Id, intent.Id!);
        await _pac.Sandbox.AdvanceAsync(TimeSpan.FromSeconds(2));
        var card = await _pac.RunAsync("trigger", "present-card", session.Id, "--json");
        Assert.True(card.ExitCode == 0, card.ToString());
        Assert.Equal(session.Id, JsonDocument.Parse(card.Output).RootElement.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Webhook_deliveries_rules_test_events_and_replays_are_driven_from_the_command_line()
    {
        var subscription = await _pac.Client.Webhooks.SubscribeAsync(new SubscriptionRequest { Url = "https://127.0.0.1:9/never", Events = ["payment_intent.status_updated"] });

        var rule = await _pac.RunAsync("webhooks", "rule", "add", "--subscription", subscription.Id, "--action", "Duplicate", "--count", "1", "--json");
        var rules = await _pac.RunAsync("webhooks", "rule", "list");
        var test = await _pac.RunAsync("webhooks", "test-event", "--json");
        var paid = await _pac.RunAsync("sale", "-t", "APP1", "-a", "2.00", "--json");
        var intentId = JsonDocument.Parse(paid.Output).RootElement.GetProperty("details").GetProperty("sale").GetProperty("paymentIntentId").GetString()!;
        var replay = await _pac.RunAsync("webhooks", "replay", "--intent", intentId);
        var deliveries = await _pac.RunAsync("webhooks", "deliveries", "--subscription", subscription.Id, "--json");
        var ruleId = JsonDocument.Parse(rule.Output).RootElement.GetProperty("id").GetString()!;
        var removed = await _pac.RunAsync("webhooks", "rule", "remove", ruleId);

        Assert.True(rule.ExitCode == 0, rule.ToString());
        Assert.Contains(ruleId, rules.Output);
        Assert.True(test.ExitCode == 0, test.ToString());
        Assert.True(replay.ExitCode == 0, replay.ToString());
        Assert.Contains("event(s) again", replay.Output);
        var list = JsonDocument.Parse(deliveries.Output).RootElement.EnumerateArray().ToList();
        Assert.True(list.Count >= 3, deliveries.Output);
        Assert.All(list, d => Assert.Equal(subscription.Id, d.GetProperty("subscriptionId").GetString()));
        Assert.Equal(0, removed.ExitCode);
        Assert.Empty(await _pac.Client.Sandbox.ListDeliveryRulesAsync());
    }
}
