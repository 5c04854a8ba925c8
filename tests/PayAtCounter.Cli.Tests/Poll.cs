namespace PayAtCounter.Cli.Tests;

/// <summary>Waits, in real time and for at most ten seconds, for something another command makes happen.</summary>
internal static class Poll
{
    /// <summary>The first non-null answer of <paramref name="probe"/>; <paramref name="what"/> says what never came.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T?>> probe, string what)
        where T : class
    {
        for (var attempt = 0; attempt < 400; attempt++)
        {
            if (await probe() is { } value)
            {
                return value;
            }
            await Task.Delay(25);
        }
        throw new TimeoutException(what);
    }
}
