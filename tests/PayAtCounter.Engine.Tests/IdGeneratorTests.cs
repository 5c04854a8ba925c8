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
        Assert.Matches("^[0-9]{6}$", ids.AuthCode());
        Assert.True(Guid.TryParse(ids.TransactionId(), out _));
    }

    [Fact]
    public void The_same_seed_gives_the_same_sequence_and_another_seed_does_not()
    {
        static string[] Take(int seed)
        {
            var ids = new IdGenerator(seed);
            return [ids.PaymentIntentId(true), ids.CaptureId(), ids.AuthCode(), ids.TransactionId()];
        }

        Assert.Equal(Take(7), Take(7));
        Assert.NotEqual(Take(7), Take(8));
    }
}
