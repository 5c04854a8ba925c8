using PayAtCounter.Server.Scheduling;
using PayAtCounter.Server.Storage;

namespace PayAtCounter.Server.Tests.Storage;

/// <summary>The in-process SQLite writer queue: one writer at a time, background work first.</summary>
public sealed class WriterGateTests
{
    [Fact]
    public async Task A_loop_started_from_the_schedulers_flow_does_not_write_ahead_of_requests()
    {
        // The group commit's loop starts wherever it is first needed, often inside a scheduler round.
        var seen = new TaskCompletionSource<bool>();
        Task loop;
        using (LoopFlow.Enter(new Signal()))
        {
            loop = PayAtCounter.Server.Hosting.OwnThread.Run("test loop", () =>
            {
                seen.SetResult(LoopFlow.InLoop);
                return Task.CompletedTask;
            });
        }
        await loop;

        Assert.False(await seen.Task);
    }

    [Fact]
    public async Task Waiting_scheduler_writes_go_before_earlier_request_writes()
    {
        var gate = new WriterGate();
        await gate.EnterAsync();

        var requestTurn = gate.EnterAsync();
        Task schedulerTurn;
        using (LoopFlow.Enter(new Signal()))
        {
            schedulerTurn = gate.EnterAsync();
        }
        Assert.False(requestTurn.IsCompleted);
        Assert.False(schedulerTurn.IsCompleted);

        gate.Exit();
        Assert.True(schedulerTurn.IsCompleted);
        Assert.False(requestTurn.IsCompleted);

        gate.Exit();
        Assert.True(requestTurn.IsCompleted);
    }

    [Fact]
    public async Task A_waiting_request_gets_the_writer_after_a_few_scheduler_turns()
    {
        var gate = new WriterGate();
        await gate.EnterAsync();
        var request = gate.EnterAsync();
        var scheduler = new List<Task>();
        using (LoopFlow.Enter(new Signal()))
        {
            for (var i = 0; i < 6; i++)
            {
                scheduler.Add(gate.EnterAsync());
            }
        }

        var order = new List<string>();
        for (var turn = 0; turn < 7; turn++)
        {
            gate.Exit();
            order.Add(request.IsCompleted && !order.Contains("request") ? "request" : "scheduler");
        }

        Assert.Equal(["scheduler", "scheduler", "scheduler", "scheduler", "request", "scheduler", "scheduler"], order);
        Assert.All(scheduler, t => Assert.True(t.IsCompleted));
    }

    [Fact]
    public async Task Only_one_writer_holds_the_gate_at_a_time()
    {
        var gate = new WriterGate();
        var inside = 0;
        var overlaps = 0;

        await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(async () =>
        {
            await gate.EnterAsync();
            // Counted by the writer that finds another inside: no read-then-write that could lose an overlap.
            if (Interlocked.Increment(ref inside) > 1)
            {
                Interlocked.Increment(ref overlaps);
            }
            await Task.Yield();
            Interlocked.Decrement(ref inside);
            gate.Exit();
        })));

        Assert.Equal(0, overlaps);
    }
}
