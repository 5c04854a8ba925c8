using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PayAtCounter.Server.Accounts;
using PayAtCounter.Server.Storage;
using PayAtCounter.Server.Webhooks;
using PayAtCounter.Server.Tests.Infrastructure;

namespace PayAtCounter.Server.Tests.Storage;

/// <summary>
/// What every write must do, whichever path it comes by: it goes through the unit of work, marks the events of
/// accounts nobody subscribes to, keeps the caches current and wakes the loops that have new work. Each test fails
/// when a write bypasses <see cref="StorageWriter"/>.
/// </summary>
public sealed class UnitOfWorkTests
{
    [Fact]
    public async Task The_context_refuses_to_save_so_no_write_can_bypass_the_unit_of_work()
    {
        using var app = new PayAtCounterApp();
        app.CreateDojoClient();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PayAtCounterDb>();
        db.OutboxEvents.Add(new OutboxEventRow { Id = "evt_bypass", AccountId = "acc_x", Type = "test", Payload = "{}" });

        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        Assert.Throws<InvalidOperationException>(() => db.SaveChanges());
        Assert.False(await db.OutboxEvents.AnyAsync(e => e.Id == "evt_bypass"));
    }

    [Fact]
    public async Task A_session_command_from_a_request_marks_the_events_of_an_account_without_subscriptions_fanned_out()
    {
        // Without the dispatcher, which would otherwise find the events nobody wants and mark them itself.
        using var app = new PayAtCounterApp { Configure = host => host.ConfigureServices(services =>
            services.Remove(services.Single(s => s.ServiceType == typeof(IHostedService) && s.ImplementationFactory?.Method.ReturnType == typeof(WebhookDispatcherService)))) };
        var client = app.CreateDojoClient();
        var intentId = (string)(await client.CreateIntentAsync())["id"]!;
        var sessionId = (string)(await client.StartSaleAsync(await client.TerminalIdAsync("SIP0"), intentId))["id"]!;
        await client.PollAsync(sessionId, stopAt: "SignatureVerificationRequired");
        var before = await EventIdsAsync(app);

        // The acceptance is a request's command (not a scheduler step): it captures the intent and raises its events.
        (await client.SignAsync(sessionId, accepted: true)).EnsureSuccessStatusCode();

        var raised = (await EventsAsync(app)).Where(e => !before.Contains(e.Id)).ToList();
        Assert.NotEmpty(raised);
        Assert.All(raised, e => Assert.True(e.FannedOut, $"{e.Type} {e.Id} was left for the dispatcher though nobody subscribes"));
    }

    [Fact]
    public async Task A_terminal_changed_by_a_request_is_cached_at_its_new_version()
    {
        using var app = new PayAtCounterApp();
        var client = app.CreateDojoClient();
        var terminalId = await client.TerminalIdAsync("APP1");

        (await client.PatchAsync($"/sandbox/terminals/{terminalId}", new StringContent("""{"name":"Till 9"}""", System.Text.Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();

        await using var scope = app.Services.CreateAsyncScope();
        var row = await scope.ServiceProvider.GetRequiredService<PayAtCounterDb>().Terminals.AsNoTracking().SingleAsync(t => t.Id == terminalId);
        var cached = app.Services.GetRequiredService<LiveStateCache>().Terminals.Find(terminalId, row.Version);
        Assert.NotNull(cached);
        Assert.Equal("Till 9", cached.Name);
    }

    [Fact]
    public async Task A_session_finished_by_a_request_is_remembered_without_being_read_again()
    {
        using var app = new PayAtCounterApp();
        var client = app.CreateDojoClient();
        var intentId = (string)(await client.CreateIntentAsync())["id"]!;
        var sessionId = (string)(await client.StartSaleAsync(await client.TerminalIdAsync("SIP0"), intentId))["id"]!;
        await client.PollAsync(sessionId, stopAt: "SignatureVerificationRequired");
        var account = (await app.Services.GetRequiredService<AccountDirectory>().FindByKeyAsync(PayAtCounterApp.SandboxKey, CancellationToken.None))!;

        // The rejection is a request's command, and it ends the session.
        var rejected = await (await client.SignAsync(sessionId, accepted: false)).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal("SignatureVerificationRejected", (string)rejected["status"]!);
        var cached = app.Services.GetRequiredService<FinishedSessionCache>().Find(account.Id, sessionId);
        Assert.NotNull(cached);
        Assert.True(cached.State.IsFinal);
    }

    [Fact]
    public async Task A_step_stored_by_a_request_wakes_the_sleeping_scheduler()
    {
        // The scheduler sleeps an hour unless woken; at 20x a plain sale finishes in about a second of real time.
        using var app = new PayAtCounterApp(settings: new Dictionary<string, string?> { ["Sandbox:ClockSpeed"] = "20", ["Sandbox:DueWorkInterval"] = "01:00:00" });
        var client = app.CreateDojoClient();
        var intentId = (string)(await client.CreateIntentAsync())["id"]!;
        var sessionId = (string)(await client.StartSaleAsync(await client.TerminalIdAsync("APP1"), intentId))["id"]!;

        var status = await WaitForAsync(async () => (string)(await client.GetSessionAsync(sessionId))["status"]!, s => s == "Captured", TimeSpan.FromSeconds(30));

        Assert.Equal("Captured", status);
    }

    [Fact]
    public async Task An_event_stored_by_a_request_wakes_the_sleeping_dispatcher()
    {
        using var app = new PayAtCounterApp(settings: new Dictionary<string, string?> { ["Webhooks:PollInterval"] = "01:00:00" });
        await using var receiver = await WebhookReceiver.StartAsync();
        var client = app.CreateDojoClient();
        await (await client.PostJsonAsync("/webhooks", $$"""{"events":["payment_intent.created"],"url":"{{receiver.Url}}"}""")).ReadJsonAsync(HttpStatusCode.OK);

        var intentId = (string)(await client.CreateIntentAsync())["id"]!;

        var received = await receiver.WaitForAsync(1);
        Assert.Equal(intentId, (string)received[0].Json["data"]!["paymentIntentId"]!);
    }

    private static async Task<List<OutboxEventRow>> EventsAsync(PayAtCounterApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PayAtCounterDb>().OutboxEvents.AsNoTracking().ToListAsync();
    }

    private static async Task<HashSet<string>> EventIdsAsync(PayAtCounterApp app) => (await EventsAsync(app)).Select(e => e.Id).ToHashSet();

    // Polls until the value is as wanted or the time is up; returns the last value seen.
    private static async Task<T> WaitForAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        var value = await read();
        while (!done(value) && DateTime.UtcNow < until)
        {
            await Task.Delay(50);
            value = await read();
        }
        return value;
    }
}
