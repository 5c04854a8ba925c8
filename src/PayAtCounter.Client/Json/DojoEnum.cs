using System.Collections.Concurrent;

namespace PayAtCounter.Client;

/// <summary>
/// Enum values the SDK read from the API. Dojo adds statuses and types over time; the SDK reads a value it does not
/// know as a value of its own (not one of the enum's named members, so a <c>switch</c> falls to its default) and
/// keeps the text it came as, so it can be shown, logged and sent back unchanged.
/// </summary>
public static class DojoEnum
{
    /// <summary>True when <paramref name="value"/> is one of the enum's named members, false for one Dojo added later.</summary>
    public static bool IsKnown<TEnum>(TEnum value)
        where TEnum : struct, Enum
        => EnumNames<TEnum>.NameOf.ContainsKey(value);

    /// <summary>The value as the API writes it: the member's name, or the text an unknown value was read from.</summary>
    public static string ToWireString<TEnum>(TEnum value)
        where TEnum : struct, Enum
        => EnumNames<TEnum>.NameOf.TryGetValue(value, out var name) ? name
            : UnknownValues<TEnum>.TextOf.TryGetValue(value, out var text) ? text
            : value.ToString();
}

/// <summary>The named members of <typeparamref name="TEnum"/>, both ways.</summary>
internal static class EnumNames<TEnum>
    where TEnum : struct, Enum
{
    public static readonly Dictionary<TEnum, string> NameOf = Enum.GetValues(typeof(TEnum)).Cast<TEnum>().Distinct()
        .ToDictionary(v => v, v => v.ToString());

    public static readonly Dictionary<string, TEnum> ValueOf = NameOf.ToDictionary(p => p.Value, p => p.Key, StringComparer.OrdinalIgnoreCase);
}

/// <summary>
/// The values standing for texts the SDK did not know, one per distinct text, numbered from far above any named
/// member. Bounded: a server sending endless new texts shares one last value instead of growing the process.
/// </summary>
internal static class UnknownValues<TEnum>
    where TEnum : struct, Enum
{
    private const int First = 1_000_000;
    private const int Limit = 1_000;

    public static readonly ConcurrentDictionary<TEnum, string> TextOf = new();
    private static readonly ConcurrentDictionary<string, TEnum> ValueOf = new(StringComparer.Ordinal);
    private static int _next = First;

    public static TEnum For(string text)
    {
        if (ValueOf.TryGetValue(text, out var known))
        {
            return known;
        }
        lock (ValueOf)
        {
            if (ValueOf.TryGetValue(text, out known))
            {
                return known;
            }
            if (_next >= First + Limit)
            {
                return (TEnum)Enum.ToObject(typeof(TEnum), First + Limit);
            }
            var value = (TEnum)Enum.ToObject(typeof(TEnum), _next++);
            TextOf[value] = text;
            ValueOf[text] = value;
            return value;
        }
    }
}
