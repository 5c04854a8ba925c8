namespace PayAtCounter.Server.Tests.Infrastructure;

/// <summary>A data folder that outlives one server (restart tests) and is deleted with the test.</summary>
public sealed class TempDataDirectory : IDisposable
{
    /// <summary>The folder path.</summary>
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "pac-tests", Guid.NewGuid().ToString("N"));

    /// <summary>Deletes the folder once SQLite has let go of its files.</summary>
    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
