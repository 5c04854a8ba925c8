namespace PayAtCounter.Till.Tests;

/// <summary>Each of the till's checklist flows, on its own sandbox.</summary>
public sealed class TillFlowTests
{
    /// <summary>The flows by name.</summary>
    public static TheoryData<string> Flows => [.. TillFlows.All.Keys];

    [Theory]
    [MemberData(nameof(Flows))]
    public async Task The_till_runs_the_flow(string flow)
    {
        await using var till = await TillHarness.StartAsync();

        await TillFlows.All[flow](till);
    }

    [Fact]
    public async Task CFG_02_a_wrong_key_tells_the_person_to_check_the_api_key()
    {
        await using var till = await TillHarness.StartAsync(Testing.DojoSandbox.ApiKey + "x");

        var refused = await Assert.ThrowsAsync<TillException>(() => till.Counter.TerminalsAsync());

        Assert.Contains("check the API key", refused.Message, StringComparison.Ordinal);
    }
}
