namespace PayAtCounter.Server.Scheduling;

/// <summary>
/// Marks the async flow of a background loop (the scheduler's, the dispatcher's). Its writes take SQLite's writer
/// ahead of requests (<see cref="Storage.WriterGate"/>): a terminal's timeline, what the customer sees on the PDQ,
/// must not wait behind a burst of API writes. And its writes do not wake the loop itself (<see cref="Signal"/>).
/// Set only inside a loop running on <see cref="Hosting.OwnThread"/>, which starts without its starter's flow, so
/// the mark can never leak into a request.
/// </summary>
public static class LoopFlow
{
    private static readonly AsyncLocal<Signal?> Current = new();

    /// <summary>Marks the current flow as the loop woken by <paramref name="wake"/> until disposed.</summary>
    public static IDisposable Enter(Signal wake)
    {
        Current.Value = wake;
        return new Leave();
    }

    /// <summary>Whether the current flow is a background loop's.</summary>
    public static bool InLoop => Current.Value is not null;

    /// <summary>Whether the current flow is that of the loop woken by <paramref name="wake"/>.</summary>
    internal static bool IsLoopOf(Signal wake) => ReferenceEquals(Current.Value, wake);

    private sealed class Leave : IDisposable
    {
        public void Dispose() => Current.Value = null;
    }
}
