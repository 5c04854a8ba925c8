using System.Text.Json;
using PayAtCounter.Cli.Hosting;
using PayAtCounter.Contracts;

namespace PayAtCounter.Cli.Tests;

/// <summary><c>pac sale</c> to each outcome, with the exit code a script relies on.</summary>
public sealed class SaleTests : IAsyncLifetime
{
    private readonly PacHarness _pac = new();

    public Task InitializeAsync() => _pac.InitializeAsync();
    public Task DisposeAsync() => _pac.DisposeAsync();

    [Fact]
    public async Task A_sale_on_APP1_is_captured_with_its_progress_shown_and_exit_code_0()
    {
        var result = await _pac.RunAsync("sale", "--terminal", "APP1", "--amount", "12.50", "--gratuity", "1.00", "--reference", "Table 4");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Contains("GBP 12.50 + gratuity GBP 1.00 = GBP 13.50", result.Output);
        Assert.Contains("InitiateRequested", result.Output);
        Assert.Contains("· PresentCard", result.Output);
        Assert.Contains("Captured after", result.Output);
        var intentId = result.Output.Split(' ', ':').First(w => w.StartsWith("pi_", StringComparison.Ordinal));
        var intent = await _pac.Client.PaymentIntents.GetAsync(intentId);
        Assert.Equal(PaymentIntentStatus.Captured, intent.Status);
        Assert.Equal(1350, intent.TotalAmount!.Value);
        Assert.Equal("Table 4", intent.Reference);
    }

    [Fact]
    public async Task With_json_the_output_is_the_final_session_and_progress_goes_to_standard_error()
    {
        var result = await _pac.RunAsync("sale", "-t", "APP1", "-a", "3.00", "--json");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        Assert.Equal("Captured", json.RootElement.GetProperty("status").GetString());
        var sessionId = json.RootElement.GetProperty("id").GetString()!;
        Assert.Equal(TerminalSessionStatus.Captured, (await _pac.Client.TerminalSessions.GetAsync(sessionId)).Status);
        Assert.Contains("InitiateRequested", result.Error);
    }

    [Theory]
    [InlineData("DIP0", ExitCodes.Declined, "Declined")]
    [InlineData("TIP0", ExitCodes.Expired, "Expired")]
    public async Task An_unpaid_outcome_exits_with_its_own_code(string terminal, int exitCode, string status)
    {
        var result = await _pac.RunAsync("sale", "-t", terminal, "-a", "4.00");

        Assert.True(result.ExitCode == exitCode, result.ToString());
        Assert.Contains($"{status} after", result.Output);
    }

    [Theory]
    [InlineData("r\n", ExitCodes.SignatureRejected, "SignatureVerificationRejected")]
    [InlineData("maybe\na\n", ExitCodes.Success, "Captured")]
    public async Task A_signature_request_is_answered_through_the_prompt(string typed, int exitCode, string status)
    {
        var result = await _pac.RunAsync(new RunOptions(Input: typed), "sale", "-t", "SIP0", "-a", "40.00");

        Assert.True(result.ExitCode == exitCode, result.ToString());
        Assert.Contains("Signature required: compare it with the card", result.Output);
        Assert.Contains($"{status} after", result.Output);
        var sessionId = result.Output.Split(' ', '\n').First(w => w.StartsWith("ts_", StringComparison.Ordinal));
        var session = await _pac.Client.TerminalSessions.GetAsync(sessionId);
        Assert.Equal(status, session.Status.ToString());
    }

    [Fact]
    public async Task A_signature_prompt_nobody_answers_ends_when_Dojos_timeout_accepts_the_signature()
    {
        var result = await _pac.RunAsync(new RunOptions(Keyboard: new SilentKeyboard()), "sale", "-t", "SIP0", "-a", "40.00");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Contains("The session moved on before an answer came.", result.Output);
        Assert.Contains("SignatureVerificationAccepted", result.Output);
        Assert.Contains("Captured after", result.Output);
    }

    [Fact]
    public async Task The_signature_option_answers_without_a_prompt()
    {
        var result = await _pac.RunAsync("sale", "-t", "SIP0", "-a", "40.00", "--signature", "reject");

        Assert.Equal(ExitCodes.SignatureRejected, result.ExitCode);
        Assert.DoesNotContain("Signature required", result.Output);
        Assert.Contains("Signature rejected by the till.", result.Output);
    }

    [Fact]
    public async Task Ctrl_C_during_a_sale_asks_the_terminal_to_cancel_and_exits_130()
    {
        var pdq = await _pac.Sandbox.TerminalAsync("PDQ1");
        using var interrupt = new CancellationTokenSource();
        var sale = _pac.RunAsync(new RunOptions(Cancellation: interrupt.Token), "sale", "-t", "PDQ1", "-a", "9.99");
        var sessionId = await LiveSessionAsync(pdq.Id);
        interrupt.Cancel();
        var result = await sale;

        Assert.Equal(ExitCodes.Interrupted, result.ExitCode);
        Assert.Contains($"Asked the terminal to cancel session {sessionId}", result.Error);
        var session = await _pac.Client.TerminalSessions.GetAsync(sessionId);
        Assert.Contains(session.Status, new[] { TerminalSessionStatus.CancelRequested, TerminalSessionStatus.Canceled });
    }

