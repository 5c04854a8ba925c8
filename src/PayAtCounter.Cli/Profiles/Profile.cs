using System.Text.Json.Serialization;

namespace PayAtCounter.Cli.Profiles;

/// <summary>A saved server and key, chosen with <c>--profile</c>.</summary>
public sealed class Profile
{
    /// <summary>The API's base address.</summary>
    public string Url { get; set; } = "";
    /// <summary>The API key.</summary>
    public string Key { get; set; } = "";
    /// <summary>Sent as <c>software-house-id</c>; the sandbox's value when left out.</summary>
    public string? SoftwareHouseId { get; set; }
    /// <summary>Sent as <c>reseller-id</c>; the sandbox's value when left out.</summary>
    public string? ResellerId { get; set; }
}

/// <summary>The profiles file.</summary>
public sealed class ProfileFile
{
    /// <summary>Profiles by name.</summary>
    public SortedDictionary<string, Profile> Profiles { get; set; } = new(StringComparer.Ordinal);
}

[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ProfileFile))]
internal sealed partial class ProfileJsonContext : JsonSerializerContext
{
}
