using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;

namespace PayAtCounter.Server.Storage;

/// <summary>The database. Provider-neutral: the provider is chosen in <see cref="StorageSetup"/>.</summary>
public sealed class PayAtCounterDb(DbContextOptions<PayAtCounterDb> options) : DbContext(options)
{
    /// <summary>Accounts.</summary>
    public DbSet<AccountRow> Accounts => Set<AccountRow>();
    /// <summary>Payment intents.</summary>
    public DbSet<PaymentIntentRow> PaymentIntents => Set<PaymentIntentRow>();
    /// <summary>Refunds.</summary>
    public DbSet<RefundRow> Refunds => Set<RefundRow>();
    /// <summary>Virtual terminals.</summary>
    public DbSet<TerminalRow> Terminals => Set<TerminalRow>();
    /// <summary>Terminal sessions.</summary>
    public DbSet<TerminalSessionRow> TerminalSessions => Set<TerminalSessionRow>();
    /// <summary>Webhook subscriptions.</summary>
    public DbSet<WebhookSubscriptionRow> WebhookSubscriptions => Set<WebhookSubscriptionRow>();
    /// <summary>Webhook deliveries.</summary>
    public DbSet<WebhookDeliveryRow> WebhookDeliveries => Set<WebhookDeliveryRow>();
    /// <summary>The persisted sandbox clock.</summary>
    public DbSet<SandboxClockRow> SandboxClock => Set<SandboxClockRow>();
    /// <summary>Outgoing events.</summary>
    public DbSet<OutboxEventRow> OutboxEvents => Set<OutboxEventRow>();

    // One gate per database file; readers are not gated: with WAL they never wait for the writer.
    private static readonly ConcurrentDictionary<string, WriterGate> SqliteWriters = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
        => ChangeTracker.HasChanges()
            ? InWriterTurnAsync(() => base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken))
            : base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);

    /// <summary>
    /// Runs <paramref name="write"/> in this database's turn for SQLite's one writer (<see cref="WriterGate"/>);
    /// on PostgreSQL, which has row locks, at once.
    /// </summary>
    public async Task<T> InWriterTurnAsync<T>(Func<Task<T>> write)
    {
        if (!Database.IsSqlite())
        {
            return await write();
        }
        var writer = SqliteWriters.GetOrAdd(Database.GetConnectionString() ?? "", _ => new WriterGate());
        await writer.EnterAsync();
        try
        {
            return await write();
        }
        finally
        {
            writer.Exit();
        }
    }

    /// <summary>The earliest due time of any session step or intent transition, or null.</summary>
    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken)
    {
        var session = await TerminalSessions.Where(s => s.NextDueAtTicks != null).MinAsync(s => s.NextDueAtTicks, cancellationToken);
        var intent = await PaymentIntents.Where(p => p.NextDueAtTicks != null).MinAsync(p => p.NextDueAtTicks, cancellationToken);
        var next = (session, intent) switch
        {
            (null, null) => (long?)null,
            ({ } a, null) => a,
            (null, { } b) => b,
            ({ } a, { } b) => Math.Min(a, b),
        };
        return next is { } ticks ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;
    }

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<AccountRow>(account =>
        {
            account.ToTable("accounts");
            account.HasKey(a => a.Id);
            account.HasIndex(a => a.KeyHash).IsUnique();
        });
        modelBuilder.Entity<PaymentIntentRow>(intent =>
        {
            intent.ToTable("payment_intents");
            intent.HasKey(p => p.Id);
            intent.Property(p => p.Version).IsConcurrencyToken();
            intent.HasIndex(p => new { p.AccountId, p.CreatedAtTicks, p.Id });
            intent.HasIndex(p => p.NextDueAtTicks);
        });
        modelBuilder.Entity<RefundRow>(refund =>
        {
            refund.ToTable("refunds");
            refund.HasKey(r => r.Id);
            refund.HasIndex(r => new { r.PaymentIntentId, r.IdempotencyKey }).IsUnique();
        });
        modelBuilder.Entity<TerminalRow>(terminal =>
        {
            terminal.ToTable("terminals");
            terminal.HasKey(t => t.Id);
            terminal.Property(t => t.Version).IsConcurrencyToken();
            terminal.HasIndex(t => t.AccountId);
        });
        modelBuilder.Entity<TerminalSessionRow>(session =>
        {
            session.ToTable("terminal_sessions");
            session.HasKey(s => s.Id);
            session.Property(s => s.Version).IsConcurrencyToken();
            session.HasIndex(s => s.PaymentIntentId);
            session.HasIndex(s => s.NextDueAtTicks);
        });
        modelBuilder.Entity<WebhookSubscriptionRow>(subscription =>
        {
            subscription.ToTable("webhook_subscriptions");
            subscription.HasKey(w => w.Id);
            subscription.Property(w => w.Version).IsConcurrencyToken();
            subscription.HasIndex(w => w.AccountId);
        });
        modelBuilder.Entity<WebhookDeliveryRow>(delivery =>
        {
            delivery.ToTable("webhook_deliveries");
            delivery.HasKey(d => d.Id);
            delivery.Property(d => d.Version).IsConcurrencyToken();
            delivery.HasIndex(d => d.NextAttemptAtTicks);
            delivery.HasIndex(d => new { d.AccountId, d.CreatedAtTicks });
        });
        modelBuilder.Entity<SandboxClockRow>(clock =>
        {
            clock.ToTable("sandbox_clock");
            clock.HasKey(c => c.Id);
            clock.Property(c => c.Id).ValueGeneratedNever();
        });
        modelBuilder.Entity<OutboxEventRow>(evt =>
        {
            evt.ToTable("outbox_events");
            evt.HasKey(e => e.Id);
            evt.HasIndex(e => new { e.FannedOut, e.OccurredAtTicks });
        });
        if (Database.IsNpgsql())
        {
            // Pages are ordered by id as a tie-break, in ordinal order on SQLite; the C collation gives
            // PostgreSQL the same order whatever the server's locale.
            foreach (var text in modelBuilder.Model.GetEntityTypes().SelectMany(e => e.GetProperties()).Where(p => p.ClrType == typeof(string)))
            {
                text.SetCollation("C");
            }
        }
    }
}
