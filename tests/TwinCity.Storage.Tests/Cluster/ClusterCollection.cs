namespace TwinCity.Storage.Tests.Cluster;

/// <summary>
/// The cluster tests each start redis-server, two silos and web front ends as real processes: run
/// them one after another, so that on a two-core machine they do not starve each other of CPU.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection
{
    /// <summary>Collection name.</summary>
    public const string Name = "cluster processes";
}
