namespace PayAtCounter.Server.Hosting;

/// <summary>A 200 whose JSON body was serialized earlier; written exactly as <c>Ok&lt;T&gt;</c> would write it.</summary>
public sealed class Utf8JsonResult(byte[] body) : IResult
{
    /// <inheritdoc />
    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = "application/json; charset=utf-8";
        httpContext.Response.ContentLength = body.Length;
        return httpContext.Response.Body.WriteAsync(body).AsTask();
    }
}
