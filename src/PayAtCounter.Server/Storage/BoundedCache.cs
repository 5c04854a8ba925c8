using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace PayAtCounter.Server.Storage;

/// <summary>
/// A concurrent dictionary that starts again empty once it holds <c>capacity</c> entries: for caches where a
/// miss only costs a database read. It counts its own entries because <see cref="ConcurrentDictionary{TKey,TValue}.Count"/>
/// takes every lock of the dictionary, which on a hot path costs more than the lookup it guards.
/// </summary>
public sealed class BoundedCache<TKey, TValue>(int capacity, IEqualityComparer<TKey>? comparer = null)
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, TValue> _entries = new(comparer);
    private int _count;

    /// <summary>The entry for <paramref name="key"/>, if any.</summary>
    public bool TryGet(TKey key, [MaybeNullWhen(false)] out TValue value) => _entries.TryGetValue(key, out value);

    /// <summary>Adds or replaces the entry for <paramref name="key"/>.</summary>
    public void Set(TKey key, TValue value)
    {
        // Approximate under races, which is all a bound needs.
        if (Volatile.Read(ref _count) >= capacity && !_entries.ContainsKey(key))
        {
            _entries.Clear();
            Interlocked.Exchange(ref _count, 0);
        }
        if (_entries.TryAdd(key, value))
        {
            Interlocked.Increment(ref _count);
        }
        else
        {
            _entries[key] = value;
        }
    }

    /// <summary>Removes the entry for <paramref name="key"/>, if any.</summary>
    public void Remove(TKey key)
    {
        if (_entries.TryRemove(key, out _))
        {
            Interlocked.Decrement(ref _count);
        }
    }

    /// <summary>Removes every entry.</summary>
    public void Clear()
    {
        _entries.Clear();
        Interlocked.Exchange(ref _count, 0);
    }
}
