using PayAtCounter.Contracts;
using PayAtCounter.Testing;
using ReadmeExamples;

namespace PayAtCounter.Client.Tests;

/// <summary>
/// The README's C# snippets (samples/ReadmeExamples, shown word for word by region) run against the in-process
/// sandbox and do what the README says they do.
/// </summary>
public sealed class ReadmeExamplesTests : IAsyncLifetime
{
    private DojoSandbox _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await DojoSandbox.StartAsync();

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task The_sale_snippet_captures_and_refunds()
    {
        var final = await SdkExamples.SaleAsync(_sandbox.Client);

        Assert.Equal(TerminalSessionStatus.Captured, final.Status);
        Assert.Equal(400, (await _sandbox.Client.PaymentIntents.GetAsync(final.Details!.Sale!.PaymentIntentId!)).RefundedAmount);
    }

    [Fact]
    public async Task The_pre_authorization_snippet_raises_the_amount_and_captures_part_of_it()
    {
        var intent = await SdkExamples.PreAuthorizationAsync(_sandbox.Client, await _sandbox.TerminalIdAsync("APP1"));

        Assert.Equal(PaymentIntentStatus.Captured, intent.Status);
        Assert.Equal(5500, intent.Amount!.Value);
        Assert.Equal(2000, Assert.Single(intent.Captures!).Amount);
    }

    [Fact]
    public async Task The_interactive_pdq_snippet_is_captured()
        => Assert.Equal(TerminalSessionStatus.Captured, (await SandboxExamples.InteractiveSaleAsync()).Status);

    [Fact]
    public void The_webhook_snippet_verifies_dojos_own_test_vector()
    {
        const string body = """{"id":"evt_hnnHxIKR_Uy6bhZCusCltw","event":"payment_intent.created","accountId":"acc_test","createdAt":"2022-02-01T13:07:41.8667859Z","data":{"paymentIntentId":"pi_vpwd4ooAPEqyNAQe4z89WQ","paymentStatus":"Created","captureMode":"Auto"}}""";

        var payload = SdkExamples.ReadWebhook(body, "sha256=4B-49-F8-FE-25-A7-E6-7D-00-4F-A7-9C-F8-0B-63-00-C7-77-B4-F2-2D-E5-E1-22-84-FA-04-18-50-A1-76-FD", "PDYkJQq6sESYHp_zJuTTBQ");

        Assert.Equal("evt_hnnHxIKR_Uy6bhZCusCltw", payload.Id);
        Assert.Throws<DojoWebhookException>(() => SdkExamples.ReadWebhook(body, "sha256=00", "PDYkJQq6sESYHp_zJuTTBQ"));
    }

    [Fact]
    public void The_connect_snippet_points_at_the_local_server()
        => Assert.Equal(new Uri("http://localhost:5080"), SdkExamples.Connect("sk_sandbox_x").Options.BaseUri);
}
