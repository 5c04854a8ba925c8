namespace PayAtCounter.Server.Storage;

/// <summary>
/// The changes of one operation, staged here and committed together, or not at all, by <see cref="StorageWriter"/>:
/// new rows (outbox events among them), version-guarded changes and removals, events marked as fanned out, and
/// the sandbox clock. Every write of the server is one of these, from requests and background loops alike. A
/// unit is used for one attempt: after a conflict the caller reads again and stages a new one.
/// </summary>
public sealed class UnitOfWork
{
    internal List<object> Added { get; } = [];
    internal List<IVersionedRow> Changed { get; } = [];
    internal List<IVersionedRow> Removed { get; } = [];
    internal List<string> FannedOut { get; } = [];
    internal List<(Type RowType, string TimeColumn, long Before, string? AccountId)> Pruned { get; } = [];
    internal List<(Type RowType, string AccountId)> Cleared { get; } = [];
    internal long? ClockTicks { get; private set; }

    /// <summary>Inserts <paramref name="row"/>.</summary>
    public void Add(object row) => Added.Add(row);

    /// <summary>Inserts <paramref name="rows"/>.</summary>
    public void AddRange(IEnumerable<object> rows) => Added.AddRange(rows);

    /// <summary>
    /// Updates <paramref name="row"/> if it is still at <see cref="IVersionedRow.Version"/> (the version read);
    /// otherwise the whole unit reports a conflict.
    /// </summary>
    public void Change(IVersionedRow row) => Changed.Add(row);

    /// <summary>Deletes <paramref name="row"/> if it is still at its version; otherwise the unit reports a conflict.</summary>
    public void Remove(IVersionedRow row) => Removed.Add(row);

    /// <summary>
    /// Deletes the rows of <typeparamref name="TRow"/> whose <paramref name="timeColumn"/> is before
    /// <paramref name="before"/>, of one account or of all: keeping a table that only grows within its bounds.
    /// </summary>
    public void RemoveOlderThan<TRow>(string timeColumn, long before, string? accountId = null) => Pruned.Add((typeof(TRow), timeColumn, before, accountId));

    /// <summary>
    /// Deletes every row of <typeparamref name="TRow"/> that belongs to <paramref name="accountId"/>, before this unit's
    /// new rows are inserted: how a sandbox account is reset or restored in one commit. The caches start again empty.
    /// </summary>
    public void RemoveAllOf<TRow>(string accountId) => RemoveAllOf(typeof(TRow), accountId);

    /// <summary>Deletes every row of table <paramref name="rowType"/> that belongs to <paramref name="accountId"/>.</summary>
    public void RemoveAllOf(Type rowType, string accountId) => Cleared.Add((rowType, accountId));

    /// <summary>Marks outbox events as fanned out: a delivery row exists for every subscription that wants them.</summary>
    public void MarkFannedOut(IEnumerable<string> eventIds) => FannedOut.AddRange(eventIds);

    /// <summary>Records that sandbox time reached <paramref name="now"/>; the stored clock only ever moves forward.</summary>
    public void RecordClock(DateTimeOffset now) => ClockTicks = Math.Max(ClockTicks ?? long.MinValue, now.UtcTicks);

    internal bool IsEmpty => Added.Count == 0 && Changed.Count == 0 && Removed.Count == 0 && Cleared.Count == 0 && FannedOut.Count == 0 && Pruned.Count == 0 && ClockTicks is null;

    // Rows that are only added can share a commit with other requests' (GroupCommit): nothing in them can conflict
    // but a duplicate key, which fails the unit alone.
    internal bool OnlyAdds => Changed.Count == 0 && Removed.Count == 0 && Cleared.Count == 0 && FannedOut.Count == 0 && Pruned.Count == 0 && ClockTicks is null;
}
