using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PayAtCounter.Server.Accounts;
using PayAtCounter.Server.Dashboard;
using PayAtCounter.Server.Tests.Infrastructure;
using PayAtCounter.Server.Versioning;

namespace PayAtCounter.Server.Tests.Access;

/// <summary>
/// Every endpoint as routing sees it: which ones need a key and the Dojo headers (contract rules 1, 4, 5), and
/// that no bodiless endpoint claims to take a body. The checks are opt-in metadata, so an endpoint mapped
/// without them would otherwise be open (and fail with a 500 when it reads the account).
/// </summary>
public sealed class EndpointMetadataTests : IDisposable
{
    private static readonly string[] OpenPrefixes = ["/openapi", "/scalar"];
    // An orchestrator's probes and a Prometheus scrape carry no key; they say nothing about any account.
    private static readonly string[] Infrastructure = ["/healthz", "/readyz", "/metrics"];
    private static readonly string[] DojoPrefixes = ["/payment-intents", "/terminals", "/terminal-sessions", "/webhooks"];
    private static readonly string[] TerminalPrefixes = ["/terminals", "/terminal-sessions"];

    private readonly PayAtCounterApp _app = new();

    public void Dispose() => _app.Dispose();

    private List<(string Route, string[] Methods, EndpointMetadataCollection Metadata)> Endpoints()
    {
        _app.CreateClient().Dispose(); // starts the host
        return _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => ("/" + e.RoutePattern.RawText!.Trim('/'), e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.ToArray() ?? [], e.Metadata))
            .ToList();
    }

    private static bool Under(string route, string[] prefixes)
        => prefixes.Any(p => route == p || route.StartsWith(p + "/", StringComparison.Ordinal));

    [Fact]
    public void Rule01_every_endpoint_but_the_documentation_the_dashboard_and_the_probes_needs_an_api_key()
    {
        var endpoints = Endpoints();

        var open = endpoints.Where(e => e.Metadata.GetMetadata<RequiresApiKeyAttribute>() is null && e.Metadata.GetMetadata<DashboardAccessAttribute>() is null).Select(e => e.Route).ToList();

        Assert.True(endpoints.Count > 40, $"only {endpoints.Count} endpoints found");
        Assert.All(open, route => Assert.True(route == "/" || Under(route, OpenPrefixes) || Infrastructure.Contains(route) || route == "/dashboard/assets/{name}", $"{route} needs no API key"));
    }

    [Fact]
    public void Every_dashboard_page_but_sign_in_needs_a_signed_in_person_and_none_takes_an_api_key()
    {
        var dashboard = Endpoints().Where(e => Under(e.Route, ["/dashboard"]) && e.Route != "/dashboard/assets/{name}").ToList();

        Assert.True(dashboard.Count > 20, $"only {dashboard.Count} dashboard routes found");
        Assert.All(dashboard, e => Assert.True(e.Metadata.GetMetadata<RequiresApiKeyAttribute>() is null, $"{e.Route} asks for an API key"));
        Assert.Equal(["/dashboard/sign-in"], dashboard.Where(e => e.Metadata.GetMetadata<DashboardAccessAttribute>() is not { SignedIn: true }).Select(e => e.Route).Distinct());
    }

    [Fact]
    public void Rules04_05_dojo_endpoints_need_the_version_header_and_terminal_ones_the_software_house()
    {
        var endpoints = Endpoints();

        Assert.All(endpoints.Where(e => Under(e.Route, DojoPrefixes)), e =>
            Assert.True(e.Metadata.GetMetadata<RequiresDojoVersionAttribute>() is not null, $"{e.Route} does not require the version header"));
        Assert.All(endpoints.Where(e => Under(e.Route, TerminalPrefixes)), e =>
            Assert.True(e.Metadata.GetMetadata<RequiresSoftwareHouseIdAttribute>() is not null, $"{e.Route} does not require software-house-id"));
    }

    [Fact]
    public void No_get_or_delete_endpoint_says_it_takes_a_body()
    {
        // Routing refuses a request whose Content-Type an endpoint's accepts metadata does not list (415).
        var bodiless = Endpoints().Where(e => e.Methods.All(m => m is "GET" or "DELETE") && e.Methods.Length > 0);

        Assert.All(bodiless, e => Assert.True(e.Metadata.GetMetadata<IAcceptsMetadata>() is null, $"{string.Join(",", e.Methods)} {e.Route} has accepts metadata"));
    }
}
