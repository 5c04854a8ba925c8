namespace PayAtCounter.Server.Storage;

// What the writer needs to know of a row beyond its columns. The columns themselves are described once, by the
// row class and its table configuration (the EF Core model); SqlWrites takes its statements from that model.

/// <summary>A row changed only by version-guarded updates: the version it was read at guards its next write.</summary>
public interface IVersionedRow
{
    /// <summary>The primary key.</summary>
    string Id { get; }

    /// <summary>The version the row was read (or made) at; the writer stores the next one and moves this on once committed.</summary>
    int Version { get; set; }
}

/// <summary>A row made from a domain state, which the writer hands to the caches once it is committed.</summary>
public interface IStateRow
{
    /// <summary>The state the row was made from; null for a row read from the database and not parsed.</summary>
    object? State { get; }
}

/// <summary>A row with a time at which the scheduler must look at it again.</summary>
public interface IScheduledRow
{
    /// <summary>UTC ticks, or null when nothing is due.</summary>
    long? NextDueAtTicks { get; }
}

/// <summary>A row the webhook dispatcher acts on.</summary>
public interface IDispatchedRow
{
    /// <summary>True when the dispatcher has work to do with it (a new event, a delivery due).</summary>
    bool AwaitsDispatcher { get; }
}
