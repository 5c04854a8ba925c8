using Microsoft.Playwright;
using PayAtCounter.Tests.Shared;

namespace PayAtCounter.Browser.Tests;

/// <summary>
/// Screenshots the tests take at the PDQ's main steps and of every page. They go to the test's output folder; with
/// <c>UPDATE_SCREENSHOTS=1</c> they replace the ones in <c>docs/screenshots</c> that the README shows.
/// </summary>
public static class Screenshots
{
    /// <summary>The committed screenshots' folder.</summary>
    public static string Committed => Path.Combine(RepositoryPaths.Root(), "docs", "screenshots");

    private static bool Updating => Environment.GetEnvironmentVariable("UPDATE_SCREENSHOTS") == "1";

    /// <summary>Takes a screenshot of the page (or of <paramref name="part"/>) named <paramref name="name"/>.</summary>
    public static async Task TakeAsync(IPage page, string name, ILocator? part = null)
    {
        var folder = Updating ? Committed : Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name + ".png");
        if (part is null)
        {
            await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        }
        else
        {
            await part.ScreenshotAsync(new() { Path = path });
        }
    }
}
