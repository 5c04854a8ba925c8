using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;
using PayAtCounter.Server.Storage.Migrations;
using PayAtCounter.Server.Tests.Infrastructure;
using PayAtCounter.Tests.Shared;

namespace PayAtCounter.Server.Tests.Storage;

/// <summary>
/// Databases written by the server before its schema had versions (TestData/schema-v0, made by
/// scripts/make-upgrade-test-data.sh): today's server opens each, records its version, and serves every row in it.
/// </summary>
public sealed class UpgradeTests
{
    // The sandbox key the test data was made with.
    private const string Key = "sk_sandbox_schema_v0_0123456789abcdef";

    private static readonly string TestData = Path.Combine(RepositoryPaths.Root(), "tests", "PayAtCounter.Server.Tests", "TestData", "schema-v0");

    [Fact]
    public async Task A_SQLite_file_from_before_versions_is_upgraded_and_every_row_in_it_served()
    {
        using var data = new TempDataDirectory();
        Directory.CreateDirectory(data.Path);
        var file = Path.Combine(data.Path, "payatcounter.db");
        File.Copy(Path.Combine(TestData, "payatcounter.db"), file);
        var rows = ReadRows(() => new SqliteConnection($"Data Source={file};Pooling=false"));

        await using (var app = new PayAtCounterApp(data.Path, new Dictionary<string, string?> { ["Storage:Provider"] = "Sqlite", ["Storage:ConnectionString"] = null, ["Sandbox:ApiKey"] = Key }))
        {
            await AssertServesEveryRowAsync(app, rows);
        }

        Assert.Equal(SchemaMigrations.Scripts(Server.Storage.StorageProvider.Sqlite).Select(s => s.Name),
            ReadColumn(() => new SqliteConnection($"Data Source={file};Pooling=false"), $"SELECT ScriptName FROM {SchemaMigrations.JournalTable}"));
    }

    [PostgresFact]
    [Trait("Category", "Postgres")]
    public async Task A_PostgreSQL_dump_from_before_versions_is_upgraded_and_every_row_in_it_served()
    {
        using var data = new TempDataDirectory();
        var connection = TestStorage.Settings(data.Path)["Storage:ConnectionString"]!;
        await RestoreAsync(connection, Path.Combine(TestData, "payatcounter.pgdump.sql"));
        var rows = ReadRows(() => new NpgsqlConnection(connection));

        await using (var app = new PayAtCounterApp(data.Path, new Dictionary<string, string?> { ["Sandbox:ApiKey"] = Key }))
        {
            await AssertServesEveryRowAsync(app, rows);
        }

        NpgsqlConnection.ClearAllPools();
        Assert.Equal(SchemaMigrations.Scripts(Server.Storage.StorageProvider.Postgres).Select(s => s.Name),
            ReadColumn(() => new NpgsqlConnection(connection), $"SELECT \"scriptname\" FROM {SchemaMigrations.JournalTable}"));
    }

