using Microsoft.Extensions.Time.Testing;
using PayAtCounter.Engine.Clock;

namespace PayAtCounter.Engine.Tests;

public sealed class SandboxClockTests
{
    private static readonly DateTimeOffset Start = new(2024, 2, 15, 0, 48, 10, TimeSpan.Zero);

    [Fact]
    public void Runs_at_its_speed_factor()
    {
        var real = new FakeTimeProvider(Start);
        var clock = new SandboxClock(real, speed: 20);

        real.Advance(TimeSpan.FromSeconds(4));

        Assert.Equal(Start.AddSeconds(80), clock.GetUtcNow());
    }

    [Fact]
    public void Speed_zero_freezes_time_until_advanced()
    {
        var real = new FakeTimeProvider(Start);
        var clock = new SandboxClock(real, speed: 0);

        real.Advance(TimeSpan.FromHours(1));
        var frozen = clock.GetUtcNow();
        var advanced = clock.Advance(TimeSpan.FromSeconds(80));

        Assert.Equal(Start, frozen);
        Assert.Equal(Start.AddSeconds(80), advanced);
        Assert.Equal(TimeSpan.FromSeconds(80), clock.AdvancedBy);
    }

    [Fact]
    public void Cannot_go_backwards_or_run_at_a_negative_speed()
    {
        var clock = new SandboxClock(new FakeTimeProvider(Start), speed: 1);

        Assert.Throws<ArgumentOutOfRangeException>(() => clock.Advance(TimeSpan.FromSeconds(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SandboxClock(new FakeTimeProvider(Start), speed: -1));
    }
}
