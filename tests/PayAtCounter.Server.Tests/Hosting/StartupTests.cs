using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PayAtCounter.Server.Hosting;
using PayAtCounter.Server.Tests.Infrastructure;

namespace PayAtCounter.Server.Tests.Hosting;

/// <summary>The server listens while its database is still being prepared; early requests wait, they don't fail.</summary>
public sealed class StartupTests : IDisposable
{
    private readonly TempDataDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task A_request_that_arrives_before_the_data_is_ready_is_answered_once_it_is()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = _data.Path,
            ["Sandbox:ApiKey"] = PayAtCounterApp.SandboxKey,
            ["Sandbox:ClockSpeed"] = "0",
        });
        builder.WebHost.UseTestServer();
        builder.AddPayAtCounter();
        await using var app = builder.Build();
        app.MapPayAtCounter();
        await app.StartAsync();
        using var client = new HttpClient(new SchemaValidatingHandler { InnerHandler = app.GetTestServer().CreateHandler() }) { BaseAddress = new Uri("http://localhost") };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/terminals");
        request.Headers.TryAddWithoutValidation("Authorization", "Basic " + PayAtCounterApp.SandboxKey);
        request.Headers.Add("version", "2025-09-10");
        request.Headers.Add("software-house-id", "softwareHouse1");

        var early = client.SendAsync(request);
        Assert.False(app.Services.GetRequiredService<DataReadiness>().IsReady);
        await app.PrepareDataAsync();
        using var response = await early;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"tid\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await app.StopAsync();
    }

    [Fact]
    public async Task A_data_folder_that_cannot_be_made_stops_the_server_with_one_clear_line()
    {
        Directory.CreateDirectory(_data.Path);
        var notAFolder = Path.Combine(_data.Path, "a-file");
        await File.WriteAllTextAsync(notAFolder, "");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "PayAtCounter.Server.dll"), "--urls", "http://127.0.0.1:0", "--Storage:DataDirectory=" + notAFolder, "--Logging:LogLevel:Default=None" })
        {
            start.ArgumentList.Add(argument);
        }

        using var server = Process.Start(start)!;
        var stderr = server.StandardError.ReadToEndAsync();
        var stdout = server.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await server.WaitForExitAsync(timeout.Token);

        Assert.Equal(1, server.ExitCode);
        Assert.StartsWith("PayAtCounter could not start: ", await stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", await stdout + await stderr, StringComparison.Ordinal);
    }
}
