namespace PayAtCounter.Tests.Shared;

/// <summary>Finds the repository the tests were built from, for tests that read or pack its files.</summary>
internal static class RepositoryPaths
{
    /// <summary>The folder holding <c>PayAtCounter.slnx</c>, above the test's output folder.</summary>
    public static string Root()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "PayAtCounter.slnx")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("PayAtCounter.slnx not found above " + AppContext.BaseDirectory);
    }
}
