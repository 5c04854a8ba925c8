using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace PayAtCounter.Server.Health;

/// <summary>
/// Probes for an orchestrator or a load balancer, without a key: <c>GET /healthz</c> (the process answers) and
/// <c>GET /readyz</c> (its data is ready, the database answers at the right schema version, the scheduler and the
/// webhook dispatcher run and keep up). 200 when healthy, 503 otherwise, with each check's state as JSON; never a
/// key, a connection string or an error message from a driver.
/// </summary>
public static class HealthEndpoints
{
    private const string Ready = "ready";

    /// <summary>Registers the checks.</summary>
    public static IHostApplicationBuilder AddHealth(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<HealthOptions>().BindConfiguration("Health");
        var timeout = builder.Configuration.GetValue<TimeSpan?>("Health:CheckTimeout") ?? new HealthOptions().CheckTimeout;
        builder.Services.AddHealthChecks()
            .AddCheck<DataReadinessHealthCheck>("data", tags: [Ready], timeout: timeout)
            .AddCheck<DatabaseHealthCheck>("database", tags: [Ready], timeout: timeout)
            .AddCheck<LoopsHealthCheck>("background", tags: [Ready], timeout: timeout);
        return builder;
    }

    /// <summary>Maps <c>/healthz</c> and <c>/readyz</c>.</summary>
    public static WebApplication MapHealth(this WebApplication app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync }).ExcludeFromDescription();
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(Ready), ResponseWriter = WriteAsync }).ExcludeFromDescription();
        return app;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("status", report.Status.ToString());
            json.WriteNumber("durationMs", Math.Round(report.TotalDuration.TotalMilliseconds, 1));
            json.WriteStartObject("checks");
            foreach (var (name, entry) in report.Entries)
            {
                json.WriteStartObject(name);
                json.WriteString("status", entry.Status.ToString());
                json.WriteString("description", entry.Description ?? (entry.Exception is { } ex ? ex.GetType().Name : null));
                json.WriteNumber("durationMs", Math.Round(entry.Duration.TotalMilliseconds, 1));
                foreach (var (key, value) in entry.Data)
                {
                    json.WritePropertyName(key);
                    JsonSerializer.Serialize(json, value, value.GetType(), HealthJsonContext.Default);
                }
                json.WriteEndObject();
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return context.Response.Body.WriteAsync(buffer.ToArray()).AsTask();
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(double))]
[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class HealthJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
