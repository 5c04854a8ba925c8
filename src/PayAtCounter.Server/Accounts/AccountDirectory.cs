using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using PayAtCounter.Engine.Ids;
using PayAtCounter.Server.Sandbox;

namespace PayAtCounter.Server.Accounts;

/// <summary>
/// Finds accounts by API key and creates them. Known keys are cached by hash so authentication does not
/// query the database on every request; accounts are never deleted, so the cache cannot go stale.
/// A singleton: it borrows an <see cref="AccountStore"/> for the few calls that need the database.
/// </summary>
public sealed class AccountDirectory(IServiceScopeFactory scopes, IdGenerator ids, TimeProvider clock, IOptions<SandboxOptions> sandbox)
{
    private readonly ConcurrentDictionary<string, Account> _byHash = new(StringComparer.Ordinal);

    /// <summary>The account that owns <paramref name="apiKey"/> if it is known already; no database call, no allocation.</summary>
    public bool TryFindCached(ReadOnlySpan<char> apiKey, [NotNullWhen(true)] out Account? account)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        ApiKeys.Hash(apiKey, hash);
        Span<char> hex = stackalloc char[2 * SHA256.HashSizeInBytes];
        Convert.TryToHexString(hash, hex, out _);
        return _byHash.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(hex, out account);
    }

    /// <summary>The account that owns <paramref name="apiKey"/>, or null.</summary>
    public async Task<Account?> FindByKeyAsync(string apiKey, CancellationToken cancellationToken)
    {
        if (TryFindCached(apiKey, out var cached))
        {
            return cached;
        }
        var hash = ApiKeys.Hash(apiKey);
        await using var scope = scopes.CreateAsyncScope();
        var row = await scope.ServiceProvider.GetRequiredService<AccountStore>().FindByKeyHashAsync(hash, cancellationToken);
        // The index lookup finds the row; the fixed-time compare keeps the final check free of timing leaks.
        if (row is null || !ApiKeys.Matches(row.KeyHash, hash))
        {
            return null;
        }
        return Remember(row);
    }

    /// <summary>Creates an account for <paramref name="apiKey"/>, with its virtual terminals, unless one exists; returns it.</summary>
    public async Task<(Account Account, bool Created)> EnsureAsync(string name, string apiKey, CancellationToken cancellationToken)
    {
        if (await FindByKeyAsync(apiKey, cancellationToken) is { } existing)
        {
            return (existing, false);
        }
        var row = new AccountRow
        {
            Id = ids.AccountId(),
            Name = name,
            KeyHash = ApiKeys.Hash(apiKey),
            IsSandbox = ApiKeys.IsSandbox(apiKey),
            CreatedAtTicks = clock.GetUtcNow().UtcTicks,
        };
        await using var scope = scopes.CreateAsyncScope();
        var terminals = DefaultTerminals.For(row.Id, row.IsSandbox, sandbox.Value.Terminals, ids, clock.GetUtcNow());
        if (!await scope.ServiceProvider.GetRequiredService<AccountStore>().AddAsync(row, terminals))
        {
            // Another instance sharing the database (PostgreSQL) created it at the same moment: use theirs.
            return (await FindByKeyAsync(apiKey, cancellationToken) ?? throw new InvalidOperationException($"Account {name} could not be created, and no account has its key."), false);
        }
        // Known at once: the first request with the key (often the very next one) needs no query.
        return (Remember(row), true);
    }

    private Account Remember(AccountRow row)
    {
        var account = new Account(row.Id, row.Name, row.IsSandbox);
        _byHash[Convert.ToHexString(row.KeyHash)] = account;
        return account;
    }
}
