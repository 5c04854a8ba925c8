using System.Net;
using PayAtCounter.Server.Tests.Infrastructure;

namespace PayAtCounter.Server.Tests.Storage;

/// <summary>A restart of the server keeps all data: intents, refunds, accounts and the generated sandbox key.</summary>
public sealed class RestartTests : IDisposable
{
    private readonly TempDataDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Intents_and_refunds_survive_a_restart()
    {
        string id, refundId;
        using (var first = new PayAtCounterApp(_data.Path))
        {
            var client = first.CreateDojoClient();
            id = await client.CapturedIntentAsync(1000);
            refundId = (string)(await (await client.PostJsonAsync($"/payment-intents/{id}/refunds", """{"amount":400}""")).ReadJsonAsync(HttpStatusCode.OK))["refundId"]!;
        }

        using var second = new PayAtCounterApp(_data.Path);
        var again = second.CreateDojoClient();
        var intent = await again.GetIntentAsync(id);
        var refund = await (await again.GetAsync($"/payment-intents/refunds/{refundId}")).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal("Captured", (string)intent["status"]!);
        Assert.Equal(400, (long)intent["refundedAmount"]!);
        Assert.Equal(id, (string)refund["paymentIntentId"]!);
    }

    [Fact]
    public async Task A_generated_sandbox_key_is_kept_and_works_after_a_restart()
    {
        var noKey = new Dictionary<string, string?> { ["Sandbox:ApiKey"] = null };
        string key, id;
        using (var first = new PayAtCounterApp(_data.Path, noKey))
        {
            _ = first.Services;
            key = (await File.ReadAllTextAsync(System.IO.Path.Combine(_data.Path, "sandbox-api-key"))).Trim();
            id = (string)(await first.CreateDojoClient(key).CreateIntentAsync())["id"]!;
        }

        using var second = new PayAtCounterApp(_data.Path, noKey);
        _ = second.Services;

        Assert.StartsWith("sk_sandbox_", key);
        Assert.Equal(key, (await File.ReadAllTextAsync(System.IO.Path.Combine(_data.Path, "sandbox-api-key"))).Trim());
        Assert.Equal(id, (string)(await second.CreateDojoClient(key).GetIntentAsync(id))["id"]!);
    }
}
