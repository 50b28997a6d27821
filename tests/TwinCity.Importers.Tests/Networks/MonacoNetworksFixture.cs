using System.Diagnostics;
using TwinCity.Importers.Networks;
using TwinCity.Importers.Sources;

namespace TwinCity.Importers.Tests.Networks;

/// <summary>Reads Monaco's networks once, and the highways, utility lines and substations osmium exported from the same file.</summary>
public sealed class MonacoNetworksFixture
{
    public MonacoNetworksFixture()
    {
        var clock = Stopwatch.StartNew();
        Read = OsmNetworkReader.Read(DataFolder.GetPath("osm/monaco-latest.osm.pbf"));
        FirstReadMilliseconds = clock.Elapsed.TotalMilliseconds;
        Highways = ReferenceFeature.ReadAll(DataFolder.GetPath("derived/monaco-highways.geojson")).ToDictionary(f => f.Id);
        UtilityLines = ReferenceFeature.ReadAll(DataFolder.GetPath("derived/monaco-utility-lines.geojson")).ToDictionary(f => f.Id);
        Substations = ReferenceFeature.ReadAll(DataFolder.GetPath("derived/monaco-substations.geojson")).ToDictionary(f => f.Id);
    }

    public OsmNetworks Read { get; }

    /// <summary>The first read, JIT included.</summary>
    public double FirstReadMilliseconds { get; }

    public Dictionary<string, ReferenceFeature> Highways { get; }

    public Dictionary<string, ReferenceFeature> UtilityLines { get; }

    public Dictionary<string, ReferenceFeature> Substations { get; }
}
