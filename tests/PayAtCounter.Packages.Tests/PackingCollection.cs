namespace PayAtCounter.Packages.Tests;

/// <summary>Tests that pack the repository run one after another: two packs at once would share its obj folders.</summary>
[CollectionDefinition(nameof(PackingCollection), DisableParallelization = true)]
public sealed class PackingCollection;
