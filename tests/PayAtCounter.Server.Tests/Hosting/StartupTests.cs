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
}
