using Nito.AsyncEx;

namespace PayAtCounter.Server.Hosting;

/// <summary>
/// Runs a background loop on a thread of its own, with a single-threaded context (Nito.AsyncEx). Under a burst
/// of requests the thread pool's queue is long, and every await of a loop on the pool (a wake-up, its turn at
/// SQLite's writer) waits in it behind the requests, tens of milliseconds at a time. On its own context the
/// loop's continuations run at once; what it awaits elsewhere (HTTP sends, say) still runs on the pool.
/// </summary>
internal static class OwnThread
{
    /// <summary>Starts <paramref name="loop"/> on a new background thread; the task completes when the loop does.</summary>
    public static Task Run(string name, Func<Task> loop)
    {
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                AsyncContext.Run(loop);
                stopped.SetResult();
            }
            catch (OperationCanceledException)
            {
                stopped.SetCanceled();
            }
            catch (Exception ex)
            {
                stopped.SetException(ex);
            }
        })
        { IsBackground = true, Name = name };
        // Without the starter's async-local state: a loop started from the scheduler's flow would otherwise
        // keep its writer priority (WriterGate) for good, and one started by a request its activity and log scope.
        thread.UnsafeStart();
        return stopped.Task;
    }
}
