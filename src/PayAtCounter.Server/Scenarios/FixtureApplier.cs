using PayAtCounter.Engine.Clock;
using PayAtCounter.Server.Sandbox;

namespace PayAtCounter.Server.Scenarios;

/// <summary>Applies a fixture that was built without errors: the clock first (forward only), then the world in one commit.</summary>
internal static class FixtureApplier
{
    /// <summary>False when the account kept changing under every attempt.</summary>
    public static async Task<bool> ApplyAsync(FixtureWorld world, string accountId, ScenarioStore store, SandboxClock clock, ClockStore clockStore)
    {
        var ahead = world.Now - clock.GetUtcNow();
        if (ahead > TimeSpan.Zero)
        {
            await clockStore.AdvanceAsync(ahead);
        }
        return await store.ApplyFixtureAsync(accountId, world);
    }
}
