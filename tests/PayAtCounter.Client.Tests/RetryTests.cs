using System.Net;
using System.Text;

namespace PayAtCounter.Client.Tests;

/// <summary>Safe retries, offline against a scripted handler and a recorded delay (nothing sleeps).</summary>
public sealed class RetryTests
{
    private const string Intent = """{"id":"pi_sandbox_1","status":"Created","createdAt":"2024-04-07T23:25:44.802Z","updatedAt":"2024-04-07T23:25:44.802Z"}""";

    private sealed class ScriptedHandler(params Func<HttpResponseMessage>[] answers) : HttpMessageHandler
    {
        private int _next;

        public List<HttpRequestMessage> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            return Task.FromResult(answers[Math.Min(_next++, answers.Length - 1)]());
        }
    }

    private static HttpResponseMessage Answer(HttpStatusCode status, string body = "{}", TimeSpan? retryAfter = null)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (retryAfter is { } after)
        {
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(after);
        }
        return response;
    }

    private static (DojoClient Client, List<TimeSpan> Waits) Client(ScriptedHandler handler)
    {
        var waits = new List<TimeSpan>();
        var client = new DojoClient(new HttpClient(handler), new DojoClientOptions
        {
            ApiKey = "sk_sandbox_retry",
            BaseUri = new Uri("http://127.0.0.1:1/"),
            Delay = (wait, _) =>
            {
                waits.Add(wait);
                return Task.CompletedTask;
            },
        });
        return (client, waits);
    }

    [Fact]
    public async Task A_get_is_retried_after_a_5xx_with_growing_backoff()
    {
        var handler = new ScriptedHandler(() => Answer(HttpStatusCode.ServiceUnavailable), () => Answer(HttpStatusCode.BadGateway), () => Answer(HttpStatusCode.OK, Intent));
        var (client, waits) = Client(handler);

        var intent = await client.PaymentIntents.GetAsync("pi_sandbox_1");

        Assert.Equal("pi_sandbox_1", intent.Id);
        Assert.Equal(3, handler.Requests.Count);
        Assert.Equal(2, waits.Count);
        Assert.True(waits[1] > waits[0]);
    }

    [Fact]
    public async Task Retry_after_of_a_429_is_honoured()
    {
        var handler = new ScriptedHandler(() => Answer((HttpStatusCode)429, retryAfter: TimeSpan.FromSeconds(7)), () => Answer(HttpStatusCode.OK, "[]"));
        var (client, waits) = Client(handler);

        await client.Terminals.ListAsync();

        Assert.Equal([TimeSpan.FromSeconds(7)], waits);
    }

    [Fact]
    public async Task Creating_an_intent_is_never_retried_blindly()
    {
        var handler = new ScriptedHandler(() => Answer(HttpStatusCode.ServiceUnavailable), () => Answer(HttpStatusCode.OK, Intent));
        var (client, _) = Client(handler);

        var error = await Assert.ThrowsAsync<DojoApiException>(() => client.PaymentIntents.CreateAsync(new Contracts.CreatePaymentIntentRequest()));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task A_refund_is_retried_with_the_same_idempotency_key()
    {
        var handler = new ScriptedHandler(() => throw new HttpRequestException("connection reset"), () => Answer(HttpStatusCode.OK, """{"refundId":"rfnd_1"}"""));
        var (client, _) = Client(handler);

        var refund = await client.PaymentIntents.RefundAsync("pi_1", new Contracts.CreateRefundRequest { Amount = 100 });

        Assert.Equal("rfnd_1", refund.RefundId);
        var keys = handler.Requests.Select(r => r.Headers.GetValues("idempotencyKey").Single()).ToList();
        Assert.Equal(2, keys.Count);
        Assert.Equal(keys[0], keys[1]);
    }

    [Fact]
    public async Task Retries_stop_at_the_limit_and_a_4xx_is_not_retried()
    {
        var failing = new ScriptedHandler(() => Answer(HttpStatusCode.InternalServerError));
        var rejected = new ScriptedHandler(() => Answer(HttpStatusCode.BadRequest, """{"title":"One or more validation errors occurred.","errors":{"Amount":["amount must be higher than 0"]}}"""));

        await Assert.ThrowsAsync<DojoApiException>(() => Client(failing).Client.PaymentIntents.GetAsync("pi_1"));
        var error = await Assert.ThrowsAsync<DojoApiException>(() => Client(rejected).Client.PaymentIntents.GetAsync("pi_1"));

        Assert.Equal(3, failing.Requests.Count);
        Assert.Single(rejected.Requests);
        Assert.Equal(["amount must be higher than 0"], error.Errors["Amount"]);
    }

    [Fact]
    public async Task Nothing_is_retried_once_the_caller_cancels()
    {
        using var cancel = new CancellationTokenSource();
        var handler = new ScriptedHandler(() =>
        {
            cancel.Cancel();
            throw new TaskCanceledException();
        });
        var (client, waits) = Client(handler);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.PaymentIntents.GetAsync("pi_1", cancellationToken: cancel.Token));

        Assert.Single(handler.Requests);
        Assert.Empty(waits);
    }
}
