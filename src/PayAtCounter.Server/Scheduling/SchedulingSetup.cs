namespace PayAtCounter.Server.Scheduling;

/// <summary>Registers the scheduler of timed steps and the signals that wake the background loops.</summary>
public static class SchedulingSetup
{
    /// <summary>Adds the scheduler.</summary>
    public static IHostApplicationBuilder AddScheduling(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<WorkSignals>();
        builder.Services.AddSingleton<DueWorkRunner>();
        builder.Services.AddScoped<SessionStepBatch>();
        // One instance, both hosted and asked by the readiness probe how it is doing.
        builder.Services.AddSingleton<DueWorkService>();
        builder.Services.AddHostedService(services => services.GetRequiredService<DueWorkService>());
        return builder;
    }
}
