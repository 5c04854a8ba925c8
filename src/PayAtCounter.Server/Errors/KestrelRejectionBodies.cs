using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.WebUtilities;

namespace PayAtCounter.Server.Errors;

/// <summary>
/// Gives Kestrel's own rejections a body. A request Kestrel refuses before the application sees it (a malformed
/// request line, headers over the size limit, an unsupported HTTP version) is answered by Kestrel itself with
/// <c>Content-Length: 0</c> and <c>Connection: close</c>, and Kestrel offers no hook to change that. This connection
/// middleware sits between Kestrel and the socket: it notes the path of each request line it reads (to choose the
/// error shape, as <see cref="ErrorShapes"/> does) and rewrites such a bodiless 4xx/5xx into one with the error
/// body of that path. Everything else passes through untouched. On an HTTPS endpoint it sees only ciphertext and
/// so changes nothing.
/// </summary>
public static class KestrelRejectionBodies
{
    /// <summary>Adds the rewriting to a listener.</summary>
    public static void Use(ListenOptions listen) => listen.Use(next => async connection =>
    {
        var shape = new ShapeOfLastRequest();
        var transport = connection.Transport;
        connection.Transport = new DuplexPipe(new RequestLineReader(transport.Input, shape), new RejectionWriter(transport.Output, shape, connection.ConnectionId));
        await next(connection);
        if (shape.Rejected)
        {
            await DrainAsync(transport.Input);
        }
    });

