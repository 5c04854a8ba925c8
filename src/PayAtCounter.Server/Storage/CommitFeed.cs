namespace PayAtCounter.Server.Storage;

/// <summary>
/// Hands each committed unit of work to one listener: the dashboard's live updates, once someone opens it. Until
/// then a commit pays one field read, so the API's request path carries nothing for a dashboard nobody watches.
/// </summary>
public sealed class CommitFeed
{
    private volatile Action<UnitOfWork>? _listener;

    /// <summary>Sets the listener; it runs on the committing thread, so it must only note what changed and return.</summary>
    public void Listen(Action<UnitOfWork> listener) => _listener = listener;

    internal void Committed(UnitOfWork work) => _listener?.Invoke(work);
}
