namespace PayAtCounter.Server.Storage;

/// <summary>
/// Hands each committed unit of work to its listeners: the dashboard's live updates once someone opens it, and the
/// session metrics. Without listeners a commit pays one field read.
/// </summary>
public sealed class CommitFeed
{
    private readonly Lock _gate = new();
    private volatile Action<UnitOfWork>? _listener;

    /// <summary>Adds a listener; it runs on the committing thread, so it must only note what changed and return.</summary>
    public void Listen(Action<UnitOfWork> listener)
    {
        lock (_gate)
        {
            _listener += listener;
        }
    }

    internal void Committed(UnitOfWork work) => _listener?.Invoke(work);
}
