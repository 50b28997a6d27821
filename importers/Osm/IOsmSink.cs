namespace TwinCity.Importers.Osm;

/// <summary>Receives the primitives of a PBF file in file order (nodes, then ways, then relations in sorted files).</summary>
internal interface IOsmSink
{
    /// <summary>A node's position in degrees.</summary>
    void OnNode(long id, double longitude, double latitude);

    /// <summary>A way with its tags (empty when untagged) and node ids.</summary>
    void OnWay(long id, IReadOnlyDictionary<string, string> tags, long[] nodeIds);

    /// <summary>A relation with its tags and members.</summary>
    void OnRelation(long id, IReadOnlyDictionary<string, string> tags, OsmMember[] members);
}
