using System.Text.Json.Serialization;

namespace PayAtCounter.Contracts;

/// <summary>
/// Reads and writes an enum as its exact Dojo string. Numbers are refused so that <c>"captureMode": 0</c>
/// is a validation error rather than a silent <c>Auto</c>; names are matched case-insensitively.
/// </summary>
/// <typeparam name="TEnum">The wire enum.</typeparam>
public sealed class StrictEnumConverter<TEnum> : JsonStringEnumConverter<TEnum>
    where TEnum : struct, Enum
{
    /// <summary>Creates the converter with no naming policy and integer values disallowed.</summary>
    public StrictEnumConverter()
        : base(namingPolicy: null, allowIntegerValues: false)
    {
    }
}