    private static async Task AssertServesEveryRowAsync(PayAtCounterApp app, Dictionary<string, List<string>> rows)
    {
        var client = app.CreateDojoClient(Key);
        // Every kind of row the old server wrote is in the data, and each is checked below.
        string[] served = ["accounts", "fault_rules", "payment_intents", "readiness_runs", "recorded_requests", "refunds", "sandbox_clock",
            "sandbox_snapshots", "terminal_sessions", "terminals", "webhook_deliveries", "webhook_subscriptions"];
        string[] internalOnly = ["outbox_events"];
        Assert.Equal(served.Concat(internalOnly).Order(), rows.Where(r => r.Value.Count > 0).Select(r => r.Key).Order());

        foreach (var id in rows["payment_intents"])
        {
            await OkAsync(client, $"/payment-intents/{id}?returnCanceled=true");
        }
        var search = await client.PostJsonAsync("/payment-intents/search", """{"cursor":{"limit":100}}""");
        Assert.Equal(rows["payment_intents"].Order(), Ids(await search.Content.ReadAsStringAsync(), "data").Order());
        foreach (var id in rows["terminal_sessions"])
        {
            await OkAsync(client, $"/terminal-sessions/{id}");
        }
        foreach (var id in rows["refunds"])
        {
            await OkAsync(client, $"/payment-intents/refunds/{id}");
        }
        Assert.Equal(rows["terminals"].Order(), Ids(await OkAsync(client, "/terminals"), null).Order());
        Assert.Equal(rows["webhook_subscriptions"].Order(), Ids(await OkAsync(client, "/webhooks"), null).Order());
        Assert.Equal(rows["fault_rules"].Order(), Ids(await OkAsync(client, "/sandbox/faults"), null).Order());
        Assert.Equal(rows["webhook_deliveries"].Order(), Ids(await OkAsync(client, "/sandbox/webhooks/deliveries"), null).Order());
        Assert.Equal(rows["readiness_runs"].Order(), Ids(await OkAsync(client, "/sandbox/readiness/runs"), null).Order());
        using (var report = JsonDocument.Parse(await OkAsync(client, $"/sandbox/readiness/runs/{rows["readiness_runs"][0]}?format=json")))
        {
            Assert.Equal(JsonValueKind.Object, report.RootElement.ValueKind);
        }
        using (var snapshots = JsonDocument.Parse(await OkAsync(client, "/sandbox/snapshots")))
        {
            var names = snapshots.RootElement.EnumerateArray().Select(s => s.GetProperty("name").GetString()!).ToList();
            Assert.Equal(rows["sandbox_snapshots"].Count, names.Count);
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/sandbox/snapshots/{names[0]}/restore", null)).StatusCode);
        }
        await OkAsync(client, "/sandbox/clock");
        // And it takes new writes.
        var created = await client.PostJsonAsync("/payment-intents", """{"amount":{"value":100,"currencyCode":"GBP"},"reference":"after the upgrade"}""");
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
    }

    private static async Task<string> OkAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {body}");
        return body;
    }

    // The "id" of each item of a list (the top level, or a property of it).
    private static List<string> Ids(string json, string? property)
    {
        using var document = JsonDocument.Parse(json);
        var list = property is null ? document.RootElement : document.RootElement.GetProperty(property);
        return list.EnumerateArray().Select(item => item.GetProperty("id").GetString()!).ToList();
    }

    // Each table's ids ("Id"), read straight from the database before the server touches it.
    private static Dictionary<string, List<string>> ReadRows(Func<System.Data.Common.DbConnection> open)
    {
        using var probe = open();
        var tables = ReadColumn(open, probe is SqliteConnection
            ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            : "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
        return tables.ToDictionary(t => t, t => ReadColumn(open, $"SELECT \"Id\" FROM \"{t}\""));
    }

    private static List<string> ReadColumn(Func<System.Data.Common.DbConnection> open, string sql)
    {
        using var connection = open();
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        }
        return values;
    }

    // psql restores a plain dump (COPY blocks, \restrict); the database is new and empty.
    private static async Task RestoreAsync(string connection, string dump)
    {
        var target = new NpgsqlConnectionStringBuilder(connection);
        await using (var admin = new NpgsqlConnection(TestStorage.Postgres))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{target.Database}\"", admin);
            await create.ExecuteNonQueryAsync();
        }
        var psql = Directory.GetFiles("/usr/lib/postgresql", "psql", SearchOption.AllDirectories).OrderBy(p => p, StringComparer.Ordinal).LastOrDefault() ?? "psql";
        var start = new ProcessStartInfo(psql) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "-h", target.Host!, "-p", target.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", target.Username!, "-d", target.Database!, "-v", "ON_ERROR_STOP=1", "-q", "-f", dump })
        {
            start.ArgumentList.Add(argument);
        }
        if (target.Password is { } password)
        {
            start.Environment["PGPASSWORD"] = password;
        }
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"psql could not restore {dump}: {await errors}");
    }
}
