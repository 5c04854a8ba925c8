using Microsoft.Extensions.DependencyInjection;

namespace PayAtCounter.Client;

/// <summary>Registers <see cref="DojoClient"/> with <c>IHttpClientFactory</c>.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>Adds a <see cref="DojoClient"/> configured by <paramref name="configure"/>, over a factory-managed HttpClient.</summary>
    public static IHttpClientBuilder AddDojoClient(this IServiceCollection services, Action<DojoClientOptions> configure)
    {
        var options = new DojoClientOptions();
        configure(options);
        var builder = services.AddHttpClient(nameof(DojoClient));
        builder.AddTypedClient((http, _) => new DojoClient(http, options));
        return builder;
    }
}
