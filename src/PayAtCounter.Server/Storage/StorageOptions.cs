namespace PayAtCounter.Server.Storage;

/// <summary>Where data lives (<c>Storage</c> section).</summary>
public sealed class StorageOptions
{
    /// <summary>Folder of the SQLite database; relative paths are resolved against the content root.</summary>
    public string DataDirectory { get; set; } = ".payatcounter";
}
