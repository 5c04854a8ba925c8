using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace PayAtCounter.Contracts;

/// <summary>
/// The one JSON configuration for Dojo wire models, shared by the server and the SDK: camelCase,
/// case-insensitive names, absent values omitted, numbers only as numbers, Dojo timestamps.
/// </summary>
public static class DojoJson
{
    /// <summary>Ready-made options over the source-generated metadata.</summary>
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>Serialization metadata for <typeparamref name="T"/> under <see cref="Options"/>.</summary>
    public static JsonTypeInfo<T> TypeInfo<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));

    /// <summary>Applies the wire conventions to <paramref name="options"/> (e.g. ASP.NET's HTTP JSON options).</summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.PropertyNameCaseInsensitive = true;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        // The web defaults read "1000" as a number; the API's schemas do not, so neither do we.
        options.NumberHandling = JsonNumberHandling.Strict;
        // Dojo's bodies carry '£', quotes and '<' unescaped; this is JSON for APIs, never embedded in HTML.
        options.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        options.Converters.Add(new UtcTimestampConverter());
        options.TypeInfoResolverChain.Insert(0, DojoJsonContext.Default);
        return options;
    }
}
