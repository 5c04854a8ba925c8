using Microsoft.Extensions.DependencyInjection;

namespace PayAtCounter.Client.Tests;

/// <summary>The DI registration gives a client with the configured options over a factory HttpClient.</summary>
public sealed class DependencyInjectionTests
{
    [Fact]
    public void AddDojoClient_resolves_a_configured_client()
    {
        var services = new ServiceCollection();
        services.AddDojoClient(o =>
        {
            o.ApiKey = "sk_sandbox_di";
            o.BaseUri = new Uri("http://127.0.0.1:5080/");
            o.SoftwareHouseId = "softwareHouse1";
        });

        using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<DojoClient>();

        Assert.Equal("sk_sandbox_di", client.Options.ApiKey);
        Assert.Equal(new Uri("http://127.0.0.1:5080/"), client.Options.BaseUri);
        Assert.NotNull(client.TerminalSessions);
    }

    [Fact]
    public void A_client_without_a_key_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new DojoClient(new HttpClient(), new DojoClientOptions()));
    }
}
