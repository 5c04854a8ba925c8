using Microsoft.Extensions.Options;

namespace PayAtCounter.Server.Webhooks;

/// <summary>Registers subscriptions, the dispatcher and its HTTP client.</summary>
public static class WebhookSetup
{
    /// <summary>Adds webhooks.</summary>
    public static IHostApplicationBuilder AddWebhooks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<WebhookOptions>().BindConfiguration("Webhooks")
            .Validate(o => o.Timeout > TimeSpan.Zero && o.RetryBaseDelay > TimeSpan.Zero && o.RetryMaxDelay >= o.RetryBaseDelay, "Webhooks timeouts and delays must be positive, with RetryMaxDelay ≥ RetryBaseDelay.")
            .Validate(o => o.MaxAttempts >= 1 && o.MaxConcurrentDeliveries >= 1, "Webhooks:MaxAttempts and MaxConcurrentDeliveries must be at least 1.")
            .ValidateOnStart();
        builder.Services.AddHttpClient(WebhookDispatcher.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(services => WebhookDispatcher.CreateHandler(services.GetRequiredService<IOptions<WebhookOptions>>().Value,
                services.GetRequiredService<IWebhookAddressResolver>(), services.GetRequiredService<IWebhookConnector>()));
        builder.Services.AddSingleton<IWebhookAddressResolver, DnsWebhookAddressResolver>();
        builder.Services.AddSingleton<IWebhookConnector, SocketWebhookConnector>();
        builder.Services.AddScoped<WebhookStore>();
        builder.Services.AddSingleton<WebhookDispatcher>();
        builder.Services.AddSingleton<WebhookDispatcherService>();
        builder.Services.AddHostedService(services => services.GetRequiredService<WebhookDispatcherService>());
        builder.Services.AddDeliveryRules();
        return builder;
    }
}
