namespace PayAtCounter.Server.Errors;

/// <summary>The four error-body schemas of the Dojo API (contract §1.4); each path family uses one.</summary>
public enum ErrorShape
{
    /// <summary><c>/payment-intents</c> and everything that is not one of the others.</summary>
    ProblemDetails,
    /// <summary><c>/terminal-sessions</c>: all six keys always present.</summary>
    TerminalProblemDetails,
    /// <summary><c>/terminals</c>: adds <c>code</c>.</summary>
    TerminalsError,
    /// <summary><c>/webhooks</c>.</summary>
    WebhooksError,
}

/// <summary>Chooses the error shape from the request path, so it also holds when no endpoint matched.</summary>
public static class ErrorShapes
{
    /// <summary>The shape for a request path.</summary>
    public static ErrorShape ForPath(PathString path)
    {
        if (path.StartsWithSegments("/terminal-sessions"))
        {
            return ErrorShape.TerminalProblemDetails;
        }
        if (path.StartsWithSegments("/terminals"))
        {
            return ErrorShape.TerminalsError;
        }
        return path.StartsWithSegments("/webhooks") ? ErrorShape.WebhooksError : ErrorShape.ProblemDetails;
    }
}
