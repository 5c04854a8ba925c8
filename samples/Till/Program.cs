using Microsoft.Extensions.Options;
using PayAtCounter.Client;
using PayAtCounter.Till;

// The reference till. Its settings (Till:ApiKey, Till:BaseUrl, Till:SoftwareHouseId, Till:ResellerId, …) come from
// appsettings.json, environment variables (Till__ApiKey) or the command line: never from code.
var builder = WebApplication.CreateBuilder(args);
builder.Services.AddTill(builder.Configuration);

var app = builder.Build();
app.UseDefaultFiles();
app.UseStaticFiles();
app.MapTill();
app.Run();

/// <summary>The entry point, visible to tests.</summary>
public partial class Program;

namespace PayAtCounter.Till
{
    /// <summary>The till's services and routes.</summary>
    public static class TillSetup
    {
        /// <summary>The SDK client from the till's settings, and the till itself.</summary>
        public static IServiceCollection AddTill(this IServiceCollection services, IConfiguration configuration)
        {
            services.AddOptions<TillOptions>().Bind(configuration.GetSection("Till"))
                .Validate(till => till.ApiKey.Length > 0, "Till:ApiKey is not set: give the till its Dojo API key in appsettings.json, as Till__ApiKey, or on the command line.")
                .ValidateOnStart();
            services.AddSingleton(provider => provider.GetRequiredService<IOptions<TillOptions>>().Value);
            services.AddSingleton(TimeProvider.System);
            // One client for the till's life; its connections are renewed every few minutes so a DNS change is seen.
            services.AddSingleton(provider =>
            {
                var till = provider.GetRequiredService<IOptions<TillOptions>>().Value;
                var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
                return new DojoClient(http, new DojoClientOptions
                {
                    BaseUri = till.BaseUrl,
                    ApiKey = till.ApiKey,
                    SoftwareHouseId = till.SoftwareHouseId,
                    ResellerId = till.ResellerId,
                });
            });
            services.AddSingleton(provider => new Journal(provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<TillOptions>().JournalPath is { Length: > 0 } path ? path : null));
            services.AddSingleton<Counter>();
            services.AddSingleton(provider => new WebhookInbox(provider.GetRequiredService<Counter>(), provider.GetRequiredService<Journal>())
            {
                Secret = provider.GetRequiredService<TillOptions>().WebhookSecret,
            });
            return services;
        }
    }
}
