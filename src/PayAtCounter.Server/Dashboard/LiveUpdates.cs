using System.Collections.Concurrent;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using PayAtCounter.Server.PaymentIntents;
using PayAtCounter.Server.Readiness;
using PayAtCounter.Server.Storage;
using PayAtCounter.Server.Terminals;
using PayAtCounter.Server.TerminalSessions;
using PayAtCounter.Server.Webhooks;

namespace PayAtCounter.Server.Dashboard;

/// <summary>
/// Live updates for open dashboard pages: each commit names the topics it touched (<c>terminal-tm_…</c>,
/// <c>sessions</c>, <c>intent-pi_…</c>…), and each page of the account that owns them gets those names as
/// server-sent events; the page then fetches the parts that show them again (htmx <c>hx-trigger="sse:…"</c>). A
/// page that falls behind gets each topic once, not once per commit.
/// </summary>
/// <remarks>
/// <para>
/// A live part (the <c>LivePart</c> component) swaps its children, never itself (<c>hx-swap="innerHTML"</c>): htmx
/// queues an event's fetch while the part's previous one is in flight, and drops the queued one if the element it
/// belongs to was replaced meanwhile, which would leave the part showing the earlier state.
/// </para>
/// <para>
/// Commits made by another server instance sharing a PostgreSQL database are not seen here: a page shows them on
/// its next load or on the next change made by this instance.
/// </para>
/// </remarks>
public sealed class LiveUpdates
{
    // Pages are told at most this often: a scripted sale at 20× moves several times a second.
    private static readonly TimeSpan MinGap = TimeSpan.FromMilliseconds(150);
    // A comment line now and then keeps proxies from closing a quiet stream.
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(20);

    private readonly ConcurrentDictionary<Listener, byte> _listeners = new();

    /// <summary>Created on the first dashboard stream; from then on it hears every commit.</summary>
    public LiveUpdates(CommitFeed feed) => feed.Listen(Committed);

    /// <summary>The topics of <paramref name="accountId"/> as events, until <paramref name="cancellationToken"/> ends the stream.</summary>
    public async IAsyncEnumerable<SseItem<string>> StreamAsync(string accountId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var listener = new Listener(accountId);
        _listeners.TryAdd(listener, 0);
        try
        {
            yield return new SseItem<string>("connected", "connected");
            while (!cancellationToken.IsCancellationRequested)
            {
                var topics = await listener.NextAsync(KeepAlive, cancellationToken);
                if (topics is null)
                {
                    break;
                }
                foreach (var topic in topics.Count == 0 ? ["keep-alive"] : topics)
                {
                    yield return new SseItem<string>(topic, topic);
                }
                if (!await PauseAsync(cancellationToken))
                {
                    break;
                }
            }
        }
        finally
        {
            _listeners.TryRemove(listener, out _);
        }
    }

    private static async Task<bool> PauseAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(MinGap, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private void Committed(UnitOfWork work)
    {
        if (_listeners.IsEmpty)
        {
            return;
        }
        foreach (var (_, account) in work.Cleared)
        {
            // A reset or restore: every list of the account may have changed.
            Notify(account, EveryList);
        }
        foreach (var row in work.Added.Concat(work.Changed).Concat(work.Removed))
        {
            if (Topics(row) is { AccountId: { } account } changed)
            {
                Notify(account, changed.Names);
            }
        }
    }

    private static readonly string[] EveryList = ["terminals", "sessions", "intents", "webhooks", "requests", "readiness"];

    private void Notify(string accountId, string[] topics)
    {
        foreach (var listener in _listeners.Keys)
        {
            if (listener.AccountId == accountId)
            {
                listener.Notify(topics);
            }
        }
    }

    // What a row's change shows on: the lists it is in and the pages of the things it belongs to.
    private static (string? AccountId, string[] Names)? Topics(object row) => row switch
    {
        TerminalRow t => (t.AccountId, ["terminals", $"terminal-{t.Id}"]),
        TerminalSessionRow s => (s.AccountId, ["sessions", "terminals", $"terminal-{s.TerminalId}", $"session-{s.Id}"]),
        PaymentIntentRow p => (p.AccountId, ["intents", $"intent-{p.Id}"]),
        RefundRow r => (r.AccountId, ["intents", $"intent-{r.PaymentIntentId}"]),
        WebhookDeliveryRow d => (d.AccountId, ["webhooks"]),
        WebhookSubscriptionRow w => (w.AccountId, ["webhooks"]),
        RecordedRequestRow q => (q.AccountId, ["requests"]),
        ReadinessRunRow r => (r.AccountId, ["readiness"]),
        _ => null,
    };

    /// <summary>One open page: the topics it has not been told yet.</summary>
    private sealed class Listener(string accountId)
    {
        private readonly HashSet<string> _pending = new(StringComparer.Ordinal);
        private TaskCompletionSource? _waiting;

        public string AccountId { get; } = accountId;

        public void Notify(string[] topics)
        {
            TaskCompletionSource? wake;
            lock (_pending)
            {
                _pending.UnionWith(topics);
                wake = _waiting;
                _waiting = null;
            }
            wake?.TrySetResult();
        }

        // The topics noted since the last call (empty after a quiet while), or null once the stream is over.
        public async Task<List<string>?> NextAsync(TimeSpan quiet, CancellationToken cancellationToken)
        {
            Task wait;
            lock (_pending)
            {
                if (_pending.Count > 0)
                {
                    return Take();
                }
                _waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                wait = _waiting.Task;
            }
            try
            {
                await wait.WaitAsync(quiet, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
            }
            catch (OperationCanceledException)
            {
                return null;
            }
            lock (_pending)
            {
                return Take();
            }
        }

        private List<string> Take()
        {
            var topics = _pending.ToList();
            _pending.Clear();
            return topics;
        }
    }
}
