using System.Text.Json;
using PayAtCounter.Server.Tests.Infrastructure;

namespace PayAtCounter.Server.Tests.Observability;

/// <summary>The server as a process: JSON console logs on request, and a clean stop on SIGTERM under load.</summary>
public sealed class ProcessLogTests
{
    [Fact]
    public async Task With_the_json_formatter_every_log_line_is_one_JSON_object_and_requests_carry_their_fields()
    {
        using var data = new TempDataDirectory();
        await using var server = new ServerProcess(data.Path, "--Logging:Console:FormatterName", "json");
        await server.StartAsync();
        var intent = await server.Client.CreateIntentAsync();
        await server.StopAsync();

        var json = server.Output.Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        Assert.NotEmpty(json);
        var request = json.Single(l => l.GetProperty("Category").GetString()!.EndsWith("RequestLogMiddleware", StringComparison.Ordinal)
            && l.GetProperty("State").GetProperty("Path").GetString() == "/payment-intents");
        Assert.Equal("Information", request.GetProperty("LogLevel").GetString());
        Assert.Equal("POST", request.GetProperty("State").GetProperty("Method").GetString());
        Assert.Equal("200", request.GetProperty("State").GetProperty("StatusCode").ToString());
        Assert.StartsWith("acc_", request.GetProperty("State").GetProperty("AccountId").GetString());
        Assert.True(request.GetProperty("State").TryGetProperty("ElapsedMs", out _));
        Assert.StartsWith("pi_", (string)intent["id"]!);
    }

    [Fact]
    public async Task SIGTERM_under_load_drains_answers_every_request_sent_keeps_every_acknowledged_write_and_exits_0()
    {
        using var data = new TempDataDirectory();
        await using var server = new ServerProcess(data.Path, "--Shutdown:DrainTime", "00:00:01");
        await server.StartAsync();
        var acknowledged = new System.Collections.Concurrent.ConcurrentBag<string>();
        var broken = new System.Collections.Concurrent.ConcurrentBag<string>();
        var toldToLeave = new System.Collections.Concurrent.ConcurrentBag<int>();
        using var stopLoad = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        async Task WorkAsync(int worker)
        {
            for (var i = 0; !stopLoad.IsCancellationRequested; i++)
            {
                try
                {
                    using var response = await server.Client.PostJsonAsync("/payment-intents", $$"""{"amount":{"value":100,"currencyCode":"GBP"},"reference":"w{{worker}}-{{i}}"}""");
                    var body = await response.Content.ReadAsStringAsync();
                    if (response.IsSuccessStatusCode)
                    {
                        acknowledged.Add(JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!);
                    }
                    else
                    {
                        broken.Add($"{(int)response.StatusCode} {body}");
                    }
                    if (response.Headers.ConnectionClose == true)
                    {
                        // The server is stopping and says so, as a load balancer learns from /readyz: go elsewhere.
                        toldToLeave.Add(worker);
                        return;
                    }
                }
                catch (HttpRequestException ex) when (ex.HttpRequestError == HttpRequestError.ConnectionError)
                {
                    // No connection could be made (refused, or reset in the listen queue as the listener closed): the
                    // server never had the request. What must not happen is an answer cut off: ResponseEnded and the like.
                    return;
                }
                catch (HttpRequestException ex)
                {
                    broken.Add($"{ex.HttpRequestError}: {ex.Message} {ex.InnerException?.Message}");
                    return;
                }
            }
        }

        var workers = Enumerable.Range(0, 8).Select(w => Task.Run(() => WorkAsync(w))).ToList();
        while (acknowledged.Count < 100)
        {
            await Task.Delay(20);
        }
        var stopping = server.StopAsync();
        await Task.WhenAll(workers);
        await stopping;

        Assert.Equal(0, server.ExitCode);
        Assert.True(broken.IsEmpty, string.Join("\n", broken.Take(5)));
        // Every worker was still answered after SIGTERM, and told so, before the server stopped listening.
        Assert.Equal(8, toldToLeave.Count);
        await server.StartAsync();
        foreach (var id in acknowledged)
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, (await server.Client.GetAsync($"/payment-intents/{id}")).StatusCode);
        }
        Assert.True(acknowledged.Count >= 100);
    }
}
