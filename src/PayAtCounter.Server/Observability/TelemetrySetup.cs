using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using PayAtCounter.Server.Storage;

namespace PayAtCounter.Server.Observability;

/// <summary>
/// OpenTelemetry for the server: metrics of ASP.NET Core, HTTP clients, the runtime and the domain
/// (<see cref="PayAtCounterMetrics"/>), as Prometheus text at <c>/metrics</c> and over OTLP when a collector is set;
/// traces of requests, webhook deliveries (with their attempt number) and database commands, over OTLP only.
/// </summary>
public static class TelemetrySetup
{
    /// <summary>Registers the providers and the domain metrics.</summary>
    public static IHostApplicationBuilder AddTelemetry(this IHostApplicationBuilder builder)
    {
        // The slim host fixes the console format to "simple"; Logging:Console:FormatterName=json chooses JSON lines.
        if (builder.Configuration["Logging:Console:FormatterName"] is { Length: > 0 } formatter)
        {
            builder.Services.PostConfigure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(console => console.FormatterName = formatter);
        }
        builder.Services.AddOptions<ShutdownOptions>().BindConfiguration("Shutdown");
        builder.Services.AddSingleton<ShutdownDrain>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ShutdownDrain>());
        builder.Services.AddOptions<TelemetryOptions>().BindConfiguration("Telemetry");
        builder.Services.AddSingleton<PayAtCounterMetrics>();
        var options = builder.Configuration.GetSection("Telemetry").Get<TelemetryOptions>() ?? new TelemetryOptions();
        // Telemetry:OtlpEndpoint is a gRPC collector's address; with only the standard OTEL_EXPORTER_OTLP_* variables the
        // exporter reads them itself (protocol and the /v1/… paths of http/protobuf included).
        var configured = options.OtlpEndpoint is { Length: > 0 } endpoint ? new Uri(endpoint) : null;
        var otlp = configured is not null || builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] is { Length: > 0 };
        if (!options.Prometheus && !otlp)
        {
            // Nothing would read them: no providers, so no instrument records anything.
            return builder;
        }
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("PayAtCounter", serviceInstanceId: Environment.MachineName + ":" + Environment.ProcessId))
            .WithMetrics(metrics =>
            {
                // Of ASP.NET Core's meters, the request duration and Kestrel's connections: routing's per-request counter
                // and the rest cost a read-heavy load measurably (bench/NOTES.md) and say nothing a dashboard needs here.
                metrics.AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel")
                    .AddHttpClientInstrumentation().AddRuntimeInstrumentation().AddMeter(PayAtCounterMetrics.Name);
                // Only this host's meters: a process with several hosts (tests, an in-process sandbox beside a real
                // server) would otherwise report each host's counters under every host's /metrics.
                ((IDeferredMeterProviderBuilder)metrics).Configure((services, builder) =>
                {
                    var own = services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
                    builder.AddView(instrument => instrument.Meter.Scope is null || ReferenceEquals(instrument.Meter.Scope, own) ? null : MetricStreamConfiguration.Drop);
                });
                if (options.Prometheus)
                {
                    metrics.AddPrometheusExporter();
                }
                if (otlp)
                {
                    metrics.AddOtlpExporter(exporter => UseEndpoint(exporter, configured));
                }
            });
        if (otlp)
        {
            // Traces only when something collects them: an unsampled request then costs nothing.
            telemetry.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(asp => asp.Filter = context => !IsProbe(context.Request.Path))
                .AddHttpClientInstrumentation()
                .AddEntityFrameworkCoreInstrumentation()
                .AddNpgsql()
                .AddSource(PayAtCounterMetrics.Name)
                .AddOtlpExporter(exporter => UseEndpoint(exporter, configured)));
        }
        return builder;
    }

    /// <summary>Maps <c>/metrics</c> when Prometheus is on, and feeds commits to the session counters.</summary>
    public static WebApplication MapTelemetry(this WebApplication app)
    {
        var metrics = app.Services.GetRequiredService<PayAtCounterMetrics>();
        app.Services.GetRequiredService<CommitFeed>().Listen(metrics.Committed);
        if (app.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value.Prometheus)
        {
            app.MapPrometheusScrapingEndpoint().ExcludeFromDescription();
        }
        return app;
    }

    // Set only when configured here: setting it at all (even to its own value) stops http/protobuf adding /v1/traces.
    private static void UseEndpoint(OpenTelemetry.Exporter.OtlpExporterOptions exporter, Uri? configured)
    {
        if (configured is not null)
        {
            exporter.Endpoint = configured;
        }
    }

    /// <summary>Paths of probes and scrapes: no key, not traced, answered before the data is ready.</summary>
    public static bool IsProbe(PathString path) => path.Value is "/healthz" or "/readyz" or "/metrics";
}
