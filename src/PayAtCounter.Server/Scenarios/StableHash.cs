namespace PayAtCounter.Server.Scenarios;

/// <summary>
/// A seed from a seed and a text by plain arithmetic (FNV-1a), not <c>string.GetHashCode</c>, which is randomized
/// per process: with <c>Sandbox:Seed</c> set, the same names give the same sequences in every run.
/// </summary>
internal static class StableHash
{
    public static int Of(int seed, string text)
    {
        var hash = unchecked((uint)seed * 16777619u) ^ 2166136261u;
        foreach (var c in text)
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }
        return unchecked((int)hash);
    }
}
