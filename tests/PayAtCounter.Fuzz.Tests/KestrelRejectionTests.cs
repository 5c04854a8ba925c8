using System.Text;

namespace PayAtCounter.Fuzz.Tests;

/// <summary>
/// What Kestrel refuses before the application runs still gets an error body in its path's shape, and a refused
/// oversized body still gets its answer (no reset while the client is sending).
/// </summary>
public sealed class KestrelRejectionTests : IAsyncLifetime
{
    private FuzzServer _server = null!;

    public async Task InitializeAsync() => _server = await FuzzServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("GET /terminals HTTP/1.1\r\nHost: x\r\nX-Big: {big}\r\n\r\n", 431, "code")]
    [InlineData("GET /terminal-sessions/x HTTP/1.1\r\nHost: x\r\nX-Big: {big}\r\n\r\n", 431, "all six")]
    [InlineData("GET /payment-intents/a b HTTP/1.1\r\nHost: x\r\n\r\n", 400, "errors")]
    [InlineData("GET /webhooks HTTP/1.7\r\nHost: x\r\n\r\n", 505, "detail")]
    [InlineData("POST /webhooks HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n", 400, "errors")]
    public async Task Kestrels_own_rejections_carry_the_error_body_of_their_path(string request, int status, string key)
    {
        using var connection = new RawHttpConnection(_server.Address);
        var bytes = Encoding.ASCII.GetBytes(request.Replace("{big}", new string('a', 40_000), StringComparison.Ordinal));

        var outcome = await connection.SendAsync(bytes, isHead: false, TimeSpan.FromSeconds(10));

        Assert.Null(outcome.Failure);
        Assert.Equal(status, outcome.Response!.Status);
        Assert.StartsWith("application/json", outcome.Response.Headers["Content-Type"], StringComparison.Ordinal);
        var body = System.Text.Json.JsonDocument.Parse(outcome.Response.Body).RootElement;
        Assert.Equal(status, body.GetProperty("status").GetInt32());
        // What that path's shape has: terminals' "code", the six keys terminal sessions always write, and so on.
        string[] keys = key == "all six" ? ["type", "title", "status", "detail", "traceId", "errors"] : [key];
        Assert.All(keys, k => Assert.True(body.TryGetProperty(k, out _), $"'{k}' missing in {outcome.Response.Text}"));
    }

    [Fact]
    public async Task A_body_declared_over_the_limit_is_answered_400_before_the_connection_closes()
    {
        var api = new ApiCalls(_server.Address, FuzzServer.Key);
        var body = "{\"reference\":\"" + new string('r', 12 * 1024 * 1024) + "\"}";

        var outcome = await api.SendAsync("POST", "/payment-intents", body);

        Assert.Null(outcome.Failure);
        Assert.Equal(400, outcome.Response!.Status);
        Assert.Contains("larger than", outcome.Response.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("POST /payment-intents HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: {length}\r\n\r\n")]
    [InlineData("PATCH http://127.0.0.1/webhooks/x HTTP/1.1\r\nHost: 127.0.0.1:1\r\nContent-Type: application/json\r\nContent-Length: {length}\r\n\r\n")]
    public async Task A_request_Kestrel_refuses_while_its_large_body_is_still_coming_gets_its_answer(string head)
    {
        // No Host, or a Host that is not the absolute-form target's: Kestrel refuses before anything reads the body. 12 MiB is
        // more than the sockets can buffer, so the client is still sending when the answer comes.
        var body = new byte[12 * 1024 * 1024];
        Array.Fill(body, (byte)' ');
        using var connection = new RawHttpConnection(_server.Address);

        var outcome = await connection.SendAsync([.. Encoding.ASCII.GetBytes(head.Replace("{length}", body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)), .. body], isHead: false, TimeSpan.FromSeconds(10));

        Assert.Null(outcome.Failure);
        Assert.Equal(400, outcome.Response!.Status);
    }
}
