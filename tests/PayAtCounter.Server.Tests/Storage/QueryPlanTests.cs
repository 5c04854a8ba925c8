using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PayAtCounter.Server.Storage;
using PayAtCounter.Server.Tests.Infrastructure;

namespace PayAtCounter.Server.Tests.Storage;

/// <summary>
/// The queries EF Core runs, again and again (each request, each round of the scheduler and the webhook
/// dispatcher), find their rows in the tables that grow through an index. A full scan costs more with every
/// row stored: the dispatcher's "NOT FannedOut" read every event ever stored, five times a second.
/// SQLite's plans, so on SQLite in both test passes.
/// </summary>
public sealed partial class QueryPlanTests : IAsyncLifetime
{
    // Tables that hold a handful of rows each (per account), so scanning them costs nothing. Any other scan fails
    // the test, also one whose table the test cannot tell: it fails closed.
    private static readonly HashSet<string> Small = ["accounts", "webhook_delivery_rules", "terminals", "webhook_subscriptions", "sandbox_clock", "data_protection_keys", "fault_rules", "json_each", "CONSTANT"];

    private readonly CommandLog _commands = new();
    private readonly PayAtCounterApp _app;
    private HttpClient _client = null!;
    private WebhookReceiver _receiver = null!;

    public QueryPlanTests()
    {
        _app = new PayAtCounterApp(settings: new Dictionary<string, string?> { ["Storage:Provider"] = "Sqlite" })
        {
            // Only this provider hears each command; the console keeps its level.
            Configure = host => host.ConfigureLogging(logging => logging
                .AddProvider(_commands)
                .AddFilter<CommandLog>(DbLoggerCategoryName, LogLevel.Information)),
        };
    }

    private const string DbLoggerCategoryName = "Microsoft.EntityFrameworkCore.Database.Command";

    public async Task InitializeAsync()
    {
        _client = _app.CreateDojoClient();
        _receiver = await WebhookReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        _app.Dispose();
    }

    [Fact]
    public async Task Queries_on_growing_tables_search_an_index_instead_of_scanning()
    {
        // A day's work in miniature: a subscription, a sale to the end, a refund, reads and a search, and the
        // background loops' rounds in between.
        await (await _client.PostJsonAsync("/webhooks", $$"""{"events":["payment_intent.status_updated"],"url":"{{_receiver.Url}}"}""")).ReadJsonAsync(HttpStatusCode.OK);
        var intentId = (string)(await _client.CreateIntentAsync())["id"]!;
        var sessionId = (string)(await _client.StartSaleAsync(await _client.TerminalIdAsync("APP1"), intentId))["id"]!;
        await _client.PollAsync(sessionId);
        await _receiver.WaitForAsync(1);
        await (await _client.PostJsonAsync($"/payment-intents/{intentId}/refunds", """{"amount":100,"refundReason":"test"}""")).ReadJsonAsync(HttpStatusCode.OK);
        await (await _client.GetAsync($"/payment-intents/{intentId}")).ReadJsonAsync(HttpStatusCode.OK);
        await (await _client.PostJsonAsync("/payment-intents/search", """{"statuses":["Captured"],"cursor":{"limit":20}}""")).ReadJsonAsync(HttpStatusCode.OK);
        await _client.GetAsync("/sandbox/webhooks/deliveries");

        var scans = new List<string>();
        await using var connection = new SqliteConnection($"Data Source={StorageSetup.DatabasePath(_app.Services)};Mode=ReadOnly");
        await connection.OpenAsync();
        foreach (var sql in _commands.Selects())
        {
            var tables = new Dictionary<string, string>();
            foreach (Match from in AliasedTable().Matches(sql))
            {
                tables.TryAdd(from.Groups["alias"].Success ? from.Groups["alias"].Value : from.Groups["table"].Value, from.Groups["table"].Value);
            }
            await using var explain = connection.CreateCommand();
            explain.CommandText = "EXPLAIN QUERY PLAN " + sql;
            foreach (var name in Parameter().Matches(sql).Select(m => m.Value).Distinct())
            {
                explain.Parameters.AddWithValue(name, DBNull.Value);
            }
            await using var plan = await explain.ExecuteReaderAsync();
            while (await plan.ReadAsync())
            {
                if (ScanOf().Match(plan.GetString(3)) is { Success: true } scan && !Small.Contains(tables.GetValueOrDefault(scan.Groups[1].Value, scan.Groups[1].Value)))
                {
                    scans.Add($"{plan.GetString(3)} in:\n{sql}");
                }
            }
        }

        Assert.True(_commands.Selects().Count > 10, $"only {_commands.Selects().Count} queries were seen");
        Assert.True(scans.Count == 0, string.Join("\n\n", scans));
    }

    // "FROM table", "FROM table AS t" and "FROM table t" (an alias, unless the next word is SQL's own).
    [GeneratedRegex("""(?:FROM|JOIN)\s+"?(?<table>\w+)"?(?:\s+(?:AS\s+)?"?(?!(?:WHERE|ON|LEFT|INNER|JOIN|ORDER|GROUP|LIMIT|UNION|CROSS)\b)(?<alias>\w+)"?)?""", RegexOptions.IgnoreCase)]
    private static partial Regex AliasedTable();

    [GeneratedRegex(@"[@$:]\w+")]
    private static partial Regex Parameter();

    [GeneratedRegex(@"^SCAN (\w+)")]
    private static partial Regex ScanOf();

    /// <summary>Every distinct SELECT that EF Core ran.</summary>
    private sealed class CommandLog : ILoggerProvider, ILogger
    {
        private readonly ConcurrentDictionary<string, bool> _selects = new();

        public List<string> Selects() => [.. _selects.Keys];

        public ILogger CreateLogger(string categoryName) => categoryName == DbLoggerCategoryName ? this : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (state is IReadOnlyList<KeyValuePair<string, object?>> values
                && values.FirstOrDefault(v => v.Key == "commandText").Value is string sql
                && sql.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase))
            {
                _selects.TryAdd(sql, true);
            }
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public void Dispose()
        {
        }
    }
}
