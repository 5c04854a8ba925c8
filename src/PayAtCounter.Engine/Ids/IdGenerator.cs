namespace PayAtCounter.Engine.Ids;

/// <summary>
/// Makes every id the API hands out. With a seed the sequence is repeatable, so the same inputs and
/// clock give the same ids; without one it draws from a shared random source.
/// </summary>
public sealed class IdGenerator
{
    private const string Base64UrlAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private Random _random;
    private readonly Lock _gate = new();

    /// <summary>Creates a generator; a seed makes it deterministic.</summary>
    public IdGenerator(int? seed = null)
    {
        _random = seed is { } s ? new Random(s) : new Random();
    }

    /// <summary>
    /// Starts a new deterministic sequence. A seeded server restarted on its own data calls this with the seed
    /// mixed with how much it already holds, so it does not hand out the ids of its first run again.
    /// </summary>
    public void Reseed(int seed)
    {
        lock (_gate)
        {
            _random = new Random(seed);
        }
    }

    /// <summary>A payment intent id: <c>pi_[sandbox_]</c> and 22 base64url characters.</summary>
    public string PaymentIntentId(bool sandbox) => Prefixed(sandbox ? "pi_sandbox_" : "pi_");

    /// <summary>A terminal id: <c>tm_[sandbox_]</c> and 24 hex digits, like Dojo's.</summary>
    public string TerminalId(bool sandbox) => (sandbox ? "tm_sandbox_" : "tm_") + Hex(12);

    /// <summary>A terminal session id: <c>ts_[sandbox_]</c> and 24 hex digits.</summary>
    public string TerminalSessionId(bool sandbox) => (sandbox ? "ts_sandbox_" : "ts_") + Hex(12);

    /// <summary>A capture id.</summary>
    public string CaptureId() => Prefixed("cp_");

    /// <summary>A refund id.</summary>
    public string RefundId() => Prefixed("rfnd_");

    /// <summary>A reversal id.</summary>
    public string ReversalId() => Prefixed("rvs_");

    /// <summary>A webhook event id.</summary>
    public string EventId() => Prefixed("evt_");

    /// <summary>An account id.</summary>
    public string AccountId() => Prefixed("acc_");

    /// <summary>A transaction id (a GUID string, as in Dojo's examples).</summary>
    public string TransactionId()
    {
        Span<byte> bytes = stackalloc byte[16];
        Fill(bytes);
        return new Guid(bytes).ToString();
    }

    /// <summary>A six-digit authorization code.</summary>
    public string AuthCode()
    {
        lock (_gate)
        {
            return _random.Next(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    /// <summary>An id made of <paramref name="prefix"/> and 22 base64url characters.</summary>
    public string Prefixed(string prefix)
    {
        Span<byte> bytes = stackalloc byte[22];
        Fill(bytes);
        return string.Create(prefix.Length + bytes.Length, (prefix, bytes.ToArray()), static (span, state) =>
        {
            state.prefix.AsSpan().CopyTo(span);
            for (var i = 0; i < state.Item2.Length; i++)
            {
                span[state.prefix.Length + i] = Base64UrlAlphabet[state.Item2[i] & 63];
            }
        });
    }

    private string Hex(int byteCount)
    {
        Span<byte> bytes = stackalloc byte[byteCount];
        Fill(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    private void Fill(Span<byte> bytes)
    {
        lock (_gate)
        {
            _random.NextBytes(bytes);
        }
    }
}
