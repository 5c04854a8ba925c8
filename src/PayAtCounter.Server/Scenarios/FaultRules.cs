using Microsoft.Extensions.Options;
using PayAtCounter.Server.Hosting;
using PayAtCounter.Server.Readiness;
using PayAtCounter.Server.Sandbox;
using PayAtCounter.Server.Scheduling;
using PayAtCounter.Server.Storage;

namespace PayAtCounter.Server.Scenarios;

/// <summary>
/// The fault rules that may still apply, kept in memory so that a request pays one field read when there are none
/// (the usual case, and the benchmark's). <see cref="FaultRuleLoop"/> reads them again after every change made
/// here, and every second on PostgreSQL, where another instance may have changed them.
/// </summary>
public sealed class FaultRules(IOptions<SandboxOptions> sandbox)
{
    private volatile (FaultRule Rule, int? Remaining)[] _active = [];
    private readonly Dictionary<string, Random> _chances = new(StringComparer.Ordinal);

    /// <summary>Wakes <see cref="FaultRuleLoop"/> to read the rules again.</summary>
    public Signal Changed { get; } = new();

    /// <summary>When the first rule in memory expires: it is read again then, so expired rules cost requests nothing.</summary>
    public DateTimeOffset? NextExpiry { get; private set; }

    /// <summary>True when no rule may apply: the request path's only cost.</summary>
    public bool IsEmpty => _active.Length == 0;

    private readonly SemaphoreSlim _oneReload = new(1, 1);

    /// <summary>
    /// Reads the rules again. One read at a time, so a slow read never replaces a newer one's result: a request that
    /// changed a rule reloads before it answers, and its next call sees the change.
    /// </summary>
    public async Task ReloadAsync(FaultRuleStore store, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await _oneReload.WaitAsync(cancellationToken);
        try
        {
            _active = [.. await store.ActiveAsync(now, cancellationToken)];
            NextExpiry = _active.Length == 0 ? null : _active.Min(r => r.Rule.ExpiresAt);
        }
        finally
        {
            _oneReload.Release();
        }
    }

    /// <summary>
    /// The first rule of <paramref name="accountId"/> that matches the request and is not expired at
    /// <paramref name="now"/> (real time), with whether it has a count to take a call from; null for none.
    /// A rule with a probability is rolled here: a miss is no match.
    /// </summary>
    public (FaultRule Rule, bool Counted)? Match(string accountId, string method, string path, DateTimeOffset now)
    {
        foreach (var (rule, remaining) in _active)
        {
            if (rule.AccountId != accountId || rule.ExpiresAt <= now || remaining is <= 0 || !rule.Matches(method, path))
            {
                continue;
            }
            if (rule.Probability is { } chance && Roll(rule) >= chance)
            {
                continue;
            }
            return (rule, remaining is not null);
        }
        return null;
    }

    // One random sequence per rule; seeded from Sandbox:Seed and the rule's id, so a seeded run repeats its faults.
    private double Roll(FaultRule rule)
    {
        lock (_chances)
        {
            if (!_chances.TryGetValue(rule.Id, out var random))
            {
                random = sandbox.Value.Seed is { } seed ? new Random(StableHash.Of(seed, rule.Id)) : new Random();
                _chances[rule.Id] = random;
            }
            return random.NextDouble();
        }
    }
}

/// <summary>Reads the fault rules into <see cref="FaultRules"/>.</summary>
public sealed class FaultRuleLoop(FaultRules rules, IServiceScopeFactory scopes, WallClock wall, IOptions<StorageOptions> storage, DataReadiness readiness, ILogger<FaultRuleLoop> logger)
    : RuleReloadLoop(rules.Changed, scopes, wall, storage, readiness, logger)
{
    /// <inheritdoc />
    protected override string What => "fault rules";

    /// <inheritdoc />
    protected override DateTimeOffset? NextExpiry => rules.NextExpiry;

    /// <inheritdoc />
    protected override Task ReloadAsync(IServiceProvider services, CancellationToken cancellationToken)
        => rules.ReloadAsync(services.GetRequiredService<FaultRuleStore>(), Wall.GetUtcNow(), cancellationToken);
}
