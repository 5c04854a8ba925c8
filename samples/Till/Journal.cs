using System.Text.Json;

namespace PayAtCounter.Till;

/// <summary>One thing the till recorded, and why.</summary>
/// <param name="At">When (the till's clock).</param>
/// <param name="Order">The order it is about, or null.</param>
/// <param name="What">What was recorded, e.g. "paid", "refunded 4.00".</param>
/// <param name="Why">What it was based on, e.g. "intent pi_… is Captured".</param>
/// <param name="PaymentIntentId">The order's intent, on the entry that made it (so a restarted till knows its orders).</param>
/// <param name="Kind">The order's kind, on the same entry.</param>
/// <param name="Amount">The order's amount in pence, on the same entry; a refund's, on a refund's entries.</param>
/// <param name="RefundKey">A refund's idempotency key, on the entries of that refund (asked, then done).</param>
/// <param name="RefundId">Dojo's id of the refund, once it answered.</param>
public sealed record JournalEntry(DateTimeOffset At, string? Order, string What, string Why, string? PaymentIntentId = null, OrderKind? Kind = null, long? Amount = null,
    string? RefundKey = null, string? RefundId = null);

/// <summary>
/// The till's journal: what it recorded and why, in order. Kept in memory and, when a path is set, appended to a
/// file of JSON lines, so what the till decided survives it. Accounting follows the journal, never the screen.
/// </summary>
public sealed class Journal(TimeProvider clock, string? path = null)
{
    private readonly List<JournalEntry> _entries = Load(path);
    private readonly Lock _gate = new();

    /// <summary>Every entry so far, oldest first.</summary>
    public IReadOnlyList<JournalEntry> Entries
    {
        get
        {
            lock (_gate)
            {
                return _entries.ToList();
            }
        }
    }

    /// <summary>Records an entry.</summary>
    public JournalEntry Record(string? order, string what, string why) => Record(new JournalEntry(clock.GetUtcNow(), order, what, why));

    /// <summary>Records an entry that names an order's intent, kind and amount.</summary>
    public JournalEntry Record(JournalEntry entry)
    {
        lock (_gate)
        {
            _entries.Add(entry);
            if (path is not null)
            {
                File.AppendAllText(path, JsonSerializer.Serialize(entry, TillJson.Options) + "\n");
            }
        }
        return entry;
    }

    // The entries of earlier runs, from the file.
    private static List<JournalEntry> Load(string? path)
        => path is not null && File.Exists(path)
            ? File.ReadLines(path).Where(line => line.Length > 0).Select(line => JsonSerializer.Deserialize<JournalEntry>(line, TillJson.Options)!).ToList()
            : [];
}
