using Microsoft.Extensions.Options;
using PayAtCounter.Engine.Ids;
using PayAtCounter.Server.Accounts;
using PayAtCounter.Server.Webhooks;

namespace PayAtCounter.Server.Sandbox;

/// <summary>Keeps seeded ids unique across restarts on the same data.</summary>
public static class IdSequence
{
    /// <summary>With <c>Sandbox:Seed</c> set and data already stored, continues from a sequence of its own.</summary>
    public static async Task ContinueIdSequenceAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        if (services.GetRequiredService<IOptions<SandboxOptions>>().Value.Seed is not { } seed)
        {
            return;
        }
        await using var scope = services.CreateAsyncScope();
        // The outbox grows with every change, so it tells one run of the same history from the next.
        var written = await scope.ServiceProvider.GetRequiredService<WebhookStore>().EventCountAsync(cancellationToken)
            + await scope.ServiceProvider.GetRequiredService<AccountStore>().CountAsync(cancellationToken);
        if (written > 0)
        {
            // Plain arithmetic, not HashCode: that is randomized per process, and the sequence must repeat.
            services.GetRequiredService<IdGenerator>().Reseed(unchecked((seed * 397) ^ written));
        }
    }
}
