namespace TwinCity.Silo.Hosting;

/// <summary>Cluster mode settings, bound from the <c>TwinCity:Cluster</c> section (silo and web client alike).</summary>
public sealed class TwinCityClusterOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "TwinCity:Cluster";

    /// <summary>Default <see cref="ClusterId"/> and <see cref="ServiceId"/>.</summary>
    public const string DefaultId = "twincity";

    /// <summary>Default <see cref="SiloPort"/>.</summary>
    public const int DefaultSiloPort = 11111;

    /// <summary>Default <see cref="GatewayPort"/>.</summary>
    public const int DefaultGatewayPort = 30000;

    /// <summary>Redis connection string of the membership table (e.g. <c>127.0.0.1:6379</c>); required in cluster mode.</summary>
    public string? Redis { get; set; }

    /// <summary>Orleans cluster id: silos and clients with the same id and Redis form one cluster.</summary>
    public string ClusterId { get; set; } = DefaultId;

    /// <summary>Orleans service id: stays the same across deployments, so stored grain state is found again.</summary>
    public string ServiceId { get; set; } = DefaultId;

    /// <summary>Address this silo advertises to the others (default loopback: one machine); set the machine's own address across machines.</summary>
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>Silo-to-silo port.</summary>
    public int SiloPort { get; set; } = DefaultSiloPort;

    /// <summary>Port clients (web front ends) connect to.</summary>
    public int GatewayPort { get; set; } = DefaultGatewayPort;

    /// <summary>Azure Blob Storage connection string of the shared store; every silo of a cluster must use the same one.</summary>
    public string? BlobConnectionString { get; set; }

    /// <summary>Container in <see cref="BlobConnectionString"/> (default <c>twincity</c>).</summary>
    public string BlobContainer { get; set; } = DefaultId;
}
