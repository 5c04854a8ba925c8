using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace PayAtCounter.Server.Storage;

/// <summary>Registers and prepares the database.</summary>
public static class StorageSetup
{
    /// <summary>Registers the database on SQLite in <see cref="StorageOptions.DataDirectory"/>.</summary>
    public static IHostApplicationBuilder AddStorage(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StorageOptions>().BindConfiguration("Storage")
            .Validate(o => !string.IsNullOrWhiteSpace(o.DataDirectory), "Storage:DataDirectory must not be empty.")
            .ValidateOnStart();
        // Pooled: a context per request is the hottest allocation on every read.
        builder.Services.AddDbContextPool<PayAtCounterDb>((services, options) =>
            options.UseSqlite($"Data Source={DatabasePath(services)};Default Timeout=30").AddInterceptors(new SqlitePragmas()));
        builder.Services.AddScoped<PaymentIntentStore>();
        builder.Services.AddScoped<TerminalStore>();
        builder.Services.AddScoped<TerminalSessionStore>();
        builder.Services.AddSingleton<FinishedSessionCache>();
        builder.Services.AddSingleton<GroupCommit>();
        return builder;
    }

    /// <summary>The SQLite file this host uses.</summary>
    public static string DatabasePath(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<StorageOptions>>().Value;
        var root = services.GetRequiredService<IHostEnvironment>().ContentRootPath;
        return Path.Combine(Path.GetFullPath(options.DataDirectory, root), "payatcounter.db");
    }

    /// <summary>Creates the folder and schema if missing and switches SQLite to write-ahead logging.</summary>
    public static async Task InitializeStorageAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath(services))!);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PayAtCounterDb>();
        await db.Database.EnsureCreatedAsync(cancellationToken);
        // WAL lets readers proceed while one writer commits; the setting is stored in the file.
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        // The one clock row exists before anything runs, so recording the clock is always a plain update.
        if (!await db.SandboxClock.AnyAsync(c => c.Id == 1, cancellationToken))
        {
            db.SandboxClock.Add(new SandboxClockRow { Id = 1, SandboxTicks = 0 });
            await db.SaveChangesAsync(cancellationToken);
        }
    }
}
