using Microsoft.AspNetCore.Http.HttpResults;
using PayAtCounter.Server.Errors;

namespace PayAtCounter.Server.Dashboard;

/// <summary>How dashboard endpoints answer: a page, or after an action a redirect back to the page it came from.</summary>
internal static class DashboardResults
{
    /// <summary>
    /// A page component with its parameters. Typed as <see cref="IResult"/> on purpose: the minimal API source
    /// generator cannot see the types the Razor generator makes, so no handler signature may name a component.
    /// </summary>
    public static IResult Page<TPage>(object? parameters = null) where TPage : Microsoft.AspNetCore.Components.IComponent
        => new RazorComponentResult<TPage>(parameters ?? new { });

    /// <summary>Back to <paramref name="path"/> after an action (POST, then GET: a reload does not repeat it), with a one-line notice if there is one.</summary>
    public static RedirectHttpResult Back(string path, string? notice = null)
        => TypedResults.Redirect(notice is null ? path : $"{path}{(path.Contains('?') ? '&' : '?')}notice={Uri.EscapeDataString(notice)}");

    /// <summary>
    /// Back to <paramref name="path"/> after running one of the API's own handlers: silently when it succeeded, with
    /// its error's words when it did not, as the API would have answered.
    /// </summary>
    public static RedirectHttpResult Back(string path, IResult outcome)
        => Back(path, outcome is ApiError error ? Describe(error) : null);

    /// <summary>What an API error says, in one line.</summary>
    public static string Describe(ApiError error)
        => error.Detail ?? error.Errors?.Values.SelectMany(v => v).FirstOrDefault() ?? error.Title;

    /// <summary>A page the dashboard does not have, or a thing the account does not have.</summary>
    public static IResult NotFound(string what)
        => new RazorComponentResult<Components.NotFoundPage>(new { What = what }) { StatusCode = StatusCodes.Status404NotFound };
}
