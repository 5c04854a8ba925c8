using System.Text;
using System.Text.Json;

namespace PayAtCounter.Fuzz.Tests;

/// <summary>Well-formed calls the fuzzer makes around its requests: building its world, races, cleaning up.</summary>
public sealed class ApiCalls(Uri server, string key)
{
    /// <summary>Sends one well-formed request on a new connection and returns the response (or the failure).</summary>
    public async Task<RawOutcome> SendAsync(string method, string target, string? json = null, string? asKey = null, params (string Name, string Value)[] headers)
    {
        using var connection = new RawHttpConnection(server);
        return await connection.SendAsync(Request(method, target, json, asKey, headers).ToBytes(server.Authority), false, TimeSpan.FromSeconds(10));
    }

    /// <summary>A well-formed request, as the fuzzer would start one.</summary>
    public FuzzRequest Request(string method, string target, string? json, string? asKey = null, params (string Name, string Value)[] headers)
    {
        var request = new FuzzRequest { Operation = $"{method} {target}", Method = method, Target = target };
        request.Set("Authorization", "Basic " + (asKey ?? key));
        request.Set("version", "2025-09-10");
        request.Set("software-house-id", "fuzz-house");
        request.Set("reseller-id", "fuzz-reseller");
        foreach (var (name, value) in headers)
        {
            request.Set(name, value);
        }
        if (json is not null)
        {
            request.Set("Content-Type", "application/json");
            request.Body = Encoding.UTF8.GetBytes(json);
        }
        return request;
    }

    /// <summary>Sends a request that must succeed and returns its body as JSON.</summary>
    public async Task<JsonElement> OkAsync(string method, string target, string? json = null, string? asKey = null)
    {
        var outcome = await SendAsync(method, target, json, asKey);
        if (outcome.Response is not { Status: >= 200 and < 300 } response)
        {
            throw new InvalidOperationException($"{method} {target} failed while setting up: {outcome.Failure ?? outcome.Response!.Status + " " + outcome.Response.Text}");
        }
        return response.Body.Length == 0 ? default : JsonDocument.Parse(response.Body).RootElement.Clone();
    }

    /// <summary>Creates a payment intent and returns its id.</summary>
    public async Task<string> CreateIntentAsync(long amount, string captureMode = "Auto", string? asKey = null)
        => (await OkAsync("POST", "/payment-intents", $$"""{"amount":{"value":{{amount}},"currencyCode":"GBP"},"reference":"fuzz","captureMode":"{{captureMode}}"}""", asKey)).GetProperty("id").GetString()!;
}
