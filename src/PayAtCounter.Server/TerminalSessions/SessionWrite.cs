using System.Data.Common;
using PayAtCounter.Engine.Ids;
using PayAtCounter.Engine.TerminalSessions;
using PayAtCounter.Server.PaymentIntents;
using PayAtCounter.Server.Storage;
using PayAtCounter.Server.Terminals;

namespace PayAtCounter.Server.TerminalSessions;

/// <summary>A session's version and the ids and versions of the rows it works on; null versions are rows that are gone.</summary>
internal sealed record SessionLinks(string SessionId, int SessionVersion, string TerminalId, int? TerminalVersion, string? IntentId, int? IntentVersion)
{
    /// <summary>
    /// For each session: its version, and the ids and versions of its terminal and intent. Tells a cached state
    /// from a changed one without reading any document.
    /// </summary>
    public static async Task<List<SessionLinks>> ReadAsync(DbConnection connection, IReadOnlyCollection<string> sessionIds, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT s."Id", s."Version", s."TerminalId", t."Version", s."PaymentIntentId", p."Version"
            FROM terminal_sessions s
            LEFT JOIN terminals t ON t."Id" = s."TerminalId"
            LEFT JOIN payment_intents p ON p."Id" = s."PaymentIntentId"
            WHERE {SqlReads.AnyOf(command, "s.\"Id\"", sessionIds)}
            """;
        var links = new List<SessionLinks>(sessionIds.Count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            links.Add(new SessionLinks(
                reader.GetString(0), reader.GetInt32(1),
                reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetInt32(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetInt32(5)));
        }
        return links;
    }
}

/// <summary>
/// One session world change to store: the versions it was computed from, the world before and after.
/// <see cref="IsNew"/> when the session itself is being created. Every way a session changes (its creation, a
/// request's command, a scheduler step) is staged by <see cref="StageIn"/>, so all of them write the same rows.
/// </summary>
internal sealed record SessionWrite(SessionLinks Link, SessionWorld Before, SessionWorldChange Change, bool IsNew = false)
{
    /// <summary>The step changed the terminal (same instance as read means unchanged) and the row still exists.</summary>
    public bool TerminalChanged => Link.TerminalVersion is not null && !ReferenceEquals(Change.Terminal, Before.Terminal);

    /// <summary>The step changed the intent and the row still exists.</summary>
    public bool IntentChanged => Link.IntentVersion is not null && Change.Intent is not null && !ReferenceEquals(Change.Intent, Before.Intent);

    /// <summary>
    /// Stages the change: the session, the terminal and intent where the step changed them (most timeline steps
    /// touch the session alone, and skipping the unchanged rows saves two UPDATEs per step), the intent's events
    /// and any refund.
    /// </summary>
    public void StageIn(UnitOfWork work, IdGenerator ids)
    {
        var session = TerminalSessionRow.From(Change.Session, Link.SessionVersion);
        if (IsNew)
        {
            work.Add(session);
        }
        else
        {
            work.Change(session);
        }
        if (TerminalChanged)
        {
            work.Change(TerminalRow.From(Change.Terminal, Link.TerminalVersion!.Value));
        }
        if (IntentChanged)
        {
            work.Change(PaymentIntentRow.From(Change.Intent!, Link.IntentVersion!.Value));
        }
        Outbox.Add(work, ids, Change.Session.AccountId, Change.IntentEvents);
        if (Change.Refund is { } refund)
        {
            work.Add(RefundRow.From(refund));
        }
    }
}
