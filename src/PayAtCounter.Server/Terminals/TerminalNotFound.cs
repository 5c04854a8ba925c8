namespace PayAtCounter.Server.Terminals;

/// <summary>The one "no such terminal" message, which helps a caller who sent a TID where the API wants an id.</summary>
public static class TerminalNotFound
{
    /// <summary>The message for <paramref name="id"/>.</summary>
    public static string Message(string id)
        => id.StartsWith("tm_", StringComparison.Ordinal)
            ? $"No terminal with id {id}."
            : $"No terminal with id {id}. Terminal ids start with tm_ (GET /terminals lists them with their TIDs); {id} may be a TID.";
}