    // After a rejection Kestrel closes the connection; a client still sending its body would then be reset and could
    // lose the answer. Reading on (at most 16 MiB, for at most 2 s) lets the answer arrive, as the API does for a body
    // it refuses (RequestSizeLimitMiddleware).
    private static async Task DrainAsync(PipeReader input)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            for (long drained = 0; drained < RequestSizeLimitMiddleware.DrainBytes;)
            {
                var result = await input.ReadAsync(deadline.Token);
                drained += result.Buffer.Length;
                input.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted || result.IsCanceled)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException)
        {
            // The client stopped sending, went away, or the time is up: close as Kestrel would have.
        }
        finally
        {
            await input.CompleteAsync();
        }
    }

    /// <summary>The body Kestrel's rejection gets: its status, and what a client should change.</summary>
    internal static ApiError ErrorFor(int status) => status switch
    {
        StatusCodes.Status431RequestHeaderFieldsTooLarge => new ApiError(status, "Request Header Fields Too Large", "The request's headers are larger than the server accepts (32 KiB in all).", Code: "INVALID_REQUEST"),
        StatusCodes.Status414UriTooLong => new ApiError(status, "URI Too Long", "The request's URL is longer than the server accepts (8 KiB).", Code: "INVALID_REQUEST"),
        StatusCodes.Status505HttpVersionNotsupported => new ApiError(status, "HTTP Version Not Supported", "Send HTTP/1.1.", Code: "INVALID_REQUEST"),
        StatusCodes.Status408RequestTimeout => new ApiError(status, "Request Timeout", "The request was not received in time.", Code: "INVALID_REQUEST"),
        StatusCodes.Status413PayloadTooLarge => new ApiError(status, "Payload Too Large", "The request body is larger than the server accepts (1 MiB).",
            new Dictionary<string, string[]> { ["body"] = ["The request body is larger than the server accepts (1 MiB)."] }, "INVALID_REQUEST"),
        StatusCodes.Status400BadRequest => ApiError.Validation("request", "The request is not valid HTTP/1.1: check its request line, headers and framing."),
        >= 500 => new ApiError(status, ReasonPhrases.GetReasonPhrase(status), "The server could not handle the request.", Code: "INTERNAL_ERROR"),
        _ => new ApiError(status, ReasonPhrases.GetReasonPhrase(status), "The request is not valid HTTP/1.1: check its request line, headers and framing.", Code: "INVALID_REQUEST"),
    };

    private sealed class ShapeOfLastRequest
    {
        public ErrorShape Shape;

        // Set when Kestrel's rejection was rewritten: the connection ends, and what the client still sends is drained.
        public volatile bool Rejected;
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;
        public PipeWriter Output { get; } = output;
    }

    /// <summary>Notes the path family of a request line when a read starts with one; otherwise only passes through.</summary>
    private sealed class RequestLineReader(PipeReader inner, ShapeOfLastRequest last) : PipeReader
    {
        // Every read of every connection passes here: completed reads take no async step, and waiting ones a pooled one.
        public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
        {
            var pending = inner.ReadAsync(cancellationToken);
            if (pending.IsCompletedSuccessfully)
            {
                var result = pending.Result;
                Note(result.Buffer);
                return new ValueTask<ReadResult>(result);
            }
            return NotedAsync(pending);
        }

        [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
        private async ValueTask<ReadResult> NotedAsync(ValueTask<ReadResult> pending)
        {
            var result = await pending;
            Note(result.Buffer);
            return result;
        }

        public override bool TryRead(out ReadResult result)
        {
            if (!inner.TryRead(out result))
            {
                return false;
            }
            Note(result.Buffer);
            return true;
        }

        public override void AdvanceTo(SequencePosition consumed) => inner.AdvanceTo(consumed);

        public override void AdvanceTo(SequencePosition consumed, SequencePosition examined) => inner.AdvanceTo(consumed, examined);

        public override void CancelPendingRead() => inner.CancelPendingRead();

        // After a rejection the input stays open for the drain; otherwise Kestrel's completion is the transport's.
        public override void Complete(Exception? exception = null)
        {
            if (!last.Rejected)
            {
                inner.Complete(exception);
            }
        }

        // Kestrel consumes a request line as soon as it has parsed it, so a read that starts with "METHOD " starts a
        // request; reads in the middle of headers or bodies leave the noted shape as it was.
        private void Note(ReadOnlySequence<byte> buffer)
        {
            var first = buffer.FirstSpan;
            var space = first[..Math.Min(first.Length, 16)].IndexOf((byte)' ');
            if (space <= 0 || !first[..space].ContainsOnlyAsciiLetters())
            {
                return;
            }
            last.Shape = ShapeOf(first[(space + 1)..]);
        }
    }

    /// <summary>The shape for a request target as it arrives (origin or absolute form), as <see cref="ErrorShapes.ForPath"/> decides.</summary>
    internal static ErrorShape ShapeOf(ReadOnlySpan<byte> target)
    {
        if (target.StartsWith("http://"u8) || target.StartsWith("https://"u8))
        {
            var afterScheme = target.IndexOf("//"u8) + 2;
            var slash = target[afterScheme..].IndexOf((byte)'/');
            target = slash < 0 ? [] : target[(afterScheme + slash)..];
        }
        return StartsWithSegment(target, "/terminal-sessions"u8) ? ErrorShape.TerminalProblemDetails
            : StartsWithSegment(target, "/terminals"u8) ? ErrorShape.TerminalsError
            : StartsWithSegment(target, "/webhooks"u8) ? ErrorShape.WebhooksError
            : ErrorShape.ProblemDetails;
    }

    // Like PathString.StartsWithSegments: ignoring ASCII case, and the prefix ends the path or a segment of it.
    private static bool StartsWithSegment(ReadOnlySpan<byte> target, ReadOnlySpan<byte> prefix)
        => target.Length >= prefix.Length && System.Text.Ascii.EqualsIgnoreCase(target[..prefix.Length], prefix)
            && (target.Length == prefix.Length || target[prefix.Length] is (byte)'/' or (byte)'?' or (byte)' ' or (byte)'\r');

    // A method token (Kestrel refuses a lower-case one, and that refusal needs the shape too).
    private static bool ContainsOnlyAsciiLetters(this ReadOnlySpan<byte> token)
    {
        foreach (var b in token)
        {
            if (!char.IsAsciiLetter((char)b))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Passes every write through, except Kestrel's bodiless rejection, which it replaces with one with a body.</summary>
    private sealed class RejectionWriter(PipeWriter inner, ShapeOfLastRequest last, string connectionId) : PipeWriter
    {
        // Room asked of the pipe at least, so a rejection's whole header block (about 150 bytes) is written into one
        // buffer and can be seen whole; writes of any size pay nothing more than a segment sooner.
        private const int HeaderRoom = 512;
        private Memory<byte> _lastBuffer;

        public override Memory<byte> GetMemory(int sizeHint = 0) => _lastBuffer = inner.GetMemory(Math.Max(sizeHint, HeaderRoom));

        public override Span<byte> GetSpan(int sizeHint = 0) => (_lastBuffer = inner.GetMemory(Math.Max(sizeHint, HeaderRoom))).Span;

        public override void Advance(int bytes)
        {
            var written = _lastBuffer.Span[..Math.Min(bytes, _lastBuffer.Length)];
            // What follows in the same buffer, for a writer that advances again without asking for memory.
            _lastBuffer = _lastBuffer[Math.Min(bytes, _lastBuffer.Length)..];
            // The cheap test first: almost every write is a 2xx response or a body, and fails at byte 9.
            if (written.Length > 12 && written[9] is (byte)'4' or (byte)'5' && written.StartsWith("HTTP/1.1 "u8) && Rewrite(written) is { } replacement)
            {
                inner.Write(replacement);
                _lastBuffer = Memory<byte>.Empty;
                last.Rejected = true;
                return;
            }
            inner.Advance(bytes);
        }

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => inner.FlushAsync(cancellationToken);

        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        public override void Complete(Exception? exception = null) => inner.Complete(exception);

        public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

        public override long UnflushedBytes => inner.UnflushedBytes;

        // Kestrel's rejection is exactly a whole header block with "Content-Length: 0" and "Connection: close";
        // the application's own errors always carry a body, so they never match.
        private byte[]? Rewrite(ReadOnlySpan<byte> head)
        {
            var lengthAt = head.IndexOf("\r\nContent-Length: 0\r\n"u8);
            if (lengthAt < 0 || !head.EndsWith("\r\n\r\n"u8) || head.IndexOf("\r\nConnection: close\r\n"u8) < 0
                || !int.TryParse(head.Slice(9, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var status))
            {
                return null;
            }
            var body = ApiErrorWriter.Serialize(ErrorFor(status), last.Shape, connectionId);
            var headers = Encoding.ASCII.GetString(head[..lengthAt]);
            var rest = Encoding.ASCII.GetString(head[(lengthAt + "\r\nContent-Length: 0".Length)..]);
            var text = $"{headers}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {body.Length}{rest}";
            return [.. Encoding.ASCII.GetBytes(text), .. body];
        }
    }
}
