using PayAtCounter.Client;
using PayAtCounter.Contracts;
using PayAtCounter.Testing;

namespace PayAtCounter.Client.Tests;

/// <summary>Full flows through the SDK against the in-process sandbox; the session helpers move its clock, nothing sleeps.</summary>
public sealed class SdkFlowTests : IAsyncLifetime
{
    private DojoSandbox _sandbox = null!;

    private DojoClient Dojo => _sandbox.Client;

    public async Task InitializeAsync() => _sandbox = await DojoSandbox.StartAsync();

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    private Task<PaymentIntent> IntentAsync(long amount = 1000, CaptureMode mode = CaptureMode.Auto)
        => Dojo.PaymentIntents.CreateAsync(new CreatePaymentIntentRequest
        {
            Amount = new Money(amount, "GBP"),
            Reference = "Order 234",
            CaptureMode = mode,
            AutoExpireAction = mode == CaptureMode.Manual ? AutoExpireAction.Release : null,
            AutoExpireIn = mode == CaptureMode.Manual ? "00.10:00:00" : null,
        });

    [Fact]
    public async Task A_sale_on_a_terminal_is_captured_and_the_watch_sees_every_step()
    {
        var intent = await IntentAsync();
        var session = await Dojo.TerminalSessions.CreateSaleAsync(await _sandbox.TerminalIdAsync("APP1"), intent.Id!);

        var updates = new List<TerminalSessionUpdate>();
        await foreach (var update in Dojo.TerminalSessions.WatchAsync(session.Id))
        {
            updates.Add(update);
        }

        Assert.Equal(TerminalSessionStatus.Captured, updates[^1].Session.Status);
        Assert.Equal(["PresentCard", "PleaseWait", "EnterPin", "PleaseWait", "RemoveCard"], updates.SelectMany(u => u.NewNotifications).Select(n => n.NotificationType));
        Assert.Equal([TerminalSessionStatus.InitiateRequested, TerminalSessionStatus.Initiated, TerminalSessionStatus.Captured], updates.SelectMany(u => u.NewStatusEvents).Select(e => e.Status));
        Assert.Equal(PaymentIntentStatus.Captured, (await Dojo.PaymentIntents.GetAsync(intent.Id!)).Status);
    }

    [Theory]
    [InlineData(true, TerminalSessionStatus.Captured, PaymentIntentStatus.Captured)]
    [InlineData(false, TerminalSessionStatus.SignatureVerificationRejected, PaymentIntentStatus.Created)]
    public async Task SIP0_signature_is_answered_through_the_helper(bool accept, TerminalSessionStatus sessionStatus, PaymentIntentStatus intentStatus)
    {
        var intent = await IntentAsync();
        var session = await Dojo.TerminalSessions.CreateSaleAsync(await _sandbox.TerminalIdAsync("SIP0"), intent.Id!);
        var asked = false;

        var final = await Dojo.TerminalSessions.WaitForCompletionAsync(session.Id, s =>
        {
            asked = true;
            return Task.FromResult(accept);
        });

        Assert.True(asked);
        Assert.Equal(sessionStatus, final.Status);
        Assert.Equal(intentStatus, (await Dojo.PaymentIntents.GetAsync(intent.Id!)).Status);
    }

    [Fact]
    public async Task SIP0_without_an_answer_is_captured_after_80_sandbox_seconds()
    {
        var intent = await IntentAsync();
        var session = await Dojo.TerminalSessions.CreateSaleAsync(await _sandbox.TerminalIdAsync("SIP0"), intent.Id!);

        var final = await Dojo.TerminalSessions.WaitForCompletionAsync(session.Id);

        Assert.Equal(TerminalSessionStatus.Captured, final.Status);
        Assert.Contains(final.StatusEvents, e => e.Status == TerminalSessionStatus.SignatureVerificationAccepted);
    }

