namespace PayAtCounter.Server.Storage;

/// <summary>
/// SQLite's one writer, queued in-process: racing for its lock makes SQLite's busy handler sleep and retry
/// (milliseconds each), which collapses throughput under load, while a queue hands the lock over at once.
/// The scheduler's and the webhook dispatcher's writes go first: a terminal's timeline (what the customer
/// sees on the PDQ) must not wait behind a burst of API writes. Never more than a few in a row, though,
/// so a request waiting for the writer always gets it.
/// </summary>
public sealed class WriterGate
{
    private static readonly AsyncLocal<bool> PriorityFlow = new();

    private readonly object _lock = new();
    private readonly Queue<TaskCompletionSource> _priority = new();
    private readonly Queue<TaskCompletionSource> _normal = new();
    private bool _held;
    private int _priorityInARow;

    // After this many priority turns in a row a waiting request gets one, so requests always move.
    private const int MaxPriorityInARow = 4;

    /// <summary>Marks the current async flow (the scheduler's) as writing ahead of requests.</summary>
    public static IDisposable WithPriority()
    {
        PriorityFlow.Value = true;
        return new Reset();
    }

    /// <summary>Whether the current async flow writes ahead of requests.</summary>
    internal static bool HasPriority => PriorityFlow.Value;

    /// <summary>Waits for the writer. Not cancellable: the wait is one commit long at most per queued writer.</summary>
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
            (PriorityFlow.Value ? _priority : _normal).Enqueue(turn);
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

    private sealed class Reset : IDisposable
    {
        public void Dispose() => PriorityFlow.Value = false;
    }
}