    [Fact]
    public async Task A_session_canceled_from_another_command_ends_the_sale_with_exit_code_6()
    {
        var pdq = await _pac.Sandbox.TerminalAsync("PDQ1");
        var sale = _pac.RunAsync("sale", "-t", "PDQ1", "-a", "9.99");
        var sessionId = await LiveSessionAsync(pdq.Id);

        var cancel = await _pac.RunAsync("cancel", sessionId);
        var result = await sale;

        Assert.Equal(ExitCodes.Success, cancel.ExitCode);
        Assert.True(result.ExitCode == ExitCodes.Canceled, result.ToString());
    }

    [Fact]
    public async Task An_interactive_terminal_is_driven_with_pac_terminal_while_pac_sale_watches()
    {
        var pdq = await _pac.Sandbox.TerminalAsync("PDQ1");
        var sale = _pac.RunAsync("sale", "-t", "PDQ1", "-a", "15.00");
        var sessionId = await LiveSessionAsync(pdq.Id);
        await UntilShowsAsync(sessionId, TerminalNotificationTypes.PresentCard);

        var card = await _pac.RunAsync("terminal", "present-card", "PDQ1", "--entry-mode", "ContactChip");
        await UntilShowsAsync(sessionId, TerminalNotificationTypes.EnterPin);
        var pin = await _pac.RunAsync("terminal", "enter-pin", "PDQ1");
        var result = await sale;

        Assert.True(card.ExitCode == 0, card.ToString());
        Assert.True(pin.ExitCode == 0, pin.ToString());
        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Contains("Captured after", result.Output);
    }

    [Fact]
    public async Task Pressing_X_on_the_PDQ_cancels_the_sale_with_exit_code_6()
    {
        var pdq = await _pac.Sandbox.TerminalAsync("PDQ1");
        var sale = _pac.RunAsync("sale", "-t", "PDQ1", "-a", "6.00");
        var sessionId = await LiveSessionAsync(pdq.Id);
        await UntilShowsAsync(sessionId, TerminalNotificationTypes.PresentCard);

        var pressed = await _pac.RunAsync("terminal", "press-x", pdq.Id);
        var result = await sale;

        Assert.True(pressed.ExitCode == 0, pressed.ToString());
        Assert.True(result.ExitCode == ExitCodes.Canceled, result.ToString());
        Assert.Contains("Canceled after", result.Output);
    }

    [Fact]
    public async Task Sessions_watch_follows_a_session_the_till_started_and_a_decline_trigger_ends_it()
    {
        var pdq = await _pac.Sandbox.TerminalAsync("PDQ1");
        var intent = await _pac.Client.PaymentIntents.CreateAsync(new CreatePaymentIntentRequest { Amount = new Money(700, "GBP"), Reference = "watched" });
        var session = await _pac.Client.TerminalSessions.CreateSaleAsync(pdq.Id, intent.Id!);

        var watch = _pac.RunAsync("sessions", "watch", session.Id);
        await UntilShowsAsync(session.Id, TerminalNotificationTypes.PresentCard);
        var card = await _pac.RunAsync("terminal", "present-card", "PDQ1");
        var decline = await _pac.RunAsync("trigger", "decline", session.Id);
        await UntilShowsAsync(session.Id, TerminalNotificationTypes.EnterPin);
        var pin = await _pac.RunAsync("terminal", "enter-pin", "PDQ1");
        var result = await watch;

        Assert.True(card.ExitCode == 0, card.ToString());
        Assert.True(decline.ExitCode == 0, decline.ToString());
        Assert.True(pin.ExitCode == 0, pin.ToString());
        Assert.True(result.ExitCode == ExitCodes.Declined, result.ToString());
        Assert.Contains($"Session {session.Id}", result.Output);
        Assert.Contains("Declined after", result.Output);
    }

    // As a person waits for the PDQ's screen: the sale's own polling moves the frozen clock on.
    private Task UntilShowsAsync(string sessionId, string notification)
        => Poll.UntilAsync(async () => (await _pac.Client.TerminalSessions.GetAsync(sessionId)).NotificationEvents.Any(n => n.NotificationType == notification) ? sessionId : null,
            $"The terminal never showed {notification}.");

    private Task<string> LiveSessionAsync(string terminalId)
        => Poll.UntilAsync(async () => (await _pac.Client.Sandbox.ListTerminalsAsync()).Single(t => t.Id == terminalId).LiveSessionId,
            "No session started on the terminal.");
}
