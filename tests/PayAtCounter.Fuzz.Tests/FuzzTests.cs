using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using PayAtCounter.Server.Tests.Infrastructure;
using PayAtCounter.Tests.Shared;
using Xunit.Abstractions;

namespace PayAtCounter.Fuzz.Tests;

/// <summary>
/// The request fuzzer. <c>FUZZ_REQUESTS</c> (default 10,000, the CI profile) requests from seed <c>FUZZ_SEED</c>
/// (default 20261207, so CI is the same run every time) go to the server over real sockets. Each must be answered
/// within 10 s, on a connection that stays up, without a 5xx (505 for a broken HTTP version token excepted, HTTP's own
/// answer); every error body must have its path's error shape, Kestrel's own rejections included; and a rejected
/// request must leave what is stored unchanged. Every 100th step is a race of conflicting calls on one object.
/// A failure names the seed, the request's number and its exact bytes.
/// </summary>
public sealed class FuzzTests(ITestOutputHelper output)
{
    private static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Fuzzed_requests_get_timely_answers_without_5xx_in_their_error_shape_and_rejected_ones_store_nothing()
    {
        var count = Setting("FUZZ_REQUESTS", 10_000);
        var seed = Setting("FUZZ_SEED", 20261207);
        var profile = count switch { 10_000 => "ci", >= 1_000_000 => "long", _ => count.ToString(CultureInfo.InvariantCulture) };
        await using var server = await FuzzServer.StartAsync();
        var api = new ApiCalls(server.Address, FuzzServer.Key);
        var ids = new IdPool();
        // A closed loopback port: subscriptions to it are allowed, and their deliveries fail without leaving the machine.
        const string receiver = "http://127.0.0.1:9/fuzz-hook";
        await BuildWorldAsync(api, ids, receiver);
        var operations = await OperationsAsync(api);
        var random = new Random(seed);
        var generator = new RequestGenerator(random, ids, operations, FuzzServer.Key, FuzzServer.OtherKey, receiver);
        var races = new Races(api, ids);
        var shapes = new ErrorShapeCheck(await DojoSpec.GetAsync());
        var host = server.Address.Authority;
        var failures = new List<string>();
        var statuses = new SortedDictionary<int, int>();
        var clock = Stopwatch.StartNew();
        var raceCount = 0;
        var backgroundChanges = 0;
        using var connection = new RawHttpConnection(server.Address);

        for (var i = 0; i < count && failures.Count < 25; i++)
        {
            if (i % 100 == 99)
            {
                failures.AddRange((await races.RunAsync(raceCount++)).Select(p => $"race {raceCount} (seed {seed}): {p}"));
            }
            var request = generator.Next();
            var before = server.StoredState();
            var commitsBefore = server.Commits;
            var outcome = await connection.SendAsync(request.ToBytes(host), request.Method == "HEAD", AnswerWithin);
            var problem = Problem(request, outcome, shapes);
            if (problem is null && outcome.Response!.Status >= 400 && server.StoredState() is var after && after != before)
            {
                var commits = server.Commits;
                // A background step (a session falling due) committed meanwhile, and nothing on a request's behalf: not this request's doing.
                if (commits.Request == commitsBefore.Request && commits.Background > commitsBefore.Background)
                {
                    backgroundChanges++;
                }
                else
                {
                    problem = $"a rejected request ({outcome.Response.Status}) changed what is stored: {before} -> {after}";
                }
            }
            if (problem is not null)
            {
                failures.Add($"request {i} (seed {seed}): {problem}\n  {request.Describe(host)}");
                continue;
            }
            var response = outcome.Response!;
            statuses[response.Status] = statuses.GetValueOrDefault(response.Status) + 1;
            if (response.Status is >= 200 and < 300)
            {
                ids.Learn(request.Operation, response.Text);
                await AfterAcceptedAsync(api, ids, request.Operation);
            }
            if ((i + 1) % 100_000 == 0)
            {
                output.WriteLine($"{i + 1:N0} requests, {clock.Elapsed.TotalSeconds:N0} s");
            }
        }

        var summary = $"{count:N0} requests from seed {seed} in {clock.Elapsed.TotalSeconds:N1} s, {raceCount} races, {backgroundChanges} background changes set aside; statuses: "
            + string.Join(", ", statuses.Select(s => $"{s.Key} ×{s.Value}"));
        output.WriteLine(summary);
        Assert.True(failures.Count == 0, $"{failures.Count} failures (to reproduce: FUZZ_SEED={seed} FUZZ_REQUESTS={count}):\n\n" + string.Join("\n\n", failures));
        ReliabilityFigures.Record("fuzz", profile, new Dictionary<string, object>
        {
            ["requests"] = count,
            ["seed"] = seed,
            ["races"] = raceCount,
            ["backgroundChangesSetAside"] = backgroundChanges,
            ["seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 1),
            ["accepted"] = statuses.Where(s => s.Key < 300).Sum(s => s.Value),
            ["rejected"] = statuses.Where(s => s.Key >= 400).Sum(s => s.Value),
            ["statuses"] = statuses.ToDictionary(s => s.Key.ToString(CultureInfo.InvariantCulture), s => s.Value),
            ["failures"] = 0,
        });
    }

    // What is wrong with the answer to one request, or null.
    private static string? Problem(FuzzRequest request, RawOutcome outcome, ErrorShapeCheck shapes)
    {
        if (outcome.Failure is not null)
        {
            return outcome.Failure;
        }
        var response = outcome.Response!;
        if (response.Status >= 500 && !(response.Status == 505 && request.UnsupportedVersion))
        {
            return $"{response.Status}: {response.Text}";
        }
        if (response.Status < 300 && request.BodyMustBeRefused is { } why && request.Operation.StartsWith(request.Method + " ", StringComparison.Ordinal))
        {
            return $"a body with {why} was accepted ({response.Status})";
        }
        if (response.Status >= 400 && request.Method != "HEAD")
        {
            return shapes.Problem(request.Path, response.Status, response.Text);
        }
        return null;
    }

    // A fault rule the fuzzer manages to add would make later answers 5xx or drop them on purpose: remove it at once.
    // A reset, restore or fixture can replace the terminals: learn them again.
    private static async Task AfterAcceptedAsync(ApiCalls api, IdPool ids, string operation)
    {
        if (operation.StartsWith("POST /sandbox/faults", StringComparison.Ordinal))
        {
            foreach (var rule in (await api.OkAsync("GET", "/sandbox/faults")).EnumerateArray())
            {
                await api.OkAsync("DELETE", "/sandbox/faults/" + rule.GetProperty("id").GetString());
            }
        }
        if (operation.Contains("/reset", StringComparison.Ordinal) || operation.Contains("/restore", StringComparison.Ordinal)
            || operation.Contains("/fixtures", StringComparison.Ordinal) || operation.StartsWith("DELETE /sandbox/terminals", StringComparison.Ordinal))
        {
            await LearnTerminalsAsync(api, ids);
        }
    }

    // Objects to act on: intents (two paid), a subscription with a second secret, and the other account's objects.
    private static async Task BuildWorldAsync(ApiCalls api, IdPool ids, string receiver)
    {
        await LearnTerminalsAsync(api, ids);
        for (var i = 0; i < 6; i++)
        {
            ids.Add("paymentIntentId", await api.CreateIntentAsync(1000 + i, i % 2 == 0 ? "Auto" : "Manual"));
        }
        foreach (var paid in new[] { 0, 1 }.Select(i => ids.Pick(new Random(i), "paymentIntentId")!))
        {
            await api.OkAsync("POST", $"/sandbox/payment-intents/{paid}/card-payment", """{"approved":true}""");
        }
        var subscription = await api.OkAsync("POST", "/webhooks", $$"""{"events":["payment_intent.status_updated"],"url":"{{receiver}}"}""");
        var subscriptionId = subscription.GetProperty("id").GetString()!;
        ids.Add("subscriptionId", subscriptionId);
        ids.Add("secretId", (await api.OkAsync("POST", $"/webhooks/{subscriptionId}/secrets")).GetProperty("id").GetString()!);

        var otherIntent = await api.CreateIntentAsync(777, asKey: FuzzServer.OtherKey);
        var otherSubscription = await api.OkAsync("POST", "/webhooks", $$"""{"events":["payment_intent.status_updated"],"url":"{{receiver}}"}""", FuzzServer.OtherKey);
        var otherTerminals = await api.OkAsync("GET", "/terminals", asKey: FuzzServer.OtherKey);
        var otherTerminal = otherTerminals.EnumerateArray().First(t => t.GetProperty("status").GetString() == "Available").GetProperty("id").GetString()!;
        var otherSession = await api.OkAsync("POST", "/terminal-sessions",
            $$"""{"terminalId":"{{otherTerminal}}","details":{"sessionType":"Sale","sale":{"paymentIntentId":"{{otherIntent}}"} } }""", FuzzServer.OtherKey);
        ids.Other["paymentIntentId"] = [otherIntent];
        ids.Other["subscriptionId"] = [otherSubscription.GetProperty("id").GetString()!];
        ids.Other["terminalId"] = [otherTerminal];
        ids.Other["terminalSessionId"] = [otherSession.GetProperty("id").GetString()!];
    }

    private static async Task LearnTerminalsAsync(ApiCalls api, IdPool ids)
    {
        ids.Terminals.Clear();
        foreach (var terminal in (await api.OkAsync("GET", "/terminals")).EnumerateArray())
        {
            var id = terminal.GetProperty("id").GetString()!;
            ids.Terminals.Add((id, terminal.GetProperty("properties").GetProperty("tid").GetString()!));
            ids.Add("terminalId", id);
        }
    }

    // Every operation of the Dojo API and the sandbox API, from the server's own OpenAPI document.
    private static async Task<List<(string Method, string Template)>> OperationsAsync(ApiCalls api)
    {
        var document = await api.OkAsync("GET", "/openapi/v1.json");
        return document.GetProperty("paths").EnumerateObject()
            .Where(path => !path.Name.StartsWith("/sandbox/readiness/runs/{runId}/", StringComparison.Ordinal))
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => (operation.Name.ToUpperInvariant(), path.Name)))
            .ToList();
    }

    private static int Setting(string name, int fallback)
        => int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;
}
