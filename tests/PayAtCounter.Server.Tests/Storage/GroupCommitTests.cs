using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PayAtCounter.Server.Accounts;
using PayAtCounter.Server.Storage;
using PayAtCounter.Server.Tests.Infrastructure;

namespace PayAtCounter.Server.Tests.Storage;

/// <summary>Units of work that only add rows share commits, and one with a taken key fails alone.</summary>
public sealed class GroupCommitTests : IDisposable
{
    private readonly PayAtCounterApp _app = new();

    public void Dispose() => _app.Dispose();

    private static OutboxEventRow Event(string id, string accountId = "acc_test") => new() { Id = id, AccountId = accountId, Type = "test", Payload = "{}" };

    private Task<bool> CommitAsync(params OutboxEventRow[] events)
    {
        var work = new UnitOfWork();
        work.AddRange(events);
        return _app.Services.GetRequiredService<StorageWriter>().CommitAsync(work);
    }

    private async Task<List<string>> StoredIdsAsync(string prefix)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PayAtCounterDb>();
        return await db.OutboxEvents.Where(e => e.Id.StartsWith(prefix)).Select(e => e.Id).OrderBy(id => id).ToListAsync();
    }

    [Fact]
    public async Task Many_concurrent_inserts_are_all_committed()
    {
        _app.CreateDojoClient();

        var committed = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() => CommitAsync(Event($"evt_many_{i:D3}")))));

        Assert.All(committed, Assert.True);
        Assert.Equal(Enumerable.Range(0, 200).Select(i => $"evt_many_{i:D3}"), await StoredIdsAsync("evt_many_"));
    }

    [Fact]
    public async Task A_duplicate_key_fails_only_its_own_unit_and_is_reported_not_thrown()
    {
        _app.CreateDojoClient();
        Assert.True(await CommitAsync(Event("evt_dup_taken")));

        var committed = await Task.WhenAll(Enumerable.Range(0, 50)
            .Select(i => i == 25 ? Event("evt_dup_taken") : Event($"evt_dup_{i:D2}"))
            .Select(row => Task.Run(() => CommitAsync(row))));

        Assert.Equal(Enumerable.Range(0, 50).Select(i => i != 25), committed);
        Assert.Equal(50, (await StoredIdsAsync("evt_dup_")).Count);   // 49 new rows and the one already there
    }

    [Fact]
    public async Task Only_events_of_accounts_with_subscriptions_wait_for_the_dispatcher()
    {
        using var client = _app.CreateDojoClient();
        var subscribed = await client.PostAsync("/webhooks", new StringContent(
            """{"events":["payment_intent.status_updated"],"url":"https://127.0.0.1:9/hooks"}""", Encoding.UTF8, "application/json"));
        Assert.True(subscribed.IsSuccessStatusCode, await subscribed.Content.ReadAsStringAsync());
        var account = (await _app.Services.GetRequiredService<AccountDirectory>().FindByKeyAsync(PayAtCounterApp.SandboxKey, CancellationToken.None))!;
        var (watched1, watched2, unwatched) = (Event("evt_fan_sub_1", account.Id), Event("evt_fan_sub_2", account.Id), Event("evt_fan_none", "acc_quiet"));

        await Task.WhenAll(Task.Run(() => CommitAsync(watched1, watched2)), Task.Run(() => CommitAsync(unwatched)));

        // As stored: the subscribed account's events wait for the dispatcher (which may fan them out at any moment
        // after); the unwatched one is stored done, so the dispatcher never sees it.
        Assert.False(watched1.FannedOut);
        Assert.False(watched2.FannedOut);
        await using var read = _app.Services.CreateAsyncScope();
        var stored = await read.ServiceProvider.GetRequiredService<PayAtCounterDb>().OutboxEvents.SingleAsync(e => e.Id == "evt_fan_none");
        Assert.True(stored.FannedOut);
    }
}
