using System.Net;
using System.Text.Json.Nodes;
using PayAtCounter.Server.Tests.Infrastructure;

namespace PayAtCounter.Server.Tests.Storage;

/// <summary>
/// Sandbox time never goes back, across a graceful stop or a kill, at any clock speed: after a restart the clock
/// reads no earlier than any time the server handed out before (intents' <c>createdAt</c>, the clock itself).
/// </summary>
public sealed class ClockRestartTests : IDisposable
{
    private readonly TempDataDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Theory]
    [InlineData("1", false)]
    [InlineData("1", true)]
    [InlineData("20", false)]
    [InlineData("20", true)]
    [InlineData("0", false)]
    [InlineData("0", true)]
    public async Task After_a_restart_the_clock_reads_no_earlier_than_any_time_handed_out_before(string speed, bool killed)
    {
        await using var server = new ServerProcess(_data.Path, "--Sandbox:ClockSpeed", speed);
        await server.StartAsync();
        var latest = await NowAsync(server.Client);
        await server.Client.AdvanceClockAsync(TimeSpan.FromDays(30));
        // A running clock is read for a few real seconds, long enough for its stored lease to be renewed: a
        // real-time wait is the point here.
        var until = DateTime.UtcNow + (speed == "0" ? TimeSpan.Zero : TimeSpan.FromSeconds(2.5));
        do
        {
            var created = (DateTimeOffset)(await server.Client.CreateIntentAsync())["createdAt"]!;
            latest = Max(latest, Max(created, await NowAsync(server.Client)));
        }
        while (DateTime.UtcNow < until);

        if (killed)
        {
            await server.KillAsync();
        }
        else
        {
            await server.StopAsync();
        }
        await server.StartAsync();
        var after = await NowAsync(server.Client);

        Assert.True(after >= latest, $"the clock read {after:O} after the restart, earlier than {latest:O} handed out before");
        Assert.True(after >= latest.AddDays(-1) && after <= latest.AddDays(1), $"{after:O} is far from {latest:O}: the advance was lost or doubled");
    }

    private static async Task<DateTimeOffset> NowAsync(HttpClient client)
        => (DateTimeOffset)(await (await client.GetAsync("/sandbox/clock")).ReadJsonAsync(HttpStatusCode.OK))["now"]!;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
