using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using PayAtCounter.Contracts;
using PayAtCounter.Engine.Clock;
using PayAtCounter.Engine.Ids;
using PayAtCounter.Server.Accounts;
using PayAtCounter.Server.Errors;
using PayAtCounter.Server.Sandbox;
using PayAtCounter.Server.Storage;

namespace PayAtCounter.Server.Hosting;

/// <summary>Service registration, one method per concern, called from <c>Program.cs</c>.</summary>
public static class HostingExtensions
{
    /// <summary>Largest accepted request body; Dojo requests are small.</summary>
    public const long MaxRequestBodyBytes = 1024 * 1024;

    /// <summary>JSON with Dojo's wire conventions for every endpoint.</summary>
    public static IHostApplicationBuilder AddDojoJson(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<JsonOptions>(options =>
        {
            DojoJson.Configure(options.SerializerOptions);
            // The sandbox API's own enums (terminal mode, card outcome, delivery status) as names too.
            options.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(allowIntegerValues: false));
        });
        // Binding failures become exceptions so ApiExceptionHandler can answer in the endpoint's error shape.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(options =>
        {
            options.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
            options.ConfigureEndpointDefaults(Errors.KestrelRejectionBodies.Use);
        });
        builder.Services.AddExceptionHandler<ApiExceptionHandler>();
        // A failed start (a port in use, say) is reported in one line by Program.cs; the host's own report of it
        // is a stack trace of the same error.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        builder.Services.AddProblemDetails();
        return builder;
    }

    /// <summary>The sandbox clock and ids.</summary>
    public static IHostApplicationBuilder AddSandbox(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SandboxOptions>().BindConfiguration("Sandbox")
            .Validate(o => o.ClockSpeed >= 0 && !double.IsNaN(o.ClockSpeed), "Sandbox:ClockSpeed must be zero or positive.")
            .Validate(o => string.IsNullOrEmpty(o.ApiKey) || o.ApiKey.StartsWith(ApiKeys.SandboxPrefix, StringComparison.Ordinal), $"Sandbox:ApiKey must start with {ApiKeys.SandboxPrefix}.")
            .Validate(o => o.DueWorkInterval > TimeSpan.Zero, "Sandbox:DueWorkInterval must be positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton(services => new SandboxClock(TimeProvider.System, services.GetRequiredService<IOptions<SandboxOptions>>().Value.ClockSpeed));
        builder.Services.AddSingleton<TimeProvider>(services => services.GetRequiredService<SandboxClock>());
        builder.Services.AddSingleton(services => new IdGenerator(services.GetRequiredService<IOptions<SandboxOptions>>().Value.Seed, services.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<SandboxMetrics>();
        builder.Services.AddSingleton<ClockLease>();
        builder.Services.AddScoped<ClockStore>();
        return builder;
    }

    /// <summary>Accounts, and <c>Authorization: Basic &lt;raw key&gt;</c> authentication.</summary>
    public static IHostApplicationBuilder AddAccounts(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ConfiguredAccounts>()
            .Configure<IConfiguration>((accounts, configuration) => accounts.Items = configuration.GetSection("Accounts").Get<List<ConfiguredAccount>>() ?? [])
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ConfiguredAccounts>, ConfiguredAccountsValidation>();
        builder.Services.AddSingleton<AccountDirectory>();
        builder.Services.AddScoped<AccountStore>();
        return builder;
    }
}
