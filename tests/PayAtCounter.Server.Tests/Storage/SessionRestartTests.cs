using PayAtCounter.Server.Tests.Infrastructure;

namespace PayAtCounter.Server.Tests.Storage;

/// <summary>
/// Timed steps are stored as due work: a server stopped mid-session, even killed, finishes the session
/// after it starts again, with no lost or repeated status events.
/// </summary>
public sealed class SessionRestartTests : IDisposable
{
    private readonly TempDataDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task A_session_stopped_mid_way_resumes_after_a_restart()
    {
        string intentId, sessionId;
        using (var first = new PayAtCounterApp(_data.Path))
        {
            var client = first.CreateDojoClient();
            intentId = (string)(await client.CreateIntentAsync())["id"]!;
            sessionId = (string)(await client.StartSaleAsync(await client.TerminalIdAsync("APP1"), intentId))["id"]!;
            await client.AdvanceClockAsync(TimeSpan.FromSeconds(6));
            Assert.Equal(["PresentCard", "PleaseWait", "EnterPin"], (await client.GetSessionAsync(sessionId)).Notifications());
        }

        using var second = new PayAtCounterApp(_data.Path);
        var again = second.CreateDojoClient();
        var final = (await again.PollAsync(sessionId))[^1];

        Assert.Equal(["InitiateRequested", "Initiated", "Captured"], final.Statuses());
        Assert.Equal(["PresentCard", "PleaseWait", "EnterPin", "PleaseWait", "RemoveCard"], final.Notifications());
        Assert.Equal("Captured", (string)(await again.GetIntentAsync(intentId))["status"]!);
    }

    [Fact]
    public async Task The_sandbox_clock_does_not_go_back_after_a_restart()
    {
        DateTimeOffset before;
        using (var first = new PayAtCounterApp(_data.Path))
        {
            await first.CreateDojoClient().AdvanceClockAsync(TimeSpan.FromDays(3));
            before = first.Clock.GetUtcNow();
        }

        using var second = new PayAtCounterApp(_data.Path);
        _ = second.Services;

        Assert.True(second.Clock.GetUtcNow() >= before);
    }

    [Fact]
    public async Task A_server_killed_mid_session_finishes_it_after_restarting()
    {
        await using var server = new ServerProcess(_data.Path);
        string intentId, sessionId;
        await server.StartAsync();
        {
            var client = server.Client;
            intentId = (string)(await client.CreateIntentAsync())["id"]!;
            sessionId = (string)(await client.StartSaleAsync(await client.TerminalIdAsync("APP1"), intentId))["id"]!;
            await client.AdvanceClockAsync(TimeSpan.FromSeconds(6));
            await server.KillAsync();
        }

        await server.StartAsync();
        var again = server.Client;
        var final = (await again.PollAsync(sessionId))[^1];

        Assert.Equal(["InitiateRequested", "Initiated", "Captured"], final.Statuses());
        Assert.Equal(["PresentCard", "PleaseWait", "EnterPin", "PleaseWait", "RemoveCard"], final.Notifications());
        Assert.Equal("Captured", (string)(await again.GetIntentAsync(intentId))["status"]!);
    }
}
