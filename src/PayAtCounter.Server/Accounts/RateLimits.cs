using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using PayAtCounter.Server.Errors;

namespace PayAtCounter.Server.Accounts;

/// <summary>One route group's limit: so many requests per key in each window.</summary>
public sealed class RateLimitRule
{
    /// <summary>Requests allowed per key in one window.</summary>
    public int PermitLimit { get; set; } = 100;

    /// <summary>The window.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>
/// The <c>RateLimits</c> section: per-key limits on the API, off unless <see cref="Enabled"/> (a sandbox wants every
/// request a test sends answered). Each route group (<c>payment-intents</c>, <c>terminal-sessions</c>,
/// <c>terminals</c>, <c>webhooks</c>, <c>sandbox</c>) takes <c>RateLimits:Groups:NAME</c>, else <see cref="Default"/>.
/// </summary>
public sealed class RateLimitOptions
{
    /// <summary>The route groups that can be limited, by their first path segment.</summary>
    public static readonly string[] GroupNames = ["payment-intents", "terminal-sessions", "terminals", "webhooks", "sandbox"];

    /// <summary>Whether requests are limited at all.</summary>
    public bool Enabled { get; set; }

    /// <summary>The rule for a group with none of its own.</summary>
    public RateLimitRule Default { get; set; } = new();

    /// <summary>Rules by group name.</summary>
    public Dictionary<string, RateLimitRule> Groups { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>What is wrong with the settings, or null.</summary>
    public string? Problem()
    {
        foreach (var name in Groups.Keys.Where(name => !GroupNames.Contains(name, StringComparer.OrdinalIgnoreCase)))
        {
            return $"RateLimits:Groups:{name} is not a route group; use {string.Join(", ", GroupNames)}.";
        }
        foreach (var (name, rule) in Groups.Append(new("Default", Default)))
        {
            if (rule.PermitLimit < 1 || rule.Window <= TimeSpan.Zero)
            {
                return $"RateLimits {name}: PermitLimit must be at least 1 and Window longer than zero.";
            }
        }
        return null;
    }
}

/// <summary>
/// ASP.NET Core's rate limiter, partitioned by account (the key that was sent) and route group: a fixed window per
/// pair. A refused request gets 429 with <c>Retry-After</c> in its path's error shape: the whole window in seconds
/// (what the fixed-window limiter reports), so a client that waits that long finds a new window.
/// </summary>
public static class RateLimits
{
    /// <summary>Registers the settings and the limiter; <see cref="UseRateLimits"/> puts it in the pipeline when on.</summary>
    public static IHostApplicationBuilder AddRateLimits(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitOptions>().BindConfiguration("RateLimits").ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<RateLimitOptions>, RateLimitValidation>();
        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((limiter, settings) =>
        {
            var options = settings.Value;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, (string Group, string Account)>(context =>
            {
                var group = GroupOf(context.Request.Path);
                // No account (the key check refused the request) or not an API route: not limited.
                if (group is null || context.Features.Get<Account>() is not { } account)
                {
                    return RateLimitPartition.GetNoLimiter((group ?? "", ""));
                }
                var rule = options.Groups.GetValueOrDefault(group) ?? options.Default;
                return RateLimitPartition.GetFixedWindowLimiter((group, account.Id), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = rule.PermitLimit,
                    Window = rule.Window,
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            limiter.OnRejected = (context, _) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                return new ValueTask(ApiErrorWriter.WriteAsync(context.HttpContext, new ApiError(
                    StatusCodes.Status429TooManyRequests, "Too Many Requests", $"This API key sent more requests than its limit allows; retry after {seconds} s.", Code: "INVALID_REQUEST")));
            };
        });
        return builder;
    }

    /// <summary>Adds the limiter after the key check (which names the account) when the settings turn it on; otherwise costs nothing.</summary>
    /// <remarks>
    /// Reads the one switch from the configuration, not the validated options: the pipeline is built before the
    /// host starts, and a bad rule must fail the start (one clear line), not this call (an unhandled exception).
    /// </remarks>
    public static IApplicationBuilder UseRateLimits(this IApplicationBuilder app)
        => bool.TryParse(app.ApplicationServices.GetRequiredService<IConfiguration>()["RateLimits:Enabled"], out var enabled) && enabled
            ? app.UseRateLimiter()
            : app;

    private static string? GroupOf(PathString path)
    {
        foreach (var name in RateLimitOptions.GroupNames)
        {
            if (path.StartsWithSegments("/" + name))
            {
                return name;
            }
        }
        return null;
    }
}

/// <summary>Reports <see cref="RateLimitOptions.Problem"/> at start, naming the setting at fault.</summary>
internal sealed class RateLimitValidation : IValidateOptions<RateLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, RateLimitOptions options)
        => options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}
