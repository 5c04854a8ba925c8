namespace PayAtCounter.Engine.Ids;

/// <summary>
/// Makes every id the API hands out. With a seed the sequence is repeatable, so the same inputs give the
/// same ids; without one it draws from a shared random source.
/// Ids keep Dojo's shapes, but their first characters are a sequence number, written so that ordinal order is
/// the order they were made in. Stored ids are primary keys: random ones sent each new row to a different
/// index page, and under a burst of creates every commit rewrote dozens of pages (and SQLite's log of them)
/// for a handful of rows. The sequence starts at the clock's Unix milliseconds when the generator is made, so
/// an unseeded server's ids also keep their order across restarts (a seeded one starts at a fixed value, so
/// that its runs repeat); the rest of each id is random.
/// </summary>
public sealed class IdGenerator
{
    // The 64 base64url characters in ordinal order, so a number written with them sorts as the number does.
    private const string Base64UrlAlphabet = "-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";

    // The sequence number is 48 bits: 8 base64url characters, or 6 bytes (12 hex digits).
    private const int SequenceChars = 8;
    private const int SequenceBytes = 6;

    // Where a seeded sequence starts: 2024-01-01T00:00:00Z in Unix milliseconds, so its ids look like the others.
    private const long SeededStart = 1_704_067_200_000;

    private Random _random;
    private long _sequence;
    private readonly Lock _gate = new();

    /// <summary>Creates a generator; a seed makes it deterministic. <paramref name="clock"/> (the system's by default) sets where an unseeded sequence starts.</summary>
    public IdGenerator(int? seed = null, TimeProvider? clock = null)
    {
        _random = seed is { } s ? new Random(s) : new Random();
        _sequence = seed is null ? Math.Max(0, (clock ?? TimeProvider.System).GetUtcNow().ToUnixTimeMilliseconds()) : SeededStart;
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

    /// <summary>
    /// Starts a deterministic sequence at a chosen point and returns the sequence number it starts from: a sandbox
    /// snapshot does this when taken and again when restored, so the calls made after each hand out the same ids.
    /// With <paramref name="sequence"/> null the sequence number carries on from where it is.
    /// </summary>
    public long Restart(int seed, long? sequence)
    {
        lock (_gate)
        {
            _random = new Random(seed);
            if (sequence is { } at)
            {
                _sequence = at;
            }
            return _sequence;
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

    /// <summary>An id made of <paramref name="prefix"/> and 22 base64url characters: the sequence number, then random ones.</summary>
    public string Prefixed(string prefix)
    {
        const int length = 22;
        Span<char> id = stackalloc char[prefix.Length + length];
        prefix.AsSpan().CopyTo(id);
        Span<byte> random = stackalloc byte[length - SequenceChars];
        var sequence = Next(random);
        for (var i = SequenceChars - 1; i >= 0; i--, sequence >>= 6)
        {
            id[prefix.Length + i] = Base64UrlAlphabet[(int)(sequence & 63)];
        }
        for (var i = 0; i < random.Length; i++)
        {
            id[prefix.Length + SequenceChars + i] = Base64UrlAlphabet[random[i] & 63];
        }
        return new string(id);
    }

    // Big-endian sequence bytes, then random ones, as lower-case hex (which sorts as the bytes do).
    private string Hex(int byteCount)
    {
        Span<byte> bytes = stackalloc byte[byteCount];
        var sequence = Next(bytes[SequenceBytes..]);
        for (var i = SequenceBytes - 1; i >= 0; i--, sequence >>= 8)
        {
            bytes[i] = (byte)sequence;
        }
        return Convert.ToHexStringLower(bytes);
    }

    // The next sequence number, and random bytes drawn in the same turn, so a seeded run repeats exactly.
    private long Next(Span<byte> random)
    {
        lock (_gate)
        {
            _random.NextBytes(random);
            return _sequence++;
        }
    }

    private void Fill(Span<byte> bytes)
    {
        lock (_gate)
        {
            _random.NextBytes(bytes);
        }
    }
}
