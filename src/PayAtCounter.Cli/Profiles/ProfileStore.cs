using System.Text.Json;
using PayAtCounter.Cli.Hosting;

namespace PayAtCounter.Cli.Profiles;

/// <summary>
/// <c>profiles.json</c> in the config folder. It holds API keys, so the folder is created for its owner only and the
/// file is written with mode 600, through a temporary file so a crash never leaves half a file.
/// </summary>
public sealed class ProfileStore(string directory)
{
    /// <summary>The file's path.</summary>
    public string FilePath { get; } = Path.Combine(directory, "profiles.json");

    /// <summary>The profiles, or none when the file does not exist yet.</summary>
    public ProfileFile Load()
    {
        if (!File.Exists(FilePath))
        {
            return new ProfileFile();
        }
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(FilePath), ProfileJsonContext.Default.ProfileFile) ?? new ProfileFile();
        }
        catch (JsonException ex)
        {
            throw new PacException($"{FilePath} is not a profiles file ({ex.Message}); fix it or delete it and run `pac login` again.");
        }
    }

    /// <summary>Saves <paramref name="profile"/> as <paramref name="name"/>, keeping the others.</summary>
    public void Save(string name, Profile profile)
    {
        var file = Load();
        file.Profiles[name] = profile;
        var owner = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, owner | UnixFileMode.UserExecute);
        }
        var temporary = FilePath + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = owner;
        }
        using (var stream = new FileStream(temporary, options))
        {
            JsonSerializer.Serialize(stream, file, ProfileJsonContext.Default.ProfileFile);
        }
        if (!OperatingSystem.IsWindows())
        {
            // A file left from an earlier crash keeps its old mode through FileMode.Create: set it again.
            File.SetUnixFileMode(temporary, owner);
        }
        File.Move(temporary, FilePath, overwrite: true);
    }
}
