using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace PayAtCounter.Server.Storage;

/// <summary>Registers and prepares the database.</summary>
public static class StorageSetup
{
    /// <summary>Registers the database: SQLite in <see cref="StorageOptions.DataDirectory"/>, or PostgreSQL.</summary>
    public static IHostApplicationBuilder AddStorage(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StorageOptions>().BindConfiguration("Storage")
            .Validate(o => !string.IsNullOrWhiteSpace(o.DataDirectory), "Storage:DataDirectory must not be empty.")
            .Validate(o => o.Provider != StorageProvider.Postgres || !string.IsNullOrWhiteSpace(o.ConnectionString),
                "Storage:ConnectionString is required when Storage:Provider is Postgres (e.g. Host=127.0.0.1;Database=payatcounter;Username=pac;Password=…).")
            .ValidateOnStart();
        // Pooled: a context per request is the hottest allocation on every read.
        builder.Services.AddDbContextPool<PayAtCounterDb>((services, options) =>
        {
            var storage = services.GetRequiredService<IOptions<StorageOptions>>().Value;
            if (storage.Provider == StorageProvider.Postgres)
            {
                options.UseNpgsql(storage.ConnectionString);
            }
            else
            {
                // The compiled model (Storage/CompiledModel, scripts/regenerate-sqlite-model.sh) spares a cold start
                // EF Core's model building, the largest part of the data preparation the first request waits for.
                options.UseSqlite($"Data Source={DatabasePath(services)};Default Timeout=30").AddInterceptors(new SqlitePragmas())
                    .UseModel(CompiledModel.PayAtCounterDbModel.Instance);
            }
        });
        builder.Services.AddSingleton<StorageWriter>();
        builder.Services.AddSingleton<GroupCommit>();
        builder.Services.AddSingleton<LiveStateCache>();
        builder.Services.AddSingleton<CommitFeed>();
        builder.Services.AddSingleton<FinishedSessionCache>();
        return builder;
    }

    /// <summary>The folder of the SQLite database and of the generated sandbox key; a relative one is in the current folder.</summary>
    public static string DataDirectory(IServiceProvider services)
        => Path.GetFullPath(services.GetRequiredService<IOptions<StorageOptions>>().Value.DataDirectory);

    /// <summary>The SQLite file this host uses (with the SQLite provider).</summary>
    public static string DatabasePath(IServiceProvider services) => Path.Combine(DataDirectory(services), "payatcounter.db");

    /// <summary>Where the data is, for people: the SQLite file, or the PostgreSQL server and database (never the password).</summary>
    public static string Describe(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<StorageOptions>>().Value;
        if (options.Provider != StorageProvider.Postgres)
        {
            return DatabasePath(services);
        }
        var connection = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        return $"PostgreSQL database {connection.Database} on {connection.Host}:{connection.Port}";
    }

    /// <summary>Creates the data folder, and the database and its schema if missing.</summary>
    public static async Task InitializeStorageAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(DataDirectory(services));
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PayAtCounterDb>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("PayAtCounter.Server.Storage.Migrations");
        if (db.Database.IsNpgsql())
        {
            await PostgresSchema.UpgradeAsync(db, Describe(services), logger, cancellationToken);
        }
        else
        {
            await SqliteSchema.UpgradeAsync(DatabasePath(services), logger, cancellationToken);
            // WAL lets readers proceed while one writer commits; the setting is stored in the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }
}
