using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace PayAtCounter.Fuzz.Tests;

/// <summary>What came back for one request: a response, or that the connection closed or the time ran out first.</summary>
public sealed record RawOutcome(RawResponse? Response, string? Failure);

/// <summary>A parsed HTTP/1.1 response.</summary>
public sealed record RawResponse(int Status, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    /// <summary>The body as text.</summary>
    public string Text => Encoding.UTF8.GetString(Body);
}

/// <summary>
/// A bare HTTP/1.1 client over one kept-alive socket. It sends the fuzzer's bytes exactly as generated (HttpClient
/// would refuse or repair most of them) and reports a connection the server closed without answering, which
/// HttpClient would retry or hide.
/// </summary>
public sealed class RawHttpConnection(Uri server) : IDisposable
{
    private readonly byte[] _buffer = new byte[64 * 1024];
    private Socket? _socket;
    private int _start;
    private int _end;

    /// <summary>
    /// Sends <paramref name="request"/> and reads its response, within <paramref name="timeout"/>. A connection the
    /// server closed without an answer is a failure, never retried: the server keeps connections far longer than the
    /// fuzzer pauses, and closes one only after an answer that says so.
    /// </summary>
    public async Task<RawOutcome> SendAsync(byte[] request, bool isHead, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        return await TryAsync(request, isHead, timeout, deadline.Token);
    }

    private async Task<RawOutcome> TryAsync(byte[] request, bool isHead, TimeSpan timeout, CancellationToken deadline)
    {
        try
        {
            return await ExchangeAsync(request, isHead, deadline);
        }
        catch (OperationCanceledException)
        {
            Close();
            return new RawOutcome(null, $"no answer within {timeout.TotalSeconds:0} s");
        }
        catch (Exception ex) when (ex is SocketException or IOException or ClosedEarlyException)
        {
            Close();
            return new RawOutcome(null, "the connection was closed without an answer: " + ex.Message);
        }
    }

    /// <inheritdoc />
    public void Dispose() => Close();

    private async Task<RawOutcome> ExchangeAsync(byte[] request, bool isHead, CancellationToken cancellationToken)
    {
        if (_socket is null)
        {
            _socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await _socket.ConnectAsync(server.Host, server.Port, cancellationToken);
            _start = _end = 0;
        }
        await _socket.SendAsync(request, SocketFlags.None, cancellationToken);
        while (true)
        {
            var head = await ReadHeadAsync(cancellationToken);
            var lines = head.Split("\r\n");
            var status = int.Parse(lines[0].AsSpan(9, 3), CultureInfo.InvariantCulture);
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var line in lines.Skip(1))
            {
                var colon = line.IndexOf(':');
                headers.TryAdd(line[..colon], line[(colon + 1)..].Trim());
            }
            if (status == 100)
            {
                continue;
            }
            byte[] body;
            if (isHead || status is 204 or 304)
            {
                body = [];
            }
            else if (headers.TryGetValue("Transfer-Encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
            {
                body = await ReadChunkedAsync(cancellationToken);
            }
            else if (headers.TryGetValue("Content-Length", out var length))
            {
                body = await ReadExactlyAsync(int.Parse(length, CultureInfo.InvariantCulture), cancellationToken);
            }
            else
            {
                body = await ReadToCloseAsync(cancellationToken);
            }
            if (headers.TryGetValue("Connection", out var connection) && connection.Equals("close", StringComparison.OrdinalIgnoreCase))
            {
                Close();
            }
            return new RawOutcome(new RawResponse(status, headers, body), null);
        }
    }

    private async Task<string> ReadHeadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var end = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n\r\n"u8);
            if (end >= 0)
            {
                var head = Encoding.Latin1.GetString(_buffer, _start, end);
                _start += end + 4;
                return head;
            }
            await FillAsync(cancellationToken);
        }
    }

    private async Task<byte[]> ReadChunkedAsync(CancellationToken cancellationToken)
    {
        using var body = new MemoryStream();
        while (true)
        {
            var size = int.Parse(await ReadLineAsync(cancellationToken), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            var chunk = await ReadExactlyAsync(size, cancellationToken);
            body.Write(chunk);
            await ReadLineAsync(cancellationToken);
            if (size == 0)
            {
                return body.ToArray();
            }
        }
    }

    private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var end = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n"u8);
            if (end >= 0)
            {
                var line = Encoding.Latin1.GetString(_buffer, _start, end);
                _start += end + 2;
                return line;
            }
            await FillAsync(cancellationToken);
        }
    }

    private async Task<byte[]> ReadExactlyAsync(int count, CancellationToken cancellationToken)
    {
        var result = new byte[count];
        var copied = 0;
        while (copied < count)
        {
            if (_start == _end)
            {
                await FillAsync(cancellationToken);
            }
            var take = Math.Min(count - copied, _end - _start);
            Array.Copy(_buffer, _start, result, copied, take);
            _start += take;
            copied += take;
        }
        return result;
    }

    private async Task<byte[]> ReadToCloseAsync(CancellationToken cancellationToken)
    {
        using var body = new MemoryStream();
        while (true)
        {
            body.Write(_buffer, _start, _end - _start);
            _start = _end = 0;
            var read = await _socket!.ReceiveAsync(_buffer.AsMemory(), SocketFlags.None, cancellationToken);
            if (read == 0)
            {
                Close();
                return body.ToArray();
            }
            _end = read;
        }
    }

    private async Task FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            Array.Copy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
        {
            throw new IOException("A response head larger than 64 KiB.");
        }
        var read = await _socket!.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, cancellationToken);
        if (read == 0)
        {
            throw new ClosedEarlyException();
        }
        _end += read;
    }

    private void Close()
    {
        _socket?.Dispose();
        _socket = null;
        _start = _end = 0;
    }

    private sealed class ClosedEarlyException() : Exception("the server closed the connection");
}
