using System.Net;
using PayAtCounter.Server.Tests.Infrastructure;

namespace PayAtCounter.Server.Tests.Dashboard;

/// <summary>The dashboard's scripts and styles come from the server itself, so it works offline.</summary>
public sealed class DashboardAssetsTests
{
    [Theory]
    [InlineData("htmx.min.js", "text/javascript")]
    [InlineData("htmx-sse.min.js", "text/javascript")]
    [InlineData("dashboard.css", "text/css")]
    public async Task Each_asset_is_served_with_an_etag_and_a_repeat_costs_a_304(string name, string type)
    {
        using var app = new PayAtCounterApp();
        var client = app.CreateClient();

        using var first = await client.GetAsync($"/dashboard/assets/{name}");
        var etag = first.Headers.ETag!;
        using var again = new HttpRequestMessage(HttpMethod.Get, $"/dashboard/assets/{name}") { Headers = { IfNoneMatch = { etag } } };
        using var repeat = await client.SendAsync(again);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(type, first.Content.Headers.ContentType!.MediaType);
        Assert.True((await first.Content.ReadAsByteArrayAsync()).Length > 100);
        Assert.Equal(HttpStatusCode.NotModified, repeat.StatusCode);
    }

    [Fact]
    public async Task Pages_load_nothing_from_another_site()
    {
        using var app = new PayAtCounterApp();
        var browser = new DashboardBrowser(app);
        await browser.SignInAsync(PayAtCounterApp.SandboxKey);

        var html = await browser.PageAsync("/dashboard/terminals") + await browser.PageAsync("/dashboard/sign-in");

        Assert.DoesNotMatch("""(src|href)="(https?:)?//""", html);
        Assert.Matches("""<script src="/dashboard/assets/htmx.min.js\?v=\w+">""", html);
    }
}
