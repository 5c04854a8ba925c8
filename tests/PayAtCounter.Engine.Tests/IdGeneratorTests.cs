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
    public void The_same_seed_gives_the_same_sequence_whatever_the_clock_and_another_seed_does_not()
    {
        static string[] Take(int seed, DateTimeOffset now)
        {
            var ids = new IdGenerator(seed, new FakeTimeProvider(now));
            return [ids.PaymentIntentId(true), ids.CaptureId(), ids.TerminalSessionId(true), ids.AuthCode(), ids.TransactionId()];
        }
        var today = new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal(Take(7, today), Take(7, today.AddHours(5)));
        Assert.NotEqual(Take(7, today), Take(8, today));
    }

    [Fact]
    public void Ids_sort_in_the_order_they_were_made_within_a_generator_and_across_restarts()
    {
        // Ordinal order is how the databases order the primary keys these ids go into.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
        var intents = new List<string>();
        var sessions = new List<string>();
        // One generator's sequence, long enough that the last four sequence characters all turn over.
        var ids = new IdGenerator(clock: clock);
        for (var i = 0; i < 70_000; i++)
        {
            intents.Add(ids.PaymentIntentId(sandbox: true));
            sessions.Add(ids.TerminalSessionId(sandbox: true));
        }
        // Restarts later on: more than 64 at each character's unit, so every character runs through all its values.
        for (var unit = 1L << 18; unit <= 1L << 36; unit <<= 6)
        {
            for (var step = 0; step < 70; step++)
            {
                clock.Advance(TimeSpan.FromMilliseconds(unit));
                var restarted = new IdGenerator(clock: clock);
                intents.Add(restarted.PaymentIntentId(sandbox: true));
                sessions.Add(restarted.TerminalSessionId(sandbox: true));
            }
        }

        Assert.Equal(intents.Order(StringComparer.Ordinal), intents);
        Assert.Equal(sessions.Order(StringComparer.Ordinal), sessions);
        Assert.Equal(intents.Count, intents.Distinct().Count());
        Assert.Equal(sessions.Count, sessions.Distinct().Count());
    }
}