    [Theory]
    [InlineData("DIP0", TerminalSessionStatus.Declined)]
    [InlineData("TIP0", TerminalSessionStatus.Expired)]
    public async Task Declined_and_expired_sessions_end_as_dojo_says(string tid, TerminalSessionStatus expected)
    {
        var intent = await IntentAsync();
        var session = await Dojo.TerminalSessions.CreateSaleAsync(await _sandbox.TerminalIdAsync(tid), intent.Id!);

        Assert.Equal(expected, (await Dojo.TerminalSessions.WaitForCompletionAsync(session.Id)).Status);
        Assert.Equal(PaymentIntentStatus.Created, (await Dojo.PaymentIntents.GetAsync(intent.Id!)).Status);
    }

    [Fact]
    public async Task Cancel_before_the_card_ends_canceled()
    {
        var intent = await IntentAsync();
        var session = await Dojo.TerminalSessions.CreateSaleAsync(await _sandbox.TerminalIdAsync("APP1"), intent.Id!);

        var requested = await Dojo.TerminalSessions.CancelAsync(session.Id);

        Assert.Equal(TerminalSessionStatus.CancelRequested, requested.Status);
        Assert.Equal(TerminalSessionStatus.Canceled, (await Dojo.TerminalSessions.WaitForCompletionAsync(session.Id)).Status);
    }

    [Fact]
    public async Task Preauthorization_with_amount_change_and_partial_capture()
    {
        var intent = await IntentAsync(1000, CaptureMode.Manual);
        var session = await Dojo.TerminalSessions.CreateSaleAsync(await _sandbox.TerminalIdAsync("APP1"), intent.Id!);
        Assert.Equal(TerminalSessionStatus.Authorized, (await Dojo.TerminalSessions.WaitForCompletionAsync(session.Id)).Status);

        var increased = await Dojo.PaymentIntents.ChangeAmountAsync(intent.Id!, new SetAmountRequest { Amount = new Money(5500, "GBP") });
        var capture = await Dojo.PaymentIntents.CaptureAsync(intent.Id!, new CreateCaptureRequest { Amount = 2000 });

        Assert.Equal(PaymentIntentStatus.Authorized, increased.Status);
        Assert.StartsWith("cp_", capture.CaptureId);
        Assert.Equal(PaymentIntentStatus.Captured, (await Dojo.PaymentIntents.GetAsync(intent.Id!)).Status);
    }

    [Fact]
    public async Task Refunds_matched_and_unlinked_and_by_api_with_an_idempotency_key()
    {
        var intent = await IntentAsync(1000);
        await _sandbox.PayAsync(intent.Id!);
        var first = await Dojo.PaymentIntents.RefundAsync(intent.Id!, new CreateRefundRequest { Amount = 300 }, "refund-1");
        var again = await Dojo.PaymentIntents.RefundAsync(intent.Id!, new CreateRefundRequest { Amount = 300 }, "refund-1");
        var matched = await Dojo.TerminalSessions.CreateAsync(new CreateTerminalSessionRequest
        {
            TerminalId = await _sandbox.TerminalIdAsync("APP1"),
            Details = new TerminalSessionDetails { SessionType = TerminalSessionType.MatchedRefund, MatchedRefund = new TerminalSessionMatchedRefundDetails { PaymentIntentId = intent.Id } },
        });
        var matchedFinal = await Dojo.TerminalSessions.WaitForCompletionAsync(matched.Id);
        var unlinked = await Dojo.TerminalSessions.CreateAsync(new CreateTerminalSessionRequest
        {
            TerminalId = await _sandbox.TerminalIdAsync("APP1"),
            Details = new TerminalSessionDetails { SessionType = TerminalSessionType.UnlinkedRefund, UnlinkedRefund = new TerminalSessionUnlinkedRefundDetails { Amount = new Money(500, "GBP") } },
        });

        Assert.Equal(first.RefundId, again.RefundId);
        Assert.Equal(TerminalSessionStatus.Captured, matchedFinal.Status);
        var refunded = await Dojo.PaymentIntents.GetAsync(intent.Id!);
        Assert.Equal(PaymentIntentStatus.Refunded, refunded.Status);
        Assert.Equal(1000, refunded.RefundedAmount);
        Assert.Equal(TerminalSessionStatus.Captured, (await Dojo.TerminalSessions.WaitForCompletionAsync(unlinked.Id)).Status);
    }

