using System.Reflection;
using PayAtCounter.Contracts;
using PayAtCounter.Testing;
using PayAtCounter.Tests.Shared;
using PublicApiGenerator;

namespace PayAtCounter.Client.Tests;

/// <summary>
/// The packages' public surface is written down in <c>api/*.txt</c>, so a change to it shows up in review as a
/// diff of that file. After an intended change, run with <c>UPDATE_PUBLIC_API=1</c> and commit the new listing.
/// </summary>
public sealed class PublicApiTests
{
    public static TheoryData<string> PackagedAssemblies => new() { "PayAtCounter.Client", "PayAtCounter.Contracts", "PayAtCounter.Testing" };

    [Theory]
    [MemberData(nameof(PackagedAssemblies))]
    public void The_public_API_matches_its_committed_listing(string assemblyName)
    {
        var assembly = new[] { typeof(DojoClient).Assembly, typeof(PaymentIntent).Assembly, typeof(DojoSandbox).Assembly }
            .Single(a => a.GetName().Name == assemblyName);
        var actual = Normalize(assembly.GeneratePublicApi(new ApiGeneratorOptions { ExcludeAttributes = ["System.Runtime.Versioning.TargetFrameworkAttribute", "System.Runtime.CompilerServices.AsyncIteratorStateMachineAttribute"] }));
        var listing = Path.Combine(RepositoryPaths.Root(), "api", assemblyName + ".txt");

        // Compared with the listing as committed, before any update: a run that rewrites the listing still fails
        // when the surface changed, so an update never passes unseen.
        var expected = File.Exists(listing) ? Normalize(File.ReadAllText(listing)) : "";
        if (Environment.GetEnvironmentVariable("UPDATE_PUBLIC_API") == "1" && expected != actual)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(listing)!);
            File.WriteAllText(listing, actual);
        }

        Assert.True(expected == actual, expected.Length == 0
            ? $"{listing} is missing; run the tests with UPDATE_PUBLIC_API=1 to write it, then again to check it."
            : $"The public API of {assemblyName} changed. If intended, run with UPDATE_PUBLIC_API=1 (it rewrites {listing}), review and commit it, and run again. First difference:\n{FirstDifference(expected, actual)}");
    }

    private static string Normalize(string text) => text.ReplaceLineEndings("\n").TrimEnd() + "\n";

    private static string FirstDifference(string expected, string actual)
    {
        var (e, a) = (expected.Split('\n'), actual.Split('\n'));
        var line = Enumerable.Range(0, Math.Min(e.Length, a.Length)).FirstOrDefault(i => e[i] != a[i], Math.Min(e.Length, a.Length));
        return $"line {line + 1}\n- {e.ElementAtOrDefault(line)}\n+ {a.ElementAtOrDefault(line)}";
    }
}
