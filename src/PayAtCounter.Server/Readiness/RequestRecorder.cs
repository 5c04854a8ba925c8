using System.Diagnostics;
using System.IO.Hashing;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using PayAtCounter.Engine.Ids;
using PayAtCounter.Server.Accounts;
using PayAtCounter.Server.Storage;

namespace PayAtCounter.Server.Readiness;

/// <summary>
/// Takes recorded requests off the request path: the middleware hands them over here, and <see cref="RecorderLoop"/>
/// writes them in batches. A budget of <see cref="ReadinessOptions.MaxRecordsPerSecond"/> decides before a request
/// is handled whether it is recorded at all, so under a load the rest cost nothing but a counter: they are
/// dropped and counted, and the report says how many. A response body equal to the last one stored for the same
/// account and path is not stored again (a till polls the same session once a second).
/// </summary>
public sealed class RequestRecorder(IOptions<ReadinessOptions> options)
{
    // Its own, never seeded: recorded requests are in no answer, so their ids need not repeat, and must not follow
    // the API's sequence, which a seeded snapshot restore rewinds.
    private readonly IdGenerator _ids = new();
    private readonly Channel<RecordedRequestRow> _queue = Channel.CreateBounded<RecordedRequestRow>(
        new BoundedChannelOptions(10_000) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });
    private readonly BoundedCache<(string? AccountId, string Path), ulong> _lastBodies = new(50_000);
    private readonly object _budgetLock = new();
    private long _second;
    private int _takenThisSecond;
    private long _dropped;
    private long _queued;
    private long _stored;
    private readonly SemaphoreSlim _storedSignal = new(0);

    /// <summary>Requests dropped since the server started, because the budget was spent or the queue full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Whether recording is on.</summary>
    public bool Enabled => options.Value.Recording;

    /// <summary>The largest body kept.</summary>
    public int BodyLimit => options.Value.BodyLimitBytes;

    /// <summary>Rows waiting to be written.</summary>
    internal ChannelReader<RecordedRequestRow> Queue => _queue.Reader;

    /// <summary>True when this request may be recorded (a share of this second's budget is taken); else it is counted as dropped.</summary>
    public bool TryTake()
    {
        var second = Stopwatch.GetTimestamp() / Stopwatch.Frequency;
        // Under a load the budget is spent within the first milliseconds of each second: the requests after that
        // only read two fields, without taking the lock.
        if (Volatile.Read(ref _second) == second && Volatile.Read(ref _takenThisSecond) >= options.Value.MaxRecordsPerSecond)
        {
            Interlocked.Increment(ref _dropped);
            return false;
        }
        lock (_budgetLock)
        {
            if (second != _second)
            {
                _second = second;
                _takenThisSecond = 0;
            }
            if (_takenThisSecond < options.Value.MaxRecordsPerSecond)
            {
                _takenThisSecond++;
                return true;
            }
        }
        Interlocked.Increment(ref _dropped);
        return false;
    }

    /// <summary>Queues a finished request; a full queue drops it (counted).</summary>
    public void Add(RecordedRequestRow row, ReadOnlySpan<byte> responseBody)
    {
        row.Id = _ids.Prefixed("rq_");
        var hash = XxHash3.HashToUInt64(responseBody);
        var key = (row.AccountId, row.Method + " " + row.Path);
        if (responseBody.Length > 0 && _lastBodies.TryGet(key, out var last) && last == hash)
        {
            row.ResponseBody = null;
            row.ResponseBodyCut = false;
            row.ResponseUnchanged = true;
        }
        else
        {
            _lastBodies.Set(key, hash);
        }
        if (_queue.Writer.TryWrite(row))
        {
            Interlocked.Increment(ref _queued);
        }
        else
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    /// <summary>Forgets the last response bodies seen: after a reset, a body marked "unchanged" would point at a deleted one.</summary>
    public void ForgetBodies() => _lastBodies.Clear();

    /// <summary>The loop stored (or gave up on) <paramref name="count"/> queued rows.</summary>
    internal void Stored(int count)
    {
        Interlocked.Add(ref _stored, count);
        _storedSignal.Release();
    }

    /// <summary>
    /// Waits (at most <paramref name="timeout"/>) until every request queued before the call is stored, so a report
    /// asked for right after a till's last request includes it.
    /// </summary>
    public async Task CatchUpAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var target = Interlocked.Read(ref _queued);
        var until = DateTime.UtcNow + timeout;
        while (Interlocked.Read(ref _stored) < target && DateTime.UtcNow < until)
        {
            await _storedSignal.WaitAsync(TimeSpan.FromMilliseconds(50), cancellationToken);
        }
    }

    /// <summary>The first few hex characters of the key's hash: tells keys apart in a report, reveals nothing.</summary>
    public static string? Fingerprint(string? authorization)
    {
        if (authorization is null || !authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        return ApiKeys.Fingerprint(authorization.AsSpan(6).Trim());
    }

    /// <summary>Text of a body cut at the limit, and whether it was cut.</summary>
    public static (string? Text, bool Cut) Capped(ReadOnlySpan<byte> body, int limit)
    {
        if (body.Length == 0)
        {
            return (null, false);
        }
        var cut = body.Length > limit;
        return (Encoding.UTF8.GetString(cut ? body[..limit] : body), cut);
    }
}
