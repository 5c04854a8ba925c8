using System.Diagnostics;
using System.Text.RegularExpressions;
using PayAtCounter.Server.Hosting;
using PayAtCounter.Server.Tests.Infrastructure;
using PayAtCounter.Tests.Shared;

namespace PayAtCounter.Server.Tests.Access;

/// <summary>
/// The README is a new user's first hour, so it is tested like code: its two set-up commands, its links, its C#
/// (samples/ReadmeExamples, compiled by the build and run by the client tests), its settings, and its walkthrough,
/// whose shell blocks run against a started server and must print what the README shows.
/// </summary>
public sealed partial class ReadmeTests : IDisposable
{
    private static readonly string Root = RepositoryPaths.Root();
    private static readonly string Readme = File.ReadAllText(Path.Combine(Root, "README.md")).ReplaceLineEndings("\n");
    private readonly TempDataDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void It_opens_with_exactly_the_two_setup_commands()
    {
        var first = Blocks(Readme).First();

        var commands = first.Code.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('#')[0].Trim()).ToList();

        Assert.Equal("bash", first.Language);
        Assert.Equal(["dotnet run --project src/PayAtCounter.Server", "./test.sh"], commands);
        Assert.StartsWith("# PayAtCounter\n\n```bash", Readme, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_link_leads_to_a_file_in_the_repository()
    {
        var links = Link().Matches(Readme).Select(m => m.Groups["target"].Value).ToList();

        Assert.NotEmpty(links);
        foreach (var target in links)
        {
            Assert.False(target.StartsWith("http", StringComparison.Ordinal), $"{target} leaves the repository");
            var path = Path.GetFullPath(Path.Combine(Root, target.Split('#')[0]));
            Assert.True(path.StartsWith(Root, StringComparison.Ordinal) && (File.Exists(path) || Directory.Exists(path)), $"{target} does not resolve inside the repository");
        }
    }

    [Fact]
    public void Every_csharp_block_is_a_region_of_the_compiled_examples()
    {
        var regions = Directory.GetFiles(Path.Combine(Root, "samples", "ReadmeExamples"), "*.cs")
            .SelectMany(file => Region().Matches(File.ReadAllText(file).ReplaceLineEndings("\n")).Select(m => Dedent(m.Groups["body"].Value)))
            .ToHashSet();
        var snippets = Blocks(Readme).Where(b => b.Language == "csharp").Select(b => Dedent(b.Code)).ToList();

        Assert.NotEmpty(snippets);
        Assert.All(snippets, snippet => Assert.True(regions.Contains(snippet), $"This README snippet is not a region of samples/ReadmeExamples:\n{snippet}"));
    }

    [Fact]
    public void The_settings_table_lists_every_setting_help_lists()
    {
        foreach (var (name, _, _) in HelpText.Settings)
        {
            Assert.Contains($"`{name.Split(',')[0].Trim()}", Readme, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_walkthrough_prints_what_the_readme_shows()
    {
        var walkthrough = Readme[Readme.IndexOf("<!-- walkthrough: begin -->", StringComparison.Ordinal)..Readme.IndexOf("<!-- walkthrough: end -->", StringComparison.Ordinal)];
        var blocks = Blocks(walkthrough).ToList();
        var steps = blocks.Select((b, i) => (b, i)).Where(x => x.b.Language == "bash")
            .Select(x => (Script: x.b.Code, Expected: x.i + 1 < blocks.Count && blocks[x.i + 1].Language == "text" ? blocks[x.i + 1].Code : "")).ToList();
        // As a user who started the server in this folder: its data folder, holding the key, is .payatcounter.
        var data = Path.Combine(_folder.Path, ".payatcounter");
        Directory.CreateDirectory(data);
        await File.WriteAllTextAsync(Path.Combine(data, "sandbox-api-key"), PayAtCounterApp.SandboxKey + "\n");
        // At 20x, so the sale polled once a second finishes within a poll or two.
        await using var server = new ServerProcess(data, "--Sandbox:ClockSpeed", "20");
        await server.StartAsync();

        var outputs = await RunAsync(steps.Select(s => s.Script).ToList(), server.Client.BaseAddress!.ToString().TrimEnd('/'));

        Assert.Equal(steps.Count, outputs.Count);
        for (var i = 0; i < steps.Count; i++)
        {
            Assert.True(steps[i].Expected.Trim() == outputs[i].Trim(), $"Block {i + 1} printed\n{outputs[i]}\ninstead of\n{steps[i].Expected}\nThe block:\n{steps[i].Script}");
        }
    }

    // Runs the blocks in one bash, as someone pasting them one after another would, and splits what they print.
    private async Task<List<string>> RunAsync(IReadOnlyList<string> scripts, string url)
    {
        var script = Path.Combine(_folder.Path, "walkthrough.sh");
        await File.WriteAllTextAsync(script, "set -o pipefail\n" + string.Concat(scripts.Select((s, i) => $"echo '@@ block {i} @@'\n{s}\n")));
        var start = new ProcessStartInfo("bash", [script]) { WorkingDirectory = _folder.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["URL"] = url;
        using var bash = Process.Start(start)!;
        var output = bash.StandardOutput.ReadToEndAsync();
        var error = bash.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await bash.WaitForExitAsync(timeout.Token);
        Assert.True(bash.ExitCode == 0, $"The walkthrough failed ({bash.ExitCode}): {await error}\n{await output}");
        return (await output).ReplaceLineEndings("\n").Split('\n').Aggregate(new List<string>(), (parts, line) =>
        {
            if (line.StartsWith("@@ block ", StringComparison.Ordinal))
            {
                parts.Add("");
            }
            else if (parts.Count > 0)
            {
                parts[^1] += line + "\n";
            }
            return parts;
        });
    }

    private static IEnumerable<(string Language, string Code)> Blocks(string markdown)
        => Fence().Matches(markdown).Select(m => (m.Groups["language"].Value, m.Groups["code"].Value.TrimEnd('\n')));

    // The snippet as it reads on its own: no common indentation, no trailing spaces.
    private static string Dedent(string code)
    {
        var lines = code.Trim('\n').Split('\n').Select(l => l.TrimEnd()).ToList();
        var indent = lines.Where(l => l.Length > 0).Min(l => l.Length - l.TrimStart().Length);
        return string.Join('\n', lines.Select(l => l.Length >= indent ? l[indent..] : l));
    }

    [GeneratedRegex(@"^```(?<language>\w*)\n(?<code>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex Fence();

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"#region [\w-]+\n(?<body>.*?)\n[ \t]*#endregion", RegexOptions.Singleline)]
    private static partial Regex Region();
}
