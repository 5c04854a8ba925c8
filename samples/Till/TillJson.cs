using System.Text.Json;
using System.Text.Json.Serialization;

namespace PayAtCounter.Till;

/// <summary>How the till writes its own JSON (the page's state, the journal file).</summary>
public static class TillJson
{
    /// <summary>camelCase, enums as names.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
