namespace PayAtCounter.Server.Hosting;

/// <summary>
/// Set once the database is open, its schema made and the accounts exist. The server starts listening
/// while that is still being done, so on two cores the database start-up and the web stack's (routes,
/// request delegates, first compiled queries) run side by side; requests and background workers that
/// arrive before it wait for it rather than fail.
/// </summary>
public sealed class DataReadiness
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>True once the data is ready.</summary>
    public bool IsReady => _ready.Task.IsCompletedSuccessfully;

    /// <summary>Marks the data ready.</summary>
    public void MarkReady() => _ready.TrySetResult();

    /// <summary>Marks start-up failed: waiters see the error.</summary>
    public void MarkFailed(Exception error) => _ready.TrySetException(error);

    /// <summary>True once ready; false if <paramref name="cancellationToken"/> fires first.</summary>
    public async Task<bool> WhenReadyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _ready.Task.WaitAsync(cancellationToken);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
