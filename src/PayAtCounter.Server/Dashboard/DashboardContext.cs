using PayAtCounter.Server.Accounts;

namespace PayAtCounter.Server.Dashboard;

/// <summary>
/// The signed-in person's request, for the page components: whose account it is and the anti-forgery token every
/// form carries. Filled by <see cref="DashboardAccess"/> before the page renders; scoped to the request.
/// </summary>
public sealed class DashboardContext
{
    /// <summary>The account signed in to; null on the sign-in page.</summary>
    public Account? Account { get; set; }

    /// <summary>The fingerprint of the key the person signed in with (a few characters of its hash).</summary>
    public string? KeyFingerprint { get; set; }

    /// <summary>The anti-forgery token for the forms of this page.</summary>
    public string CsrfToken { get; set; } = "";

    /// <summary>The request's path, to mark the current section in the navigation.</summary>
    public string Path { get; set; } = "/";

    /// <summary>A one-line message from the action that led here (<c>?notice=</c>), shown once.</summary>
    public string? Notice { get; set; }

    /// <summary>The signed-in account; only on pages that require sign-in.</summary>
    public Account SignedIn => Account ?? throw new InvalidOperationException("The page requires sign-in.");
}
