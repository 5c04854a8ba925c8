namespace PayAtCounter.Server.Tests.Infrastructure;

/// <summary>A data folder that outlives one server (restart tests) and is deleted with the test.</summary>
public sealed class TempDataDirectory : IDisposable
{
    /// <summary>The folder path.</summary>
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "pac-tests", Guid.NewGuid().ToString("N"));

    /// <summary>Deletes the folder (and its database, on PostgreSQL) once the servers have let go of them.</summary>
    public void Dispose() => TestStorage.Delete(Path);
}
