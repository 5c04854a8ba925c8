using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace PayAtCounter.Server.Errors;

/// <summary>
/// Refuses a request body that is not valid UTF-8 (stray bytes, overlong forms, encoded surrogates), wherever in the
/// body they are. System.Text.Json checks the strings it decodes but skips over the values it does not read (an
/// unknown property's), so without this such a body could be accepted. The body is checked as the endpoint reads it,
/// without copying it; a bad byte ends the read with a 400 naming where it is.
/// </summary>
public sealed class Utf8BodyMiddleware(RequestDelegate next)
{
    /// <summary>Checks bodies as they are read; a request without one (every GET) passes with no async step.</summary>
    public Task InvokeAsync(HttpContext context)
        => context.Request.ContentLength is null or 0 && context.Request.Headers.TransferEncoding.Count == 0 ? next(context) : CheckedAsync(context);

    private async Task CheckedAsync(HttpContext context)
    {
        var request = context.Request;
        var original = request.Body;
        request.Body = new Utf8ValidatingStream(original);
        try
        {
            await next(context);
        }
        finally
        {
            // The recorder reads the (buffered) body again afterwards, unchecked and seekable.
            request.Body = original;
        }
    }
}

/// <summary>A request body that refuses itself at the first byte that is not valid UTF-8, as it is read.</summary>
internal sealed class Utf8ValidatingStream(Stream inner) : Stream
{
    // The bytes of a character the last read cut in two (at most three), checked with the next read.
    private readonly byte[] _carry = new byte[4];
    private int _carryLength;
    // Bytes read so far, the carried ones included.
    private long _position;

    // Pooled: a body read asynchronously costs no allocation per read.
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        // A zero-byte read into an empty buffer only waits for data; it is not the end of the body.
        Check(buffer.Span[..read], final: read == 0 && buffer.Length > 0);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = inner.Read(buffer, offset, count);
        Check(buffer.AsSpan(offset, read), final: read == 0 && count > 0);
        return read;
    }

    private void Check(ReadOnlySpan<byte> data, bool final)
    {
        if (_carryLength > 0)
        {
            // Finish the cut character first: it needs at most three more bytes.
            var take = Math.Min(data.Length, _carry.Length - _carryLength);
            Span<byte> joined = stackalloc byte[_carry.Length + take];
            _carry.AsSpan(0, _carryLength).CopyTo(joined);
            data[..take].CopyTo(joined[_carryLength..]);
            var carried = _carryLength;
            var used = Validate(joined[..(carried + take)], final, _position - carried) - carried;
            _carryLength = 0;
            if (used < 0)
            {
                // Still incomplete: everything joined is carried again.
                joined[..(carried + take)].CopyTo(_carry);
                _carryLength = carried + take;
                _position += take;
                return;
            }
            data = data[used..];
            _position += used;
        }
        var consumed = Validate(data, final, _position);
        data[consumed..].CopyTo(_carry);
        _carryLength = data.Length - consumed;
        _position += data.Length;
    }

    // Validates what it can; returns how many bytes were whole characters (the rest is a cut character).
    // startsAt: the place of data[0] in the body, for the error message.
    private static int Validate(ReadOnlySpan<byte> data, bool final, long startsAt)
    {
        // Nearly every read is whole characters: the vectorised check settles it without decoding.
        if (Utf8.IsValid(data))
        {
            return data.Length;
        }
        var status = Utf8.ToUtf16(data, Scratch, out var read, out _, replaceInvalidSequences: false, isFinalBlock: final);
        var total = read;
        while (status == OperationStatus.DestinationTooSmall)
        {
            status = Utf8.ToUtf16(data[total..], Scratch, out read, out _, replaceInvalidSequences: false, isFinalBlock: final);
            total += read;
        }
        if (status == OperationStatus.InvalidData || (final && total < data.Length))
        {
            throw new JsonException($"The request body is not valid UTF-8 (byte {startsAt + total + 1}): send JSON encoded as UTF-8.", null, null, startsAt + total, new DecoderFallbackException());
        }
        return total;
    }

    // Where characters go while being checked; they are not kept.
    [ThreadStatic]
    private static char[]? _scratch;

    private static Span<char> Scratch => _scratch ??= new char[4096];

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