    [Fact]
    public async Task Reversal_and_search_across_pages()
    {
        var reversed = await IntentAsync();
        await _sandbox.PayAsync(reversed.Id!);
        for (var i = 0; i < 4; i++)
        {
            await IntentAsync(100 + i);
        }

        var reversal = await Dojo.PaymentIntents.ReverseAsync(reversed.Id!);
        var all = new List<PaymentIntent>();
        await foreach (var intent in Dojo.PaymentIntents.SearchAllAsync(new SearchPaymentIntentRequest { Cursor = new Cursor { Limit = 2 } }))
        {
            all.Add(intent);
        }

        Assert.StartsWith("rvs_", reversal.ReversalId);
        Assert.Equal(5, all.Select(i => i.Id).Distinct().Count());
    }

    [Fact]
    public async Task Errors_of_every_shape_are_typed()
    {
        var intent = await IntentAsync();
        await _sandbox.PayAsync(intent.Id!);

        var validation = await Assert.ThrowsAsync<DojoApiException>(() => Dojo.PaymentIntents.CreateAsync(new CreatePaymentIntentRequest { Amount = new Money(1, "GBP") }));
        var status = await Assert.ThrowsAsync<DojoApiException>(() => Dojo.PaymentIntents.ChangeAmountAsync(intent.Id!, new SetAmountRequest { Amount = new Money(2, "GBP") }));
        var offline = await Assert.ThrowsAsync<DojoApiException>(async () => await Dojo.TerminalSessions.CreateSaleAsync(await _sandbox.TerminalIdAsync("OFF1"), (await IntentAsync()).Id!));
        var missingTerminal = await Assert.ThrowsAsync<DojoApiException>(() => Dojo.Terminals.GetAsync("tm_sandbox_000000000000000000000000"));
        var missingSubscription = await Assert.ThrowsAsync<DojoApiException>(() => Dojo.Webhooks.SecretsAsync("ws_missing"));
        var unauthorized = await Assert.ThrowsAsync<DojoApiException>(() => _sandbox.CreateClient("sk_sandbox_wrong").Terminals.ListAsync());

        Assert.True(validation.IsValidationError);
        Assert.Equal(["The Reference field is required."], validation.Errors["Reference"]);
        Assert.Equal($"Invalid request for payment with id {intent.Id}. The status Captured does not allow this change.", status.Detail);
        Assert.True(offline.IsTerminalUnavailable);
        Assert.NotNull(offline.TraceId);
        Assert.True(missingTerminal.IsNotFound);
        Assert.Equal("INVALID_REQUEST", missingTerminal.Code);
        Assert.True(missingSubscription.IsNotFound);
        Assert.True(unauthorized.IsAuthenticationError);
    }

    [Fact]
    public async Task Webhook_subscription_and_secret_rotation_through_the_sdk()
    {
        var subscription = await Dojo.Webhooks.SubscribeAsync(new SubscriptionRequest { Events = ["payment_intent.status_updated"], Url = "https://127.0.0.1:9/hooks" }); // loopback: no delivery of a test may leave the machine
        var secrets = await Dojo.Webhooks.GenerateSecretAsync(subscription.Id);
        var fresh = secrets.Secrets.Single(s => !s.IsActive);
        await Dojo.Webhooks.ActivateSecretAsync(subscription.Id, fresh.Id);

        var listed = await Dojo.Webhooks.ListAsync();
        var events = await Dojo.Webhooks.EventsAsync();

        Assert.Equal(fresh.Id, listed.Single().Secrets.Single(s => s.IsActive).Id);
        Assert.Contains(events, e => e.Events.Contains("payment_intent.status_updated"));
    }
}
