using System.Text.Json;

namespace PayAtCounter.Fuzz.Tests;

/// <summary>
/// The ids the fuzzer has seen in answers, by kind (the path parameter they fill), and the other account's ids.
/// Path parameters are mostly real ids, so requests get past "not found" into the code that acts on objects.
/// </summary>
public sealed class IdPool
{
    private readonly Dictionary<string, List<string>> _own = new(StringComparer.Ordinal);

    /// <summary>Ids that belong to the other account, by kind.</summary>
    public Dictionary<string, List<string>> Other { get; } = new(StringComparer.Ordinal);

    /// <summary>Sandbox terminals of the fuzzed account, with their TIDs.</summary>
    public List<(string Id, string Tid)> Terminals { get; } = [];

    /// <summary>A random known id of a kind, or null when none was seen.</summary>
    public string? Pick(Random random, string kind)
        => _own.TryGetValue(kind, out var ids) && ids.Count > 0 ? ids[random.Next(ids.Count)] : null;

    /// <summary>A random known id of any kind (for "an id of the wrong kind").</summary>
    public string? PickAny(Random random)
    {
        var kinds = _own.Where(k => k.Value.Count > 0).ToList();
        if (kinds.Count == 0)
        {
            return null;
        }
        var ids = kinds[random.Next(kinds.Count)].Value;
        return ids[random.Next(ids.Count)];
    }

    /// <summary>Remembers an id of a kind (at most 200 per kind; the oldest go first).</summary>
    public void Add(string kind, string id) => Add(_own, kind, id);

    /// <summary>Remembers the ids in an answer: <c>id</c> fields by what the answer is, and named <c>…Id</c> fields.</summary>
    public void Learn(string operation, string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            Walk(document.RootElement, KindOfAnswer(operation));
        }
        catch (JsonException)
        {
            // Not JSON (an HTML page): nothing to learn.
        }
    }

    /// <summary>The kind of id an operation's answer carries as its <c>id</c>.</summary>
    public static string? KindOfAnswer(string operation) => operation switch
    {
        _ when operation.Contains("/refunds", StringComparison.Ordinal) => "refundId",
        _ when operation.Contains("/secrets", StringComparison.Ordinal) => "secretId",
        _ when operation.Contains("/sandbox/webhooks/deliveries", StringComparison.Ordinal) => "deliveryId",
        _ when operation.Contains("/sandbox/webhooks/rules", StringComparison.Ordinal) => "ruleId",
        _ when operation.Contains("/sandbox/faults", StringComparison.Ordinal) => "ruleId",
        _ when operation.Contains("/sandbox/readiness/runs", StringComparison.Ordinal) => "runId",
        _ when operation.Contains("/sandbox/snapshots", StringComparison.Ordinal) => "name",
        _ when operation.Contains("/payment-intents", StringComparison.Ordinal) => "paymentIntentId",
        _ when operation.Contains("/terminal-sessions", StringComparison.Ordinal) => "terminalSessionId",
        _ when operation.Contains("/terminals", StringComparison.Ordinal) => "terminalId",
        _ when operation.Contains("/webhooks/events", StringComparison.Ordinal) => "eventId",
        _ when operation.Contains("/webhooks", StringComparison.Ordinal) => "subscriptionId",
        _ => null,
    };

    private void Walk(JsonElement element, string? kind)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item, kind);
                }
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Value.ValueKind == JsonValueKind.String)
                    {
                        var name = property.Name;
                        if (name == "id" && kind is not null)
                        {
                            Add(kind, property.Value.GetString()!);
                        }
                        else if (name is "paymentIntentId" or "terminalSessionId" or "terminalId" or "subscriptionId" or "refundId" or "eventId")
                        {
                            Add(name, property.Value.GetString()!);
                        }
                        else if (name == "name" && kind == "name")
                        {
                            Add(kind, property.Value.GetString()!);
                        }
                    }
                    else
                    {
                        // Nested objects are of other kinds (a session's intent, a page's items keep the page's kind).
                        Walk(property.Value, property.Name is "data" or "items" or "subscriptions" or "secrets" ? kind : null);
                    }
                }
                break;
        }
    }

    private static void Add(Dictionary<string, List<string>> pool, string kind, string id)
    {
        if (!pool.TryGetValue(kind, out var ids))
        {
            pool[kind] = ids = [];
        }
        if (ids.Contains(id))
        {
            return;
        }
        if (ids.Count == 200)
        {
            ids.RemoveAt(0);
        }
        ids.Add(id);
    }
}
