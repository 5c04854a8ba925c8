namespace PayAtCounter.Engine.Ids;

/// <summary>
/// Makes every id the API hands out. With a seed the sequence is repeatable, so the same inputs and
/// clock give the same ids; without one it draws from a shared random source.
/// Ids keep Dojo's shapes, but their first characters are the clock's time in milliseconds, so ids made
/// close together sort close together. Stored ids are primary keys: random ones sent each new row to a
/// different index page, and under a burst of creates every commit rewrote dozens of pages (and SQLite's
/// log of them) for a handful of rows. The rest of each id stays random.
/// </summary>
public sealed class IdGenerator
{
    // The 64 base64url characters in ordinal order, so a number written with them sorts as the number does.
    private const string Base64UrlAlphabet = "-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";

    // Milliseconds as 48 bits: 8 base64url characters, or 6 bytes (12 hex digits).
    private const int TimeChars = 8;
    private const int TimeBytes = 6;

    private readonly TimeProvider _clock;
    private Random _random;
    private readonly Lock _gate = new();

    /// <summary>Creates a generator; a seed makes it deterministic. Ids start with <paramref name="clock"/>'s time (the system's by default).</summary>
    public IdGenerator(int? seed = null, TimeProvider? clock = null)
    {
        _random = seed is { } s ? new Random(s) : new Random();
        _clock = clock ?? TimeProvider.System;
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

    /// <summary>An id made of <paramref name="prefix"/> and 22 base64url characters: the time, then random ones.</summary>
    public string Prefixed(string prefix)
    {
        const int length = 22;
        Span<char> id = stackalloc char[prefix.Length + length];
        prefix.AsSpan().CopyTo(id);
        var time = id.Slice(prefix.Length, TimeChars);
        var milliseconds = Milliseconds();
        for (var i = time.Length - 1; i >= 0; i--, milliseconds >>= 6)
        {
            time[i] = Base64UrlAlphabet[(int)(milliseconds & 63)];
        }
        Span<byte> random = stackalloc byte[length - TimeChars];
        Fill(random);
        for (var i = 0; i < random.Length; i++)
        {
            id[prefix.Length + TimeChars + i] = Base64UrlAlphabet[random[i] & 63];
        }
        return new string(id);
    }

    // Big-endian time bytes, then random ones, as lower-case hex (which sorts as the bytes do).
    private string Hex(int byteCount)
    {
        Span<byte> bytes = stackalloc byte[byteCount];
        var milliseconds = Milliseconds();
        for (var i = TimeBytes - 1; i >= 0; i--, milliseconds >>= 8)
        {
            bytes[i] = (byte)milliseconds;
        }
        Fill(bytes[TimeBytes..]);
        return Convert.ToHexStringLower(bytes);
    }

    // A clock set before 1970 would give a negative count; ids then simply lose their order.
    private long Milliseconds() => Math.Max(0, _clock.GetUtcNow().ToUnixTimeMilliseconds());

    private void Fill(Span<byte> bytes)
    {
        lock (_gate)
        {
            _random.NextBytes(bytes);
        }
    }
}
