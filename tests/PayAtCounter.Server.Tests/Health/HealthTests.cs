using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PayAtCounter.Server.Storage;
using PayAtCounter.Server.Storage.Migrations;
using PayAtCounter.Server.Tests.Infrastructure;

namespace PayAtCounter.Server.Tests.Health;

/// <summary><c>/healthz</c> and <c>/readyz</c>: no key, nothing secret, and unhealthy exactly when something is wrong.</summary>
public sealed class HealthTests : IAsyncLifetime
{
    private readonly PayAtCounterApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Both_probes_answer_without_a_key_and_say_nothing_secret()
    {
        var client = _app.CreateClient();

        var live = await client.GetAsync("/healthz");
        var ready = await client.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var body = await ready.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(body);
        Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
        var checks = json.RootElement.GetProperty("checks");
        Assert.Equal(["background", "data", "database"], checks.EnumerateObject().Select(c => c.Name).Order());
        Assert.All(checks.EnumerateObject(), c => Assert.Equal("Healthy", c.Value.GetProperty("status").GetString()));
        Assert.Contains($"schema version {SchemaMigrations.LatestVersion(TestStorage.Postgres is null ? StorageProvider.Sqlite : StorageProvider.Postgres)}", body);
        Assert.DoesNotContain(PayAtCounterApp.SandboxKey, body);
        Assert.DoesNotContain("Host=", body);
        Assert.DoesNotContain(_app.DataDirectory, body);
    }

    [Fact]
    public async Task Ready_turns_unhealthy_while_the_scheduler_is_behind_and_healthy_once_it_catches_up()
    {
        var client = _app.CreateDojoClient();
        var terminal = await client.TerminalIdAsync("APP1");
        await UntilAsync(_app.CreateClient(), HttpStatusCode.OK);

        // Time moves under the scheduler without waking it: its steps are due and not run. The sale's own wake-up can
        // still be on its way to the scheduler when the clock moves (a loaded machine), and then the steps are run
        // before the probe: that sale ends, and another one tries again.
        HttpStatusCode status = HttpStatusCode.OK;
        var text = "";
        for (var attempt = 1; attempt <= 10 && status == HttpStatusCode.OK; attempt++)
        {
            var intent = await client.CreateIntentAsync();
            var sale = (string)(await client.StartSaleAsync(terminal, intent["id"]!.GetValue<string>()))["id"]!;
            _app.Clock.Advance(TimeSpan.FromMinutes(5));
            using var behind = await _app.CreateClient().GetAsync("/readyz");
            (status, text) = (behind.StatusCode, await behind.Content.ReadAsStringAsync());
            await client.AdvanceClockAsync(TimeSpan.Zero);
            Assert.Equal("Captured", (string)(await client.GetSessionAsync(sale))["status"]!);
        }
        var caughtUp = await _app.CreateClient().GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains("Sandbox scheduler is", text);
        Assert.Contains("behind (bound 30 s)", text);
        Assert.Equal(HttpStatusCode.OK, caughtUp.StatusCode);
    }

    [Fact]
    public async Task Ready_turns_unhealthy_when_the_schema_is_not_the_version_this_server_needs()
    {
        var client = _app.CreateClient();
        await UntilAsync(client, HttpStatusCode.OK);
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PayAtCounterDb>();
            await Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.ExecuteSqlRawAsync(db.Database,
                $"INSERT INTO {SchemaMigrations.JournalTable} (scriptname, applied) VALUES ('9999_newer.sql', CURRENT_TIMESTAMP)");
        }

        var ready = await client.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("schema version 9999; this server needs", await ready.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }

    [PostgresFact]
    [Trait("Category", "Postgres")]
    public async Task Ready_turns_unhealthy_when_the_database_goes_away_and_healthy_when_it_returns()
    {
        var client = _app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);
        var database = new NpgsqlConnectionStringBuilder(TestStorage.Settings(_app.DataDirectory)["Storage:ConnectionString"]).Database!;

        await AdminAsync($"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS false", $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}'");
        var away = await UntilAsync(client, HttpStatusCode.ServiceUnavailable);
        await AdminAsync($"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS true");
        var back = await UntilAsync(client, HttpStatusCode.OK);

        Assert.Contains("Postgres unreachable", away);
        Assert.Contains("\"database\":{\"status\":\"Healthy\"", back);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }

    // Probes until /readyz answers with the status, as an orchestrator would; returns that answer.
    private static async Task<string> UntilAsync(HttpClient client, HttpStatusCode status)
    {
        string last = "";
        for (var attempt = 0; attempt < 100; attempt++)
        {
            using var response = await client.GetAsync("/readyz");
            last = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == status)
            {
                return last;
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"/readyz never answered {status}; last: {last}");
    }

    private static async Task AdminAsync(params string[] statements)
    {
        await using var admin = new NpgsqlConnection(TestStorage.Postgres);
        await admin.OpenAsync();
        foreach (var statement in statements)
        {
            await using var command = new NpgsqlCommand(statement, admin);
            await command.ExecuteNonQueryAsync();
        }
    }
}
