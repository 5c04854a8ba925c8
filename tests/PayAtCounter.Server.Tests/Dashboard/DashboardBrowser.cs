using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using PayAtCounter.Server.Tests.Infrastructure;

namespace PayAtCounter.Server.Tests.Dashboard;

/// <summary>The dashboard as a browser without scripts sees it: cookies kept, redirects shown, forms posted with their token.</summary>
public sealed partial class DashboardBrowser(PayAtCounterApp app)
{
    /// <summary>The client (cookies kept, redirects not followed).</summary>
    public HttpClient Http { get; } = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });

    /// <summary>Signs in with <paramref name="key"/>; returns the sign-in answer.</summary>
    public async Task<HttpResponseMessage> SignInAsync(string key, string? returnUrl = null)
    {
        var token = await TokenAsync("/dashboard/sign-in");
        return await Http.PostAsync("/dashboard/sign-in", Form(("key", key), ("returnUrl", returnUrl ?? ""), ("__RequestVerificationToken", token)));
    }

    /// <summary>The anti-forgery token of the forms on <paramref name="page"/>.</summary>
    public async Task<string> TokenAsync(string page)
    {
        var html = await PageAsync(page);
        return Token().Match(html) is { Success: true } match ? match.Groups[1].Value : throw new InvalidOperationException($"No token on {page}: {html}");
    }

    /// <summary>The HTML of <paramref name="page"/>, which must answer 200.</summary>
    public async Task<string> PageAsync(string page)
    {
        using var response = await Http.GetAsync(page);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {page} gave {(int)response.StatusCode}: {html}");
        return html;
    }

    /// <summary>A form body.</summary>
    public static FormUrlEncodedContent Form(params (string Name, string Value)[] fields)
        => new(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
