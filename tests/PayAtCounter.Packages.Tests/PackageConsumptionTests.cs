using System.Diagnostics;
using System.Text;
using PayAtCounter.Tests.Shared;

namespace PayAtCounter.Packages.Tests;

/// <summary>
/// The packages work for someone who has nothing but them: pack every library with a fresh version, copy the
/// sample EPOS test project out of the repository, point it at the packed folder, and run its tests.
/// </summary>
[Collection(nameof(PackingCollection))]
public sealed class PackageConsumptionTests
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(8);

    [Fact]
    public async Task The_sample_EPOS_tests_pass_against_the_packed_packages_outside_the_repository()
    {
        var repository = RepositoryPaths.Root();
        var work = Directory.CreateTempSubdirectory("pac-packages-");
        try
        {
            // A version no earlier run used, so the NuGet cache can't hand back an old build.
            var version = $"0.1.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
            var feed = Path.Combine(work.FullName, "feed");
            var consumer = Path.Combine(work.FullName, "consumer");

            string[] libraries = ["Client", "Contracts", "Engine", "Server", "Testing"];
            foreach (var library in libraries)
            {
                await RunAsync(repository, "pack", Path.Combine("src", $"PayAtCounter.{library}", $"PayAtCounter.{library}.csproj"),
                    "-c", "Release", "-o", feed, $"-p:Version={version}");
            }

            Assert.Equal(
                libraries.Select(name => $"PayAtCounter.{name}.{version}.nupkg"),
                Directory.GetFiles(feed, "*.nupkg").Select(Path.GetFileName).Order());

            CopyDirectory(Path.Combine(repository, "samples", "EposSandboxTests"), consumer);
            await File.WriteAllTextAsync(Path.Combine(consumer, "nuget.config"), $"""
                <configuration>
                  <packageSources>
                    <add key="payatcounter-under-test" value="{feed}" />
                  </packageSources>
                </configuration>
                """);

            var output = await RunAsync(consumer, "test", $"-p:PayAtCounterVersion={version}", "--logger", "console;verbosity=normal");

            Assert.Contains("Test Run Successful.", output, StringComparison.Ordinal);
            foreach (var test in new[] { "A_card_sale_on_the_counter_terminal_is_captured", "The_customer_pays_by_chip_and_PIN_at_the_PDQ", "The_customer_pressing_X_on_the_PDQ_cancels_the_sale", "A_wrong_key_gets_a_typed_authentication_error" })
            {
                Assert.Contains($"Passed EposSandboxTests.CheckoutTests.{test}", output, StringComparison.Ordinal);
            }
            Assert.DoesNotContain(repository, File.ReadAllText(Path.Combine(consumer, "obj", "project.assets.json")), StringComparison.Ordinal);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (relative.Split(Path.DirectorySeparatorChar)[0] is "bin" or "obj" || relative == "nuget.config")
            {
                continue;
            }
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(to, relative))!);
            File.Copy(file, Path.Combine(to, relative));
        }
    }

    // Runs `dotnet <args>` and returns its output; fails the test with that output on a non-zero exit or a hang.
    internal static async Task<string> RunAsync(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        // The outer `dotnet test` sets these for its own run; the inner build must not inherit them.
        start.Environment.Remove("MSBuildExtensionsPath");
        start.Environment.Remove("MSBUILD_EXE_PATH");
        start.Environment.Remove("MSBuildSDKsPath");
        start.Environment.Remove("VSTEST_HOST_DEBUG");

        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        var reading = Task.WhenAll(
            CopyLinesAsync(process.StandardOutput, output),
            CopyLinesAsync(process.StandardError, output));
        using var timeout = new CancellationTokenSource(StepTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"dotnet {string.Join(' ', arguments)} did not finish in {StepTimeout}:\n{output}");
        }
        await reading;
        Assert.True(process.ExitCode == 0, $"dotnet {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{output}");
        return output.ToString();
    }

    private static async Task CopyLinesAsync(StreamReader reader, StringBuilder into)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (into)
            {
                into.AppendLine(line);
            }
        }
    }
}
