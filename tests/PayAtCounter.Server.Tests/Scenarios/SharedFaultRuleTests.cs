using System.Net;
using PayAtCounter.Server.Tests.Infrastructure;

namespace PayAtCounter.Server.Tests.Scenarios;

/// <summary>Fault rules on two instances sharing one PostgreSQL database (issue 20): both apply them, counted once.</summary>
[Trait("Category", "Postgres")]
public sealed class SharedFaultRuleTests : IDisposable
{
    private readonly TempDataDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [PostgresFact]
    public async Task A_rule_added_through_one_instance_applies_on_the_other_and_its_count_is_shared()
    {
        using var a = new PayAtCounterApp(_data.Path);
        using var b = new PayAtCounterApp(_data.Path);
        var rawA = FaultTests.RawClient(a);
        var rawB = FaultTests.RawClient(b);
        Assert.Equal(HttpStatusCode.OK, (await rawB.GetAsync("/terminals")).StatusCode);

        await (await a.CreateDojoClient().PostJsonAsync("/sandbox/faults", """{"path":"/terminals","action":"Status","status":503,"count":3}""")).ReadJsonAsync(HttpStatusCode.Created);

        // B reads the rules every second: wait (at most 10 s) for its first fault, then the two share what is left.
        var faulted = 0;
        for (var tries = 0; faulted == 0 && tries < 100; tries++)
        {
            faulted += (await rawB.GetAsync("/terminals")).StatusCode == HttpStatusCode.ServiceUnavailable ? 1 : 0;
            if (faulted == 0)
            {
                await Task.Delay(100);
            }
        }
        Assert.Equal(1, faulted);
        var rest = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => (i % 2 == 0 ? rawA : rawB).GetAsync("/terminals")));
        Assert.Equal(2, rest.Count(r => r.StatusCode == HttpStatusCode.ServiceUnavailable));
        Assert.Equal(6, rest.Count(r => r.StatusCode == HttpStatusCode.OK));
    }
}
