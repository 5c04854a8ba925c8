namespace PayAtCounter.Cli.Hosting;

/// <summary>What <c>pac</c> exits with, so a script can tell outcomes apart (docs/cli.md, "Exit codes").</summary>
public static class ExitCodes
{
    /// <summary>Done: the payment went through, the read or change succeeded.</summary>
    public const int Success = 0;
    /// <summary>The API refused the request (a 4xx or 5xx other than 401).</summary>
    public const int ApiError = 1;
    /// <summary>The command line was wrong: an unknown option, a missing argument, a bad amount.</summary>
    public const int Usage = 2;
    /// <summary>The server could not be reached, or did not answer in time.</summary>
    public const int CannotConnect = 3;
    /// <summary>The API key was refused (401).</summary>
    public const int KeyRefused = 4;
    /// <summary>The card was declined.</summary>
    public const int Declined = 5;
    /// <summary>The session was canceled (on the terminal or by the till).</summary>
    public const int Canceled = 6;
    /// <summary>The session expired: its result could not be confirmed.</summary>
    public const int Expired = 7;
    /// <summary>The signature was rejected.</summary>
    public const int SignatureRejected = 8;
    /// <summary>Stopped by Ctrl-C before it finished.</summary>
    public const int Interrupted = 130;
}
