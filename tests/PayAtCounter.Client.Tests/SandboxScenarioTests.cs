using PayAtCounter.Contracts;
using PayAtCounter.Testing;

namespace PayAtCounter.Client.Tests;

/// <summary>The in-process sandbox's scenario helpers: a test suite starts each test from a known world.</summary>
public sealed class SandboxScenarioTests : IAsyncLifetime
{
    private DojoSandbox _sandbox = null!;

    private DojoClient Dojo => _sandbox.Client;

    public async Task InitializeAsync() => _sandbox = await DojoSandbox.StartAsync();

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task A_snapshot_restored_brings_back_the_paid_intent_and_forgets_the_one_made_after()
    {
        var paid = await Dojo.PaymentIntents.CreateAsync(new CreatePaymentIntentRequest { Amount = new Money(1200, "GBP"), Reference = "Table 4" });
        await _sandbox.PayAsync(paid.Id!);
        await _sandbox.TakeSnapshotAsync("table-4-paid");
        var later = await Dojo.PaymentIntents.CreateAsync(new CreatePaymentIntentRequest { Amount = new Money(300, "GBP"), Reference = "Table 5" });

        await _sandbox.RestoreSnapshotAsync("table-4-paid");

        Assert.Equal(PaymentIntentStatus.Captured, (await Dojo.PaymentIntents.GetAsync(paid.Id!)).Status);
        var missing = await Assert.ThrowsAsync<DojoApiException>(() => Dojo.PaymentIntents.GetAsync(later.Id!));
        Assert.Equal(404, (int)missing.StatusCode);
        await _sandbox.DeleteSnapshotAsync("table-4-paid");
        await Assert.ThrowsAsync<InvalidOperationException>(() => _sandbox.RestoreSnapshotAsync("table-4-paid"));
    }

    [Fact]
    public async Task A_reset_leaves_the_starting_terminals_and_no_intents()
    {
        var intent = await Dojo.PaymentIntents.CreateAsync(new CreatePaymentIntentRequest { Amount = new Money(500, "GBP"), Reference = "Gone" });
        var terminals = (await Dojo.Terminals.ListAsync()).Select(t => t.Properties.Tid).Order().ToList();

        await _sandbox.ResetAsync();

        await Assert.ThrowsAsync<DojoApiException>(() => Dojo.PaymentIntents.GetAsync(intent.Id!));
        Assert.Equal(terminals, (await Dojo.Terminals.ListAsync()).Select(t => t.Properties.Tid).Order().ToList());
    }
}
