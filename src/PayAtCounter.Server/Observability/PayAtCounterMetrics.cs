using System.Diagnostics;
using System.Diagnostics.Metrics;
using PayAtCounter.Server.Storage;
using PayAtCounter.Server.TerminalSessions;

namespace PayAtCounter.Server.Observability;

/// <summary>
/// The domain's own metrics (meter <c>PayAtCounter</c>) and trace spans (source <c>PayAtCounter</c>): terminal sessions
/// started and ended by type and outcome, scheduler lag, webhook attempts by result with their latency, the outbox
/// backlog, fault rules fired. Counting costs nothing when no listener is attached.
/// </summary>
public sealed class PayAtCounterMetrics
{
    /// <summary>The meter's and the activity source's name.</summary>
    public const string Name = "PayAtCounter";

    /// <summary>Spans of the domain: webhook deliveries, storage commits.</summary>
    public static readonly ActivitySource Source = new(Name);

    private readonly Counter<long> _sessionsStarted;
    private readonly Counter<long> _sessionsEnded;
    private readonly Histogram<double> _schedulerLag;
    private readonly Counter<long> _webhookAttempts;
    private readonly Histogram<double> _webhookDuration;
    private readonly Counter<long> _faultsFired;
    private long _outboxBacklog;

    /// <summary>Creates the instruments on <paramref name="meters"/>.</summary>
    public PayAtCounterMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(Name);
        _sessionsStarted = meter.CreateCounter<long>("pac.terminal_sessions.started", "{session}", "Terminal sessions started, by type.");
        _sessionsEnded = meter.CreateCounter<long>("pac.terminal_sessions.ended", "{session}", "Terminal sessions that reached a final status, by type and outcome.");
        _schedulerLag = meter.CreateHistogram<double>("pac.scheduler.lag", "ms", "How late each scheduled step ran, in real milliseconds.");
        _webhookAttempts = meter.CreateCounter<long>("pac.webhooks.attempts", "{attempt}", "Webhook delivery attempts, by result.");
        _webhookDuration = meter.CreateHistogram<double>("pac.webhooks.attempt.duration", "ms", "How long receivers took to answer a delivery attempt.");
        _faultsFired = meter.CreateCounter<long>("pac.faults.fired", "{fault}", "Sandbox fault rules applied to API calls, by action.");
        meter.CreateObservableGauge("pac.outbox.backlog", () => Volatile.Read(ref _outboxBacklog), "{event}", "Events stored and not yet handed to webhook subscriptions.");
    }

    /// <summary>Counts the sessions a committed unit started or ended. Resets and restores rewrite worlds and are not counted.</summary>
    public void Committed(UnitOfWork work)
    {
        if (!_sessionsStarted.Enabled || work.Cleared.Count > 0)
        {
            return;
        }
        foreach (var row in work.Added)
        {
            if (row is TerminalSessionRow { State: { } started })
            {
                _sessionsStarted.Add(1, new KeyValuePair<string, object?>("type", started.Type.ToString()));
            }
        }
        foreach (var row in work.Changed)
        {
            if (row is TerminalSessionRow { State: { IsFinal: true } changed })
            {
                _sessionsEnded.Add(1, new KeyValuePair<string, object?>("type", changed.Type.ToString()), new KeyValuePair<string, object?>("outcome", changed.Status.ToString()));
            }
        }
    }

    /// <summary>Records how late one scheduled step ran.</summary>
    public void SchedulerLag(TimeSpan lag) => _schedulerLag.Record(lag.TotalMilliseconds);

    /// <summary>Records one delivery attempt: <c>delivered</c>, <c>http_4xx</c>, <c>http_5xx</c> or <c>no_answer</c>.</summary>
    public void WebhookAttempt(int? statusCode, long latencyMs)
    {
        var result = statusCode switch
        {
            >= 200 and < 300 => "delivered",
            >= 400 and < 500 => "http_4xx",
            >= 500 => "http_5xx",
            null => "no_answer",
            _ => "other",
        };
        _webhookAttempts.Add(1, new KeyValuePair<string, object?>("result", result));
        _webhookDuration.Record(latencyMs, new KeyValuePair<string, object?>("result", result));
    }

    /// <summary>Records a fault rule applied.</summary>
    public void FaultFired(string action) => _faultsFired.Add(1, new KeyValuePair<string, object?>("action", action));

    /// <summary>The outbox backlog as last counted.</summary>
    public void OutboxBacklog(long events) => Volatile.Write(ref _outboxBacklog, events);
}
