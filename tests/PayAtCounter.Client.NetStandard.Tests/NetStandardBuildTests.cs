using System.Net;
using System.Runtime.Versioning;
using System.Text;
using PayAtCounter.Client;
using PayAtCounter.Contracts;

namespace PayAtCounter.Client.NetStandard.Tests;

/// <summary>The netstandard2.0 SDK (for .NET Framework EPOS) sends Dojo's requests and reads its answers.</summary>
public sealed class NetStandardBuildTests
{
    private sealed class CannedHandler(HttpStatusCode status, string body) : HttpMessageHandler
    {
        public HttpRequestMessage? Last { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Last = request;
            return Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        }
    }

    [Fact]
    public void The_loaded_sdk_is_the_netstandard_build()
    {
        var framework = typeof(DojoClient).Assembly.GetCustomAttributes(typeof(TargetFrameworkAttribute), false).Cast<TargetFrameworkAttribute>().Single();

        Assert.Equal(".NETStandard,Version=v2.0", framework.FrameworkName);
    }

    [Fact]
    public async Task It_sends_dojo_headers_and_reads_a_payment_intent()
    {
        var handler = new CannedHandler(HttpStatusCode.OK, """{"id":"pi_sandbox_1","captureMode":"Auto","status":"Created","amount":{"value":1000,"currencyCode":"GBP"},"createdAt":"2024-04-07T23:25:44.802Z","updatedAt":"2024-04-07T23:25:44.802Z"}""");
        var client = new DojoClient(new HttpClient(handler), new DojoClientOptions { ApiKey = "sk_sandbox_x", BaseUri = new Uri("https://api.dojo.tech") });

        var intent = await client.PaymentIntents.CreateAsync(new CreatePaymentIntentRequest { Amount = new Money(1000, "GBP"), Reference = "r" });

        Assert.Equal(PaymentIntentStatus.Created, intent.Status);
        Assert.Equal("Basic sk_sandbox_x", handler.Last!.Headers.GetValues("Authorization").Single());
        Assert.Equal("2025-09-10", handler.Last.Headers.GetValues("version").Single());
        Assert.Equal("https://api.dojo.tech/payment-intents", handler.Last.RequestUri!.ToString());
    }

    [Fact]
    public async Task It_parses_the_terminal_sessions_problem_shape()
    {
        var handler = new CannedHandler((HttpStatusCode)422, """{"type":"https://tools.ietf.org/html/rfc4918#section-11.2","title":"Unprocessable Entity","status":422,"detail":"Session cannot be canceled.","traceId":"t-1","errors":{}}""");
        var client = new DojoClient(new HttpClient(handler), new DojoClientOptions { ApiKey = "sk_sandbox_x" });

        var error = await Assert.ThrowsAsync<DojoApiException>(() => client.TerminalSessions.CancelAsync("ts_1"));

        Assert.True(error.IsConflict);
        Assert.Equal("t-1", error.TraceId);
        Assert.Equal("softwareHouse1", handler.Last!.Headers.GetValues("software-house-id").Single());
    }
}
