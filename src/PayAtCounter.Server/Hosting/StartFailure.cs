using System.Data.Common;

namespace PayAtCounter.Server.Hosting;

/// <summary>Says in one line why the server could not start.</summary>
public static class StartFailure
{
    /// <summary>
    /// The message of the innermost database error if there is one (EF Core wraps a refused connection in a
    /// generic "transient failure" message; "Failed to connect to 127.0.0.1:5432" is what helps), else the error's own.
    /// </summary>
    public static string Describe(Exception exception)
    {
        var cause = exception;
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is DbException)
            {
                cause = e;
            }
        }
        return cause.Message.ReplaceLineEndings(" ");
    }
}
