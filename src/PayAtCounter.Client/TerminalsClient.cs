using PayAtCounter.Contracts;

namespace PayAtCounter.Client;

/// <summary>The <c>/terminals</c> operations.</summary>
public class TerminalsClient
{
    private readonly DojoClient _client = null!;

    /// <summary>For mocking.</summary>
    protected TerminalsClient()
    {
    }

    internal TerminalsClient(DojoClient client) => _client = client;

    /// <summary>All terminals, or those with any of <paramref name="statuses"/>.</summary>
    public virtual Task<List<Terminal>> ListAsync(IEnumerable<TerminalStatus>? statuses = null, CancellationToken cancellationToken = default)
    {
        var query = string.Join("&", (statuses ?? []).Select(s => "statuses=" + s));
        return _client.SendAsync<List<Terminal>>(HttpMethod.Get, "terminals" + (query.Length > 0 ? "?" + query : ""), null, true, null, cancellationToken);
    }

    /// <summary>One terminal.</summary>
    public virtual Task<Terminal> GetAsync(string terminalId, CancellationToken cancellationToken = default)
        => _client.SendAsync<Terminal>(HttpMethod.Get, $"terminals/{DojoClient.Segment(terminalId)}", null, true, null, cancellationToken);
}
