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

    /// <summary>
    /// Takes a screenshot of the page (or of <paramref name="part"/>) named <paramref name="name"/>: the whole page, or
    /// only what fits the window when <paramref name="fullPage"/> is false (a long report). Only those the README shows
    /// (<paramref name="shown"/>) are committed; the others stay in the test's output folder to look at.
    /// </summary>
    public static async Task TakeAsync(IPage page, string name, ILocator? part = null, bool fullPage = true, bool shown = true)
    {
        var folder = Updating && shown ? Committed : Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name + ".png");
        if (part is null)
        {
            await page.ScreenshotAsync(new() { Path = path, FullPage = fullPage });
            return;
        }
        // A live part is never replaced, only its content (see LiveUpdates), so the locator stays attached.
        await part.ScreenshotAsync(new() { Path = path });
    }
}
