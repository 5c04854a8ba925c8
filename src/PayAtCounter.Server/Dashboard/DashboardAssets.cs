using System.Collections.Frozen;
using System.IO.Hashing;
using Microsoft.Net.Http.Headers;

namespace PayAtCounter.Server.Dashboard;

/// <summary>
/// The dashboard's scripts and styles, embedded in the server and served by it: no CDN, so the dashboard works
/// offline. Each is answered with an ETag, so a browser asks again cheaply and never keeps an old copy.
/// </summary>
public static class DashboardAssets
{
    private const string Prefix = "PayAtCounter.Server.Dashboard.Assets.";

    private static readonly Lazy<FrozenDictionary<string, Asset>> All = new(Load);

    /// <summary>The address of an asset, e.g. <c>Url("htmx.min.js")</c>.</summary>
    public static string Url(string name) => $"/dashboard/assets/{name}?v={All.Value[name].ETag.Trim('"')}";

    /// <summary>Maps <c>GET /dashboard/assets/{name}</c>.</summary>
    public static void MapDashboardAssets(this IEndpointRouteBuilder app)
        => app.MapGet("/dashboard/assets/{name}", Serve).ExcludeFromDescription();

    private static IResult Serve(string name, HttpContext http)
    {
        if (!All.Value.TryGetValue(name, out var asset))
        {
            return Results.NotFound();
        }
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers.ETag = asset.ETag;
        if (http.Request.Headers.IfNoneMatch == asset.ETag)
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }
        return Results.Bytes(asset.Bytes, asset.ContentType);
    }

    private static FrozenDictionary<string, Asset> Load()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        return assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)).ToFrozenDictionary(
            n => n[Prefix.Length..],
            n =>
            {
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                var bytes = copy.ToArray();
                var type = Path.GetExtension(n) switch
                {
                    ".js" => "text/javascript; charset=utf-8",
                    ".css" => "text/css; charset=utf-8",
                    ".svg" => "image/svg+xml",
                    _ => "text/plain; charset=utf-8",
                };
                return new Asset(bytes, type, new EntityTagHeaderValue($"\"{XxHash3.HashToUInt64(bytes):x16}\"").ToString());
            },
            StringComparer.Ordinal);
    }

    private sealed record Asset(byte[] Bytes, string ContentType, string ETag);
}
