using System.Data.Common;
using System.Text;
using PayAtCounter.Server.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PayAtCounter.Server.Storage;
using PayAtCounter.Server.Tests.Infrastructure;

namespace PayAtCounter.Server.Tests.Storage;

/// <summary>Concurrent inserts share commits, and one bad insert fails alone.</summary>
public sealed class GroupCommitTests : IDisposable
{
    private readonly PayAtCounterApp _app = new();

    public void Dispose() => _app.Dispose();

    private static OutboxEventRow Event(string id, string accountId = "acc_test") => new() { Id = id, AccountId = accountId, Type = "test", Payload = "{}" };

    private async Task<List<string>> StoredIdsAsync(string prefix)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PayAtCounterDb>();
        return await db.OutboxEvents.Where(e => e.Id.StartsWith(prefix)).Select(e => e.Id).OrderBy(id => id).ToListAsync();
    }

    [Fact]
    public async Task Many_concurrent_inserts_are_all_committed()
    {
        var commit = _app.Services.GetRequiredService<GroupCommit>();

        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() => commit.InsertAsync(new NewRows(null, [Event($"evt_many_{i:D3}")])))));

        Assert.Equal(Enumerable.Range(0, 200).Select(i => $"evt_many_{i:D3}"), await StoredIdsAsync("evt_many_"));
    }

    [Fact]
    public async Task A_duplicate_key_fails_only_its_own_request()
    {
        var commit = _app.Services.GetRequiredService<GroupCommit>();
        await commit.InsertAsync(new NewRows(null, [Event("evt_dup_taken")]));

        var inserts = Enumerable.Range(0, 50)
            .Select(i => i == 25 ? Event("evt_dup_taken") : Event($"evt_dup_{i:D2}"))
            .Select(row => Task.Run(() => commit.InsertAsync(new NewRows(null, [row]))))
            .ToList();
        var outcomes = await Task.WhenAll(inserts.Select(async t => { try { await t; return null; } catch (DbException ex) { return ex; } }));

        Assert.Single(outcomes, o => o is not null);
        Assert.NotNull(outcomes[25]);
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
        var commit = _app.Services.GetRequiredService<GroupCommit>();

        var waiting = await Task.WhenAll(
            Task.Run(() => commit.InsertAsync(new NewRows(null, [Event("evt_fan_sub_1", account.Id), Event("evt_fan_sub_2", account.Id)]))),
            Task.Run(() => commit.InsertAsync(new NewRows(null, [Event("evt_fan_none", "acc_quiet")]))));

        // The subscribed account's events may be fanned out by the running dispatcher at any moment; the
        // unwatched one is stored done, so the dispatcher never sees it.
        Assert.Equal([2, 0], waiting);
        await using var read = _app.Services.CreateAsyncScope();
        var unwatched = await read.ServiceProvider.GetRequiredService<PayAtCounterDb>().OutboxEvents.SingleAsync(e => e.Id == "evt_fan_none");
        Assert.True(unwatched.FannedOut);
    }
}
