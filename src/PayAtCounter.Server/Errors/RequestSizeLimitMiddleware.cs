namespace PayAtCounter.Server.Errors;

/// <summary>
/// Refuses a body declared larger than the limit with a 400 in the endpoint's shape before reading it.
/// Kestrel's own limit still stops chunked bodies that grow past it while being read.
/// </summary>
public sealed class RequestSizeLimitMiddleware(RequestDelegate next)
{
    /// <summary>Checks <c>Content-Length</c>.</summary>
    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentLength > Hosting.HostingExtensions.MaxRequestBodyBytes)
        {
            return ApiErrorWriter.WriteAsync(context, ApiError.Validation("body", $"The request body is larger than {Hosting.HostingExtensions.MaxRequestBodyBytes} bytes."));
        }
        return next(context);
    }
}
