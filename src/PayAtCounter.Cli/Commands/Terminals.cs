using PayAtCounter.Cli.Hosting;

namespace PayAtCounter.Cli.Commands;

/// <summary>Finds a terminal by its id (<c>tm_…</c>) or by the end of its TID (<c>APP1</c>), as people name them.</summary>
internal static class Terminals
{
    /// <summary>The id of the terminal <paramref name="text"/> names, among the account's terminals.</summary>
    public static async Task<(string Id, string Tid)> ResolveAsync(Invocation invocation, string text)
    {
        var terminals = (await invocation.Client.Terminals.ListAsync(cancellationToken: invocation.Cancellation))
            .Select(t => (t.Id, t.Properties.Tid)).ToList();
        return Pick(terminals, text);
    }

    /// <summary>The one of <paramref name="terminals"/> that <paramref name="text"/> names.</summary>
    public static (string Id, string Tid) Pick(IReadOnlyList<(string Id, string Tid)> terminals, string text)
    {
        var byId = terminals.Where(t => string.Equals(t.Id, text, StringComparison.Ordinal)).ToList();
        var matches = byId.Count > 0 ? byId
            : terminals.Where(t => t.Tid.EndsWith(text, StringComparison.OrdinalIgnoreCase)).ToList();
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new PacException($"no terminal has the id or a TID ending '{text}'; the TIDs are {string.Join(", ", terminals.Select(t => t.Tid))}"),
            _ => throw new PacException($"'{text}' names {matches.Count} terminals ({string.Join(", ", matches.Select(t => t.Tid))}); give more of the TID or its id"),
        };
    }
}
