using System.CommandLine;
using PayAtCounter.Cli.Hosting;
using PayAtCounter.Cli.Output;
using PayAtCounter.Contracts;
using Spectre.Console;

namespace PayAtCounter.Cli.Commands;

/// <summary>
/// The live view of a terminal session: each status and notification as the poll finds it, with the time since the
/// session began; a signature request answered by <c>--signature</c> or by the person at the keyboard. Ctrl-C asks
/// the terminal to cancel before <c>pac</c> exits, as a till's cancel button would.
/// </summary>
internal sealed class SessionWatcher(Invocation invocation, string? signature)
{
    public static Option<string?> SignatureOption() => new Option<string?>("--signature")
    {
        Description = "Answer a signature request: accept, reject, or wait (Dojo accepts it after 80 s); asked when left out",
        HelpName = "accept|reject|wait",
    }.AcceptOnlyFromAmong("accept", "reject", "wait");

    /// <summary>Polls session <paramref name="sessionId"/> to its final status and returns it.</summary>
    public async Task<TerminalSession> WatchAsync(string sessionId, string? terminalTid)
    {
        var console = invocation.Progress;
        TerminalSession? last = null;
        try
        {
            await foreach (var update in invocation.Client.TerminalSessions.WatchAsync(sessionId, invocation.Cancellation))
            {
                if (last is null)
                {
                    console.MarkupLineInterpolated($"Session [bold]{sessionId}[/]{(terminalTid is null ? "" : " on " + terminalTid)}");
                }
                last = update.Session;
                var lines = update.NewStatusEvents.Select(e => (e.CreatedAt, Text: Render.Wire(e.Status), IsStatus: true))
                    .Concat(update.NewNotifications.Select(n => (n.CreatedAt, Text: n.NotificationType, IsStatus: false)))
                    .OrderBy(l => l.CreatedAt);
                foreach (var (at, text, isStatus) in lines)
                {
                    var elapsed = (at - update.Session.CreatedAt).TotalSeconds;
                    console.Write(new Text($"  {elapsed,6:0.0}s  "));
                    console.Write(isStatus ? new Text(text, Render.StatusStyle(text)) : new Text("· " + text, new Style(Color.Grey)));
                    console.WriteLine();
                }
                if (update.Session.Status == TerminalSessionStatus.SignatureVerificationRequired
                    && update.NewStatusEvents.Any(e => e.Status == TerminalSessionStatus.SignatureVerificationRequired))
                {
                    await AnswerSignatureAsync(sessionId);
                }
            }
        }
        catch (OperationCanceledException) when (invocation.Cancellation.IsCancellationRequested)
        {
            await CancelOnTerminalAsync(sessionId);
            throw;
        }
        return last ?? await invocation.Client.TerminalSessions.GetAsync(sessionId, invocation.Cancellation);
    }

    /// <summary>Prints the outcome (the session's JSON with <c>--json</c>) and returns its exit code.</summary>
    public static int Finish(Invocation invocation, TerminalSession session)
    {
        var status = Render.Wire(session.Status);
        if (invocation.Json)
        {
            invocation.WriteJson(session);
        }
        invocation.Progress.Write(new Text(status, Render.StatusStyle(status).Combine(new Style(decoration: Decoration.Bold))));
        invocation.Progress.WriteLine($" after {(session.UpdatedAt - session.CreatedAt).TotalSeconds:0.0} s");
        return session.Status switch
        {
            TerminalSessionStatus.Captured or TerminalSessionStatus.Authorized or TerminalSessionStatus.SignatureVerificationAccepted => ExitCodes.Success,
            TerminalSessionStatus.Declined => ExitCodes.Declined,
            TerminalSessionStatus.Canceled => ExitCodes.Canceled,
            TerminalSessionStatus.Expired => ExitCodes.Expired,
            TerminalSessionStatus.SignatureVerificationRejected => ExitCodes.SignatureRejected,
            _ => ExitCodes.ApiError,
        };
    }

    private async Task AnswerSignatureAsync(string sessionId)
    {
        var console = invocation.Progress;
        var answer = signature ?? await AskAsync(sessionId);
        switch (answer)
        {
            case "wait":
                console.WriteLine("  Signature left unanswered: Dojo accepts it after 80 s.");
                return;
            case "moved on":
                console.WriteLine("  The session moved on before an answer came.");
                return;
        }
        await invocation.Client.TerminalSessions.RespondToSignatureAsync(sessionId, answer == "accept", invocation.Cancellation);
        console.WriteLine($"  Signature {(answer == "accept" ? "accepted" : "rejected")} by the till.");
    }

    // Asks until a clear answer (three tries); closed input leaves the decision to Dojo's timeout. The session is polled
    // while the question waits, so a prompt nobody answers (a script, CI) ends when Dojo's 80 s timeout decides.
    private async Task<string> AskAsync(string sessionId)
    {
        var console = invocation.Progress;
        var delay = invocation.Client.Options.Delay ?? Task.Delay;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            console.Write("  Signature required: compare it with the card. [a]ccept, [r]eject or [w]ait? ");
            var reading = invocation.Environment.Console.Input.ReadLineAsync(invocation.Cancellation).AsTask();
            while (!reading.IsCompleted)
            {
                await Task.WhenAny(reading, delay(invocation.Client.Options.PollInterval, invocation.Cancellation));
                invocation.Cancellation.ThrowIfCancellationRequested();
                if (!reading.IsCompleted
                    && (await invocation.Client.TerminalSessions.GetAsync(sessionId, invocation.Cancellation)).Status != TerminalSessionStatus.SignatureVerificationRequired)
                {
                    console.WriteLine();
                    return "moved on";
                }
            }
            switch ((await reading)?.Trim().ToLowerInvariant())
            {
                case null:
                    console.WriteLine();
                    return "wait";
                case "a" or "accept" or "y" or "yes":
                    return "accept";
                case "r" or "reject" or "n" or "no":
                    return "reject";
                case "w" or "wait" or "":
                    return "wait";
            }
        }
        return "wait";
    }

    private async Task CancelOnTerminalAsync(string sessionId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await invocation.Client.TerminalSessions.CancelAsync(sessionId, timeout.Token);
            invocation.Environment.Console.Err.WriteLine($"Asked the terminal to cancel session {sessionId}.");
        }
        catch (Exception ex) when (ex is PayAtCounter.Client.DojoApiException or HttpRequestException or OperationCanceledException)
        {
            // Too late (a card is in) or unreachable: the session ends on its own; say so rather than hide it.
            invocation.Environment.Console.Err.WriteLine($"Could not cancel session {sessionId} ({ex.Message}); check it with `pac sessions get {sessionId}`.");
        }
    }
}
