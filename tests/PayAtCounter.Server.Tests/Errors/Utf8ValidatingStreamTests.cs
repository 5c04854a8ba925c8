using System.Text;
using System.Text.Json;
using PayAtCounter.Server.Errors;

namespace PayAtCounter.Server.Tests.Errors;

/// <summary>The UTF-8 check of request bodies holds however the body is cut into reads.</summary>
public sealed class Utf8ValidatingStreamTests
{
    // A body that arrives a few bytes at a time, as a slow client's would.
    private sealed class Trickle(byte[] body, int size) : MemoryStream(body)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            => base.ReadAsync(buffer[..Math.Min(size, buffer.Length)], cancellationToken);
    }

    private static async Task<string> ReadAllAsync(byte[] body, int size)
    {
        using var stream = new Utf8ValidatingStream(new Trickle(body, size));
        using var read = new MemoryStream();
        var buffer = new byte[64];
        while (true)
        {
            // A zero-byte read first, as Kestrel's body reader makes while it waits: it is not the end of the body.
            Assert.Equal(0, await stream.ReadAsync(Memory<byte>.Empty));
            var n = await stream.ReadAsync(buffer);
            if (n == 0)
            {
                return Encoding.UTF8.GetString(read.ToArray());
            }
            read.Write(buffer, 0, n);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    public async Task Valid_text_cut_anywhere_is_read_whole(int size)
    {
        const string text = "{\"reference\":\"£5 € 😀 ok\"}";

        Assert.Equal(text, await ReadAllAsync(Encoding.UTF8.GetBytes(text), size));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public async Task An_encoded_surrogate_or_a_cut_last_character_is_refused_however_it_is_cut(int size)
    {
        byte[] surrogate = [.. "{\"a\":\""u8, 0xed, 0xa0, 0x80, .. "\"}"u8];
        byte[] cut = [.. "{\"a\":\"x\"}"u8, 0xe2, 0x82];

        var first = await Assert.ThrowsAsync<JsonException>(() => ReadAllAsync(surrogate, size));
        await Assert.ThrowsAsync<JsonException>(() => ReadAllAsync(cut, size));
        Assert.Contains("(byte 7)", first.Message, StringComparison.Ordinal);
    }
}
