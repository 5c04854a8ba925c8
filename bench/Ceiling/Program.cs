// Serves fixed bodies captured from the real server, so both sides send the same bytes for the same route.
// Usage: Ceiling --urls http://127.0.0.1:PORT --session-body FILE --intent-body FILE
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();

var sessionBody = File.ReadAllBytes(app.Configuration["session-body"] ?? throw new ArgumentException("--session-body is required"));
var intentBody = File.ReadAllBytes(app.Configuration["intent-body"] ?? throw new ArgumentException("--intent-body is required"));

app.MapGet("/terminal-sessions/{id}", (string id) => Results.Bytes(sessionBody, "application/json"));
app.MapPost("/payment-intents", () => Results.Bytes(intentBody, "application/json"));
app.MapGet("/health", () => Results.Ok());
app.Run();
