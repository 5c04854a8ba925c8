using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using PayAtCounter.Client;

namespace PayAtCounter.Cli.Hosting;

/// <summary>Turns what went wrong into one line for a person and an exit code for a script; never a stack trace.</summary>
public static class Failure
{
    /// <summary>The line and the exit code for <paramref name="exception"/>, thrown while <paramref name="invocation"/> ran.</summary>
    public static (string Message, int ExitCode) Describe(Exception exception, Invocation invocation, bool sandboxCommand)
    {
        var server = invocation.Connected ? invocation.UrlText : "the server";
        switch (exception)
        {
            case PacException pac:
                return (pac.Message, pac.ExitCode);
            case OperationCanceledException when invocation.Cancellation.IsCancellationRequested:
                return ("interrupted", ExitCodes.Interrupted);
            case OperationCanceledException:
                return ($"cannot reach {server}: no answer within {invocation.Timeout.TotalSeconds:0.#} s", ExitCodes.CannotConnect);
            case HttpRequestException http:
                return ($"cannot reach {server}: {Reason(http)}", ExitCodes.CannotConnect);
            case DojoApiException { StatusCode: HttpStatusCode.Unauthorized }:
                return ($"the API key was refused (401) by {server}: check `pac login` (or PAC_KEY)", ExitCodes.KeyRefused);
            case DojoApiException { StatusCode: HttpStatusCode.NotFound, Title: null, Detail: null or "" } when sandboxCommand:
                return ($"{server} has no sandbox API: this command works only against a PayAtCounter server", ExitCodes.ApiError);
            case DojoApiException api:
                return (ApiLine(api), ExitCodes.ApiError);
            case JsonException json:
                return ($"the answer from {server} is not the API's JSON: {json.Message}", ExitCodes.ApiError);
            default:
                return ($"unexpected error: {exception.Message}", ExitCodes.ApiError);
        }
    }

    private static string ApiLine(DojoApiException api)
    {
        var what = string.Join(" ", new[] { api.Title, api.Detail }.Where(t => !string.IsNullOrWhiteSpace(t)).Distinct());
        var fields = string.Join("; ", api.Errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"));
        var line = $"the API answered {(int)api.StatusCode}" + (what.Length > 0 ? $": {what}" : "") + (fields.Length > 0 ? $" ({fields})" : "");
        return api.TraceId is { } trace ? $"{line} [trace {trace}]" : line;
    }

    private static string Reason(HttpRequestException http)
    {
        for (Exception? inner = http; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
            {
                return socket.SocketErrorCode switch
                {
                    SocketError.ConnectionRefused => "connection refused",
                    SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData => "host not found",
                    SocketError.TimedOut => "connection timed out",
                    _ => socket.Message,
                };
            }
        }
        return http.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => "host not found",
            HttpRequestError.SecureConnectionError => "the TLS handshake failed",
            _ => http.Message,
        };
    }
}
