using System.Buffers;
using System.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using PayAtCounter.Engine.Clock;
using PayAtCounter.Server.Accounts;

namespace PayAtCounter.Server.Readiness;

/// <summary>
/// Records requests to the Dojo API surface for the readiness inspector: first in the pipeline, so it sees the
/// final answer, error bodies and 401s included. A request outside the recorder's budget passes through untouched.
/// </summary>
public sealed class RecordingMiddleware(RequestDelegate next, RequestRecorder recorder, SandboxClock clock, WallClock wall)
{
    /// <summary>Records the request if it is one of Dojo's and the budget allows.</summary>
    public Task InvokeAsync(HttpContext context)
        => recorder.Enabled && IsDojoApi(context.Request.Path) && recorder.TryTake() ? RecordAsync(context) : next(context);

    private static bool IsDojoApi(PathString path)
        => path.StartsWithSegments("/payment-intents") || path.StartsWithSegments("/terminal-sessions")
            || path.StartsWithSegments("/terminals") || path.StartsWithSegments("/webhooks");

    private async Task RecordAsync(HttpContext context)
    {
        var request = context.Request;
        var started = Stopwatch.GetTimestamp();
        var row = new RecordedRequestRow
        {
            Id = "",
            WallTicks = wall.GetUtcNow().UtcTicks,
            SandboxTicks = clock.GetUtcNow().UtcTicks,
            Method = request.Method,
            Path = request.Path.Value ?? "",
            Query = request.QueryString.HasValue ? request.QueryString.Value : null,
            Version = request.Headers["version"].FirstOrDefault(),
            SentSoftwareHouseId = request.Headers.ContainsKey("software-house-id"),
            SentResellerId = request.Headers.ContainsKey("reseller-id"),
            ClientAddress = context.Connection.RemoteIpAddress?.ToString(),
            UserAgent = request.Headers.UserAgent.FirstOrDefault(),
            KeyFingerprint = RequestRecorder.Fingerprint(request.Headers.Authorization.FirstOrDefault()),
        };
        var limit = recorder.BodyLimit;
        // A body declared over the limit is refused unread (or drained and dropped): buffering it would only write it to disk.
        if (request.ContentLength is > 0 and <= Hosting.HostingExtensions.MaxRequestBodyBytes || request.Headers.TransferEncoding.Count > 0)
        {
            request.EnableBuffering();
        }
        var original = context.Features.Get<IHttpResponseBodyFeature>()!;
        using var tee = new TeeStream(original.Stream, limit);
        var teeing = new StreamResponseBodyFeature(tee, original);
        context.Features.Set<IHttpResponseBodyFeature>(teeing);
        try
        {
            await next(context);
            // Whatever the endpoint wrote through the feature's pipe reaches the stream, and so the copy.
            await teeing.CompleteAsync();
        }
        finally
        {
            context.Features.Set(original);
            row.Status = context.Response.StatusCode;
            row.LatencyMicroseconds = (long)Stopwatch.GetElapsedTime(started).TotalMicroseconds;
            row.AccountId = context.Features.Get<Account>()?.Id;
            (row.RequestBody, row.RequestBodyCut) = await RequestBodyAsync(request, limit);
            (row.ResponseBody, row.ResponseBodyCut) = RequestRecorder.Capped(tee.Captured, limit);
            row.ResponseBodyCut |= tee.Total > limit;
            recorder.Add(row, tee.Captured);
        }
    }

    private static async Task<(string?, bool)> RequestBodyAsync(HttpRequest request, int limit)
    {
        if (!request.Body.CanSeek)
        {
            // Not buffered: no body, or one too large to keep.
            return (null, request.ContentLength > 0);
        }
        request.Body.Position = 0;
        var buffer = ArrayPool<byte>.Shared.Rent(limit + 1);
        try
        {
            var read = 0;
            int n;
            while (read <= limit && (n = await request.Body.ReadAsync(buffer.AsMemory(read, limit + 1 - read))) > 0)
            {
                read += n;
            }
            return RequestRecorder.Capped(buffer.AsSpan(0, read), limit);
        }
        catch (Exception ex) when (ex is BadHttpRequestException or IOException or OperationCanceledException)
        {
            // A body the endpoint never read and that cannot be read now (malformed, or the client went away).
            return (null, true);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}

/// <summary>The real time, for recording when a request came (sandbox time can be moved; a till lives in this one).</summary>
public sealed class WallClock(TimeProvider time)
{
    /// <summary>Now, by the wall clock.</summary>
    public DateTimeOffset GetUtcNow() => time.GetUtcNow();
}
