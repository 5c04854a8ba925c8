using Microsoft.Extensions.Time.Testing;
using PayAtCounter.Engine.Ids;

namespace PayAtCounter.Engine.Tests;

public sealed class IdGeneratorTests
{
    [Fact]
    public void Ids_have_dojo_shapes()
    {
        var ids = new IdGenerator();

        Assert.Matches("^pi_sandbox_[A-Za-z0-9_-]{22}$", ids.PaymentIntentId(sandbox: true));
        Assert.Matches("^pi_[A-Za-z0-9_-]{22}$", ids.PaymentIntentId(sandbox: false));
        Assert.Matches("^rfnd_[A-Za-z0-9_-]{22}$", ids.RefundId());
        Assert.Matches("^tm_sandbox_[0-9a-f]{24}$", ids.TerminalId(sandbox: true));
        Assert.Matches("^ts_[0-9a-f]{24}$", ids.TerminalSessionId(sandbox: false));
        Assert.Matches("^[0-9]{6}$", ids.AuthCode());
        Assert.True(Guid.TryParse(ids.TransactionId(), out _));
    }

    [Fact]
    public void The_same_seed_and_clock_give_the_same_sequence_and_another_seed_does_not()
    {
        static string[] Take(int seed)
        {
            var ids = new IdGenerator(seed, new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero)));
            return [ids.PaymentIntentId(true), ids.CaptureId(), ids.TerminalSessionId(true), ids.AuthCode(), ids.TransactionId()];
        }

        Assert.Equal(Take(7), Take(7));
        Assert.NotEqual(Take(7), Take(8));
    }

    [Fact]
    public void Ids_made_later_sort_after_ids_made_earlier()
    {
        // Ordinal order is how the databases order the primary keys these ids go into.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
        var ids = new IdGenerator(clock: clock);
        var intents = new List<string>();
        var sessions = new List<string>();
        // More than 64 steps at each character's unit, so every character runs through all its values.
        for (var unit = 1L; unit <= 1L << 36; unit <<= 6)
        {
            for (var step = 0; step < 70; step++)
            {
                intents.Add(ids.PaymentIntentId(sandbox: true));
                sessions.Add(ids.TerminalSessionId(sandbox: true));
                clock.Advance(TimeSpan.FromMilliseconds(unit));
            }
        }

        Assert.Equal(intents.Order(StringComparer.Ordinal), intents);
        Assert.Equal(sessions.Order(StringComparer.Ordinal), sessions);
        Assert.Equal(intents.Count, intents.Distinct().Count());
    }

    [Fact]
    public void Ids_made_in_the_same_millisecond_still_differ()
    {
        var ids = new IdGenerator(clock: new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero)));

        var intents = Enumerable.Range(0, 10_000).Select(_ => ids.PaymentIntentId(sandbox: true)).ToList();
        var sessions = Enumerable.Range(0, 10_000).Select(_ => ids.TerminalSessionId(sandbox: true)).ToList();

        Assert.Equal(intents.Count, intents.Distinct().Count());
        Assert.Equal(sessions.Count, sessions.Distinct().Count());
    }
}
