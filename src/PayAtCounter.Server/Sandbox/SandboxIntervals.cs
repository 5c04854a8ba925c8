using System.Globalization;

namespace PayAtCounter.Server.Sandbox;

/// <summary>Intervals in sandbox control bodies (<c>"delay":"00:00:02"</c>), read one way everywhere.</summary>
internal static class SandboxIntervals
{
    /// <summary>
    /// <paramref name="text"/> as an interval above zero and at most <paramref name="longest"/>; null when it is absent,
    /// or when it is not one, which is then reported through <paramref name="error"/> under <paramref name="field"/>.
    /// </summary>
    public static TimeSpan? Read(string? text, string field, TimeSpan longest, Action<string, string> error)
    {
        if (text is null)
        {
            return null;
        }
        if (!TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value) || value <= TimeSpan.Zero || value > longest)
        {
            error(field, $"{field} must be an interval above zero and at most {longest:c}, in the form [d.]hh:mm:ss, e.g. 00:00:05.");
            return null;
        }
        return value;
    }
}
