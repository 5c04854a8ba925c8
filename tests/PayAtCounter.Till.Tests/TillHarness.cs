using PayAtCounter.Testing;

namespace PayAtCounter.Till.Tests;

/// <summary>
/// The till's counter on the in-process sandbox. The SDK client's waits move the sandbox clock, so the till's
/// once-a-second polls are sandbox seconds and an 80 s signature timeout passes at once. Every request is recorded
/// for the readiness inspector, however fast the test runs. The person at the counter acts on the PDQs through the
/// sandbox API, which the inspector does not count as the till's.
/// </summary>
public sealed class TillHarness : IAsyncDisposable
{
    private readonly TillOptions _options;

    private TillHarness(DojoSandbox sandbox, Counter counter, TillOptions options)
    {
        Sandbox = sandbox;
        Counter = counter;
        _options = options;
    }

    /// <summary>Another till on the same sandbox, with its own journal (a till started again).</summary>
    public Counter CounterWithJournal(Journal journal) => new(Sandbox.CreateClient(_options.ApiKey), journal, TimeProvider.System, _options);

    /// <summary>The sandbox.</summary>
    public DojoSandbox Sandbox { get; }

    /// <summary>The till.</summary>
    public Counter Counter { get; }

    /// <summary>A sandbox and a till on it, with <paramref name="apiKey"/> in the till's settings (the sandbox's by default).</summary>
    public static async Task<TillHarness> StartAsync(string? apiKey = null)
    {
        var sandbox = await DojoSandbox.StartAsync(new Dictionary<string, string?> { ["Readiness:MaxRecordsPerSecond"] = "1000000" });
        var options = new TillOptions { ApiKey = apiKey ?? DojoSandbox.ApiKey, SoftwareHouseId = "softwareHouse1", ResellerId = "reseller1", PosVersion = "1.0.0" };
        var counter = new Counter(sandbox.CreateClient(options.ApiKey), new Journal(TimeProvider.System), TimeProvider.System, options);
        return new TillHarness(sandbox, counter, options);
    }

    /// <summary>A basket of two coffees and a cake with a staff discount, VAT included.</summary>
    public static Basket Lunch(long cake = 1000) => new(
        [new BasketLine("Coffee", 2, 400), new BasketLine("Cake", 1, cake, 200, "Staff discount")],
        [new BasketTax("VAT 20%", (800 + cake - 200) / 6)]);

    /// <summary>A one-line basket of <paramref name="pence"/>.</summary>
    public static Basket Of(long pence) => new([new BasketLine("Goods", 1, pence)], []);

    /// <summary>Sells <paramref name="basket"/> on the terminal whose TID ends with <paramref name="tid"/> and follows it to the end.</summary>
    public async Task<Order> SellAsync(string tid, Basket? basket = null, Func<Order, Task>? atCounter = null, bool preAuth = false, long tips = 0, long cashback = 0, bool moto = false)
    {
        var order = await Counter.SellAsync(new SaleRequest(basket ?? Of(1000), tid, preAuth, tips, cashback, moto));
        return await Counter.FollowAsync(order, atCounter);
    }

    /// <summary>The person at the counter presents a card on the PDQ once it asks for one.</summary>
    public Func<Order, Task> PresentCard(string tid, string entryMode = "ContactChip", string? cardType = null)
        => Once(tid, "PDQ: PresentCard", terminal => terminal.PresentCardAsync(entryMode, cardType: cardType));

    /// <summary>The person at the counter presses X on the PDQ while it asks for a card.</summary>
    public Func<Order, Task> PressX(string tid) => Once(tid, "PDQ: PresentCard", terminal => terminal.PressCancelAsync());

    /// <summary>Acts once on the PDQ when the order's messages show <paramref name="message"/>.</summary>
    public Func<Order, Task> Once(string tid, string message, Func<SandboxTerminal, Task> act)
    {
        var done = false;
        return async order =>
        {
            if (!done && order.Messages.Contains(message))
            {
                done = true;
                await act(await Sandbox.TerminalAsync(tid));
            }
        };
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Sandbox.DisposeAsync();
}
