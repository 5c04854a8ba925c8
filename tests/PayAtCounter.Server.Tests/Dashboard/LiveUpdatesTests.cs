using System.Net;
using PayAtCounter.Server.Tests.Infrastructure;

namespace PayAtCounter.Server.Tests.Dashboard;

/// <summary>The event stream that makes dashboard pages live: a commit's topics reach the open pages of its own account.</summary>
public sealed class LiveUpdatesTests
{
    [Fact]
    public async Task A_change_is_told_to_the_open_pages_of_its_account_and_no_other()
    {
        using var app = new PayAtCounterApp();
        var page = new DashboardBrowser(app);
        await page.SignInAsync(PayAtCounterApp.SandboxKey);
        using var stream = await page.Http.GetAsync("/dashboard/events", HttpCompletionOption.ResponseHeadersRead);
        using var events = new StreamReader(await stream.Content.ReadAsStreamAsync());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
        Assert.Equal("text/event-stream", stream.Content.Headers.ContentType!.MediaType);
        Assert.Equal("connected", await NextEventAsync(events, timeout.Token));
        var others = (string)(await app.CreateDojoClient(PayAtCounterApp.OtherKey).CreateIntentAsync())["id"]!;
        var mine = (string)(await app.CreateDojoClient().CreateIntentAsync())["id"]!;
        var told = new List<string>();
        while (!told.Contains($"intent-{mine}"))
        {
            told.Add(await NextEventAsync(events, timeout.Token));
        }

        Assert.Contains("intents", told);
        Assert.DoesNotContain(told, topic => topic.Contains(others, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_stream_needs_a_signed_in_person()
    {
        using var app = new PayAtCounterApp();

        using var answer = await new DashboardBrowser(app).Http.GetAsync("/dashboard/events");

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
    }

    // The next event's name ("event: name", then "data: …", then a blank line).
    private static async Task<string> NextEventAsync(StreamReader events, CancellationToken cancellationToken)
    {
        string? name = null;
        while (await events.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line["event: ".Length..];
            }
            else if (line.Length == 0 && name is not null)
            {
                return name;
            }
        }
        throw new EndOfStreamException("The event stream ended.");
    }
}
