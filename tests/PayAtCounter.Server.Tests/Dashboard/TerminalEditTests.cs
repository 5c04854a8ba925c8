using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using PayAtCounter.Server.Tests.Infrastructure;

namespace PayAtCounter.Server.Tests.Dashboard;

/// <summary>The terminal edit page's form: what it changes is what the person changed on it.</summary>
public sealed class TerminalEditTests
{
    [Fact]
    public async Task Saving_a_name_on_a_page_opened_before_the_tid_changed_keeps_the_new_tid()
    {
        using var app = new PayAtCounterApp();
        var (api, browser, terminalId) = await SignedInOnApp1Async(app);
        var page = await browser.PageAsync($"/dashboard/terminals/{terminalId}/edit");
        var shownTid = (string)(await TerminalAsync(api, terminalId))["tid"]!;
        Assert.Contains($"name=\"shownTid\" value=\"{shownTid}\"", page);

        // Meanwhile, the TID is changed through the API; then the open page's form is sent with only its name changed.
        (await api.PatchAsync($"/sandbox/terminals/{terminalId}", new StringContent("""{"tid":"VCMPYC8NEW1"}""", Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        var token = await browser.TokenAsync("/dashboard/terminals");
        using var saved = await browser.Http.PostAsync($"/dashboard/terminals/{terminalId}/edit", DashboardBrowser.Form(
            ("shownTid", shownTid), ("tid", shownTid), ("name", "Front counter"), ("__RequestVerificationToken", token)));

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var terminal = await TerminalAsync(api, terminalId);
        Assert.Equal(("VCMPYC8NEW1", "Front counter"), ((string)terminal["tid"]!, (string)terminal["name"]!));
    }

    [Fact]
    public async Task A_refused_tid_shows_the_form_again_with_what_was_typed_and_changes_nothing()
    {
        using var app = new PayAtCounterApp();
        var (api, browser, terminalId) = await SignedInOnApp1Async(app);
        var before = await TerminalAsync(api, terminalId);
        var taken = (string)(await TerminalAsync(api, await api.TerminalIdAsync("DIP0")))["tid"]!;
        var token = await browser.TokenAsync("/dashboard/terminals");

        using var refused = await browser.Http.PostAsync($"/dashboard/terminals/{terminalId}/edit", DashboardBrowser.Form(
            ("shownTid", (string)before["tid"]!), ("tid", taken), ("name", "Front counter"), ("__RequestVerificationToken", token)));

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains("role=\"alert\"", html);
        Assert.Contains($"already has the TID {taken}", html);
        Assert.Contains("value=\"Front counter\"", html);
        Assert.Equal(before.ToJsonString(), (await TerminalAsync(api, terminalId)).ToJsonString());
    }

    // The API's client, a browser signed in to the dashboard, and the APP1 terminal the form is about.
    private static async Task<(HttpClient Api, DashboardBrowser Browser, string TerminalId)> SignedInOnApp1Async(PayAtCounterApp app)
    {
        var api = app.CreateDojoClient();
        var browser = new DashboardBrowser(app);
        await browser.SignInAsync(PayAtCounterApp.SandboxKey);
        return (api, browser, await api.TerminalIdAsync("APP1"));
    }

    private static async Task<JsonNode> TerminalAsync(HttpClient api, string terminalId)
        => JsonNode.Parse(await api.GetStringAsync("/sandbox/terminals"))!.AsArray().Single(t => (string)t!["id"]! == terminalId)!;
}
