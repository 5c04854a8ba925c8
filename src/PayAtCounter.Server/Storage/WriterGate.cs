using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using PayAtCounter.Server.Scheduling;

namespace PayAtCounter.Server.Storage;

/// <summary>
/// SQLite's one writer, queued in-process: racing for its lock makes SQLite's busy handler sleep and retry
/// (milliseconds each), which collapses throughput under load, while a queue hands the lock over at once.
/// The background loops' writes go first (<see cref="LoopFlow"/>), never more than a few in a row, though,
/// so a request waiting for the writer always gets it. PostgreSQL has row locks and needs no gate.
/// </summary>
public sealed class WriterGate
{
    // One gate per database file: tests and tools may open one file from several hosts in one process.
    private static readonly ConcurrentDictionary<string, WriterGate> Gates = new(StringComparer.Ordinal);

    private readonly object _lock = new();
    private readonly Queue<TaskCompletionSource> _priority = new();
    private readonly Queue<TaskCompletionSource> _normal = new();
    private bool _held;
    private int _priorityInARow;

    // After this many priority turns in a row a waiting request gets one, so requests always move.
    private const int MaxPriorityInARow = 4;

    /// <summary>
    /// Runs <paramref name="write"/> in the database's turn at SQLite's one writer; on PostgreSQL at once. Not
    /// cancellable: the wait is one commit long at most per queued writer.
    /// </summary>
    public static async Task<T> InTurnAsync<T>(PayAtCounterDb db, Func<Task<T>> write)
    {
        if (!db.Database.IsSqlite())
        {
            return await write();
        }
        var gate = Gates.GetOrAdd(db.Database.GetConnectionString() ?? "", _ => new WriterGate());
        await gate.EnterAsync();
        try
        {
            return await write();
        }
        finally
        {
            gate.Exit();
        }
    }

    /// <summary>Waits for the writer, in the priority queue when called from a background loop.</summary>
    public Task EnterAsync()
    {
        lock (_lock)
        {
            if (!_held)
            {
                _held = true;
                return Task.CompletedTask;
            }
            var turn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            (LoopFlow.InLoop ? _priority : _normal).Enqueue(turn);
            return turn.Task;
        }
    }

    /// <summary>Hands the writer to the next in line, priority first.</summary>
    public void Exit()
    {
        TaskCompletionSource? next;
        lock (_lock)
        {
            var requestsFirst = _priorityInARow >= MaxPriorityInARow && _normal.Count > 0;
            if (!requestsFirst && _priority.TryDequeue(out next))
            {
                _priorityInARow++;
            }
            else if (_normal.TryDequeue(out next) || _priority.TryDequeue(out next))
            {
                _priorityInARow = 0;
            }
            else
            {
                _held = false;
                return;
            }
        }
        next.SetResult();
    }
}
