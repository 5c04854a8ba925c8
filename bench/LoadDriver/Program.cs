// Usage: LoadDriver sessions --base URL --key KEY --count N
//        LoadDriver webhooks --base URL --key KEY --burst N --rate EVENTS_PER_S --seconds S
// Prints one "RESULT name value" line per measure for bench/run.sh. Loopback targets only.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

var mode = args.FirstOrDefault() ?? "";
string Arg(string name, string? fallback = null)
{
    var i = Array.IndexOf(args, "--" + name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback ?? throw new ArgumentException($"--{name} is required");
}
var baseUri = new Uri(Arg("base"));
if (!System.Net.IPAddress.TryParse(baseUri.Host, out var ip) || !System.Net.IPAddress.IsLoopback(ip))
{
    Console.Error.WriteLine("The load driver only targets loopback addresses.");
    return 2;
}
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = baseUri, Timeout = TimeSpan.FromMinutes(2) };
http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Basic " + Arg("key"));
http.DefaultRequestHeaders.Add("version", "2025-09-10");
http.DefaultRequestHeaders.Add("software-house-id", "softwareHouse1");

async Task<JsonObject> PostAsync(string path, string json)
{
    using var response = await http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
    var body = await response.Content.ReadAsStringAsync();
    if (!response.IsSuccessStatusCode)
    {
        throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {body}");
    }
    return JsonNode.Parse(body)!.AsObject();
}

async Task ForAllAsync(int count, int parallel, Func<int, Task> work)
    => await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (i, _) => await work(i));

if (mode == "sessions")
{
    var count = int.Parse(Arg("count"));
    var terminals = new string[count];
    var intents = new string[count];
    var sessions = new string[count];
    var setup = Stopwatch.StartNew();
    await ForAllAsync(count, 32, async i => terminals[i] = (string)(await PostAsync("/sandbox/terminals", $$"""{"tid":"BENCH{{i:D6}}"}"""))["id"]!);
    await ForAllAsync(count, 32, async i => intents[i] = (string)(await PostAsync("/payment-intents", """{"amount":{"value":1000,"currencyCode":"GBP"},"reference":"bench"}"""))["id"]!);
    Console.Error.WriteLine($"setup: {count} terminals and intents in {setup.Elapsed.TotalSeconds:0.0} s");
    await http.GetAsync("/sandbox/metrics?reset=true");
    var started = Stopwatch.StartNew();
    await ForAllAsync(count, 64, async i => sessions[i] = (string)(await PostAsync("/terminal-sessions",
        "{\"terminalId\":\"" + terminals[i] + "\",\"details\":{\"sessionType\":\"Sale\",\"sale\":{\"paymentIntentId\":\"" + intents[i] + "\"}}}"))["id"]!);
    Console.Error.WriteLine($"{count} sessions started in {started.Elapsed.TotalSeconds:0.0} s");
    // Done when every session is final; checked by sampling, then all at the end.
    var deadline = Stopwatch.StartNew();
    while (deadline.Elapsed < TimeSpan.FromMinutes(10))
    {
        var last = JsonNode.Parse(await http.GetStringAsync($"/terminal-sessions/{sessions[^1]}"))!;
        if ((string)last["status"]! == "Captured")
        {
            break;
        }
        await Task.Delay(500);
    }
    var unfinished = 0;
    await ForAllAsync(count, 32, async i =>
    {
        var s = JsonNode.Parse(await http.GetStringAsync($"/terminal-sessions/{sessions[i]}"))!;
        if ((string)s["status"]! != "Captured")
        {
            Interlocked.Increment(ref unfinished);
        }
    });
    var lag = JsonNode.Parse(await http.GetStringAsync("/sandbox/metrics"))!["schedulerLag"]!;
    Console.WriteLine($"RESULT sessions_wall_s {started.Elapsed.TotalSeconds:0.0}");
    Console.WriteLine($"RESULT sessions_unfinished {unfinished}");
    Console.WriteLine($"RESULT lag_count {lag["count"]}");
    Console.WriteLine($"RESULT lag_p50_ms {(double)lag["p50Ms"]!:0.0}");
    Console.WriteLine($"RESULT lag_p99_ms {(double)lag["p99Ms"]!:0.0}");
    return 0;
}

if (mode == "webhooks")
{
    var arrivals = new ConcurrentDictionary<string, long>();
    var builder = WebApplication.CreateSlimBuilder();
    builder.Logging.ClearProviders();
    builder.WebHost.UseUrls("http://127.0.0.1:0");
    var receiver = builder.Build();
    receiver.MapPost("/hooks", async (HttpContext context) =>
    {
        var now = Stopwatch.GetTimestamp();
        var body = await JsonNode.ParseAsync(context.Request.Body);
        arrivals.TryAdd((string)body!["id"]!, now);
        return Results.Ok();
    });
    await receiver.StartAsync();
    var url = receiver.Urls.First() + "/hooks";
    await PostAsync("/webhooks", $$"""{"events":["payment_intent.status_updated"],"url":"{{url}}"}""");

    // Throughput: a burst of events, timed until the last one arrives.
    var burst = int.Parse(Arg("burst"));
    var clock = Stopwatch.StartNew();
    await ForAllAsync(burst, 32, async _ => await PostAsync("/sandbox/webhooks/test-event", "{}"));
    while (arrivals.Count < burst && clock.Elapsed < TimeSpan.FromMinutes(5))
    {
        await Task.Delay(10);
    }
    var perSecond = arrivals.Count / clock.Elapsed.TotalSeconds;
    Console.WriteLine($"RESULT webhook_burst_delivered {arrivals.Count}");
    Console.WriteLine($"RESULT webhook_deliveries_per_s {perSecond:0}");

    // Latency at a steady rate: from just before the event is created to its arrival.
    arrivals.Clear();
    var rate = int.Parse(Arg("rate"));
    var seconds = int.Parse(Arg("seconds"));
    var sent = new ConcurrentDictionary<string, long>();
    var ticker = new PeriodicTimer(TimeSpan.FromMilliseconds(1000.0 / rate));
    var inFlight = new List<Task>();
    for (var i = 0; i < rate * seconds && await ticker.WaitForNextTickAsync(); i++)
    {
        inFlight.Add(Task.Run(async () =>
        {
            var before = Stopwatch.GetTimestamp();
            var evt = await PostAsync("/sandbox/webhooks/test-event", "{}");
            sent[(string)evt["eventId"]!] = before;
        }));
    }
    await Task.WhenAll(inFlight);
    var wait = Stopwatch.StartNew();
    while (arrivals.Count < sent.Count && wait.Elapsed < TimeSpan.FromSeconds(60))
    {
        await Task.Delay(10);
    }
    var latencies = sent.Where(s => arrivals.ContainsKey(s.Key)).Select(s => Stopwatch.GetElapsedTime(s.Value, arrivals[s.Key]).TotalMilliseconds).Order().ToArray();
    var p99 = latencies.Length == 0 ? double.NaN : latencies[Math.Min(latencies.Length - 1, (int)(0.99 * latencies.Length))];
    Console.WriteLine($"RESULT webhook_rate_sent {sent.Count}");
    Console.WriteLine($"RESULT webhook_rate_delivered {latencies.Length}");
    Console.WriteLine($"RESULT webhook_p99_ms {p99:0.0}");
    await receiver.StopAsync();
    return 0;
}

Console.Error.WriteLine("usage: LoadDriver sessions|webhooks --base URL --key KEY ...");
return 2;
