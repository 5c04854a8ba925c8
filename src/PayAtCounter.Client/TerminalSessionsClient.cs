using System.Runtime.CompilerServices;
using PayAtCounter.Contracts;

namespace PayAtCounter.Client;

/// <summary>The <c>/terminal-sessions</c> operations, and helpers that poll a session to its end.</summary>
public class TerminalSessionsClient
{
    private static readonly HashSet<TerminalSessionStatus> Final =
    [
        TerminalSessionStatus.Captured, TerminalSessionStatus.Authorized, TerminalSessionStatus.Canceled,
        TerminalSessionStatus.Declined, TerminalSessionStatus.Expired, TerminalSessionStatus.SignatureVerificationRejected,
    ];

    private readonly DojoClient _client = null!;

    /// <summary>For mocking.</summary>
    protected TerminalSessionsClient()
    {
    }

    internal TerminalSessionsClient(DojoClient client) => _client = client;

    /// <summary>True for a status after which the session never changes.</summary>
    public static bool IsFinal(TerminalSessionStatus status) => Final.Contains(status);

    /// <summary>
    /// True when <paramref name="session"/> will not change any more: a final status, or
    /// <c>SignatureVerificationAccepted</c> after the payment was already captured or authorized, where Dojo's own
    /// example leaves a session (contract rule 44) rather than moving it on.
    /// </summary>
    public static bool IsFinal(TerminalSession session)
        => IsFinal(session.Status)
            || (session.Status == TerminalSessionStatus.SignatureVerificationAccepted
                && session.StatusEvents.Any(e => e.Status is TerminalSessionStatus.Captured or TerminalSessionStatus.Authorized));

    /// <summary>Starts a sale of a payment intent on a terminal.</summary>
    public virtual Task<TerminalSession> CreateSaleAsync(string terminalId, string paymentIntentId, CancellationToken cancellationToken = default)
        => CreateAsync(new CreateTerminalSessionRequest
        {
            TerminalId = terminalId,
            Details = new TerminalSessionDetails { SessionType = TerminalSessionType.Sale, Sale = new TerminalSessionSaleDetails { PaymentIntentId = paymentIntentId } },
        }, cancellationToken);

    /// <summary>Starts any session: sale, matched or unlinked refund.</summary>
    public virtual Task<TerminalSession> CreateAsync(CreateTerminalSessionRequest request, CancellationToken cancellationToken = default)
        => _client.SendAsync<TerminalSession>(HttpMethod.Post, "terminal-sessions", DojoClient.Json(request), true, null, cancellationToken);

    /// <summary>Gets a session.</summary>
    public virtual Task<TerminalSession> GetAsync(string terminalSessionId, CancellationToken cancellationToken = default)
        => _client.SendAsync<TerminalSession>(HttpMethod.Get, $"terminal-sessions/{DojoClient.Segment(terminalSessionId)}", null, true, null, cancellationToken);

    /// <summary>Asks the terminal to cancel; possible only before a card is presented (otherwise a 422).</summary>
    public virtual Task<TerminalSession> CancelAsync(string terminalSessionId, CancellationToken cancellationToken = default)
        => _client.SendAsync<TerminalSession>(HttpMethod.Put, $"terminal-sessions/{DojoClient.Segment(terminalSessionId)}/cancel", null, true, null, cancellationToken);

    /// <summary>Accepts or rejects the signature while the session is <c>SignatureVerificationRequired</c>.</summary>
    public virtual Task<TerminalSession> RespondToSignatureAsync(string terminalSessionId, bool accepted, CancellationToken cancellationToken = default)
        => _client.SendAsync<TerminalSession>(HttpMethod.Put, $"terminal-sessions/{DojoClient.Segment(terminalSessionId)}/signature",
            DojoClient.Json(new SignatureVerificationRequest { Accepted = accepted }), true, null, cancellationToken);

    /// <summary>
    /// Polls the session every <see cref="DojoClientOptions.PollInterval"/> and yields each change: a new status or
    /// new notifications. Ends after the final status. <c>SignatureVerificationRequired</c> is yielded like any
    /// other status so the caller can answer it.
    /// </summary>
    public virtual async IAsyncEnumerable<TerminalSessionUpdate> WatchAsync(string terminalSessionId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var seenStatuses = 0;
        var seenNotifications = 0;
        var delay = _client.Options.Delay ?? Task.Delay;
        while (true)
        {
            var session = await GetAsync(terminalSessionId, cancellationToken).ConfigureAwait(false);
            var newStatuses = session.StatusEvents.Skip(seenStatuses).ToList();
            var newNotifications = session.NotificationEvents.Skip(seenNotifications).ToList();
            if (newStatuses.Count > 0 || newNotifications.Count > 0)
            {
                seenStatuses = session.StatusEvents.Count;
                seenNotifications = session.NotificationEvents.Count;
                yield return new TerminalSessionUpdate(session, newStatuses, newNotifications);
            }
            if (IsFinal(session))
            {
                yield break;
            }
            await delay(_client.Options.PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Polls until the session is final and returns it. <paramref name="onSignatureRequired"/> decides a signature
    /// request (true accepts); without it, Dojo's 80 s timeout accepts it.
    /// </summary>
    public virtual async Task<TerminalSession> WaitForCompletionAsync(string terminalSessionId, Func<TerminalSession, Task<bool>>? onSignatureRequired = null, CancellationToken cancellationToken = default)
    {
        TerminalSession? last = null;
        await foreach (var update in WatchAsync(terminalSessionId, cancellationToken).ConfigureAwait(false))
        {
            last = update.Session;
            if (onSignatureRequired is not null && update.Session.Status == TerminalSessionStatus.SignatureVerificationRequired)
            {
                await RespondToSignatureAsync(terminalSessionId, await onSignatureRequired(update.Session).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            }
        }
        return last ?? await GetAsync(terminalSessionId, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>What changed in a session since the previous poll.</summary>
/// <param name="Session">The session now.</param>
/// <param name="NewStatusEvents">Status changes since the previous update.</param>
/// <param name="NewNotifications">Messages the terminal showed since the previous update.</param>
public sealed record TerminalSessionUpdate(TerminalSession Session, IReadOnlyList<TerminalSessionStatusEvent> NewStatusEvents, IReadOnlyList<TerminalSessionNotification> NewNotifications);
