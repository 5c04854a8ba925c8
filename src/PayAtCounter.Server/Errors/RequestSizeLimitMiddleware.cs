using Microsoft.AspNetCore.Http.Features;

namespace PayAtCounter.Server.Errors;

/// <summary>
/// Refuses a body declared larger than the limit with a 400 in the endpoint's shape. A body of up to
/// <see cref="DrainBytes"/> is read and dropped first: a server that answers and closes while the client is still
/// sending makes the client's network stack reset the connection, and the client may never see the answer. Kestrel's
/// own limit still stops chunked bodies that grow past it while being read.
/// </summary>
public sealed class RequestSizeLimitMiddleware(RequestDelegate next)
{
    /// <summary>The largest refused body still read to its end so the answer arrives (16 MiB).</summary>
    public const long DrainBytes = 16 * 1024 * 1024;

    /// <summary>Checks <c>Content-Length</c>; the common case (within the limit) adds no async step.</summary>
    public Task InvokeAsync(HttpContext context)
        => context.Request.ContentLength is { } length && length > Hosting.HostingExtensions.MaxRequestBodyBytes ? RefuseAsync(context, length) : next(context);

    private static async Task RefuseAsync(HttpContext context, long length)
    {
        if (length <= DrainBytes && context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = length;
            await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
        }
        await ApiErrorWriter.WriteAsync(context, ApiError.Validation("body", $"The request body is larger than {Hosting.HostingExtensions.MaxRequestBodyBytes} bytes."));
    }
}
