namespace TwinCity.Importers.Osm;

/// <summary>
/// Receives what <see cref="PrimitiveBlockDecoder"/> keeps of a PBF file, in file order (nodes, then
/// ways, then relations in a sorted file). Spans are only valid during the call.
/// </summary>
internal interface IOsmSink
{
    /// <summary>A node's position in OSM's fixed point: 1e-7 degrees.</summary>
    void OnNode(long id, int longitudeE7, int latitudeE7);

    /// <summary>
    /// A way: <paramref name="buildingTags"/> holds its tags when it is tagged <c>building</c>, and is
    /// null otherwise (it may still be a member of a building multipolygon).
    /// </summary>
    void OnWay(long id, ReadOnlySpan<long> nodeIds, Dictionary<string, string>? buildingTags);

    /// <summary>A multipolygon relation tagged <c>building</c>, with all its tags and members.</summary>
    void OnBuildingRelation(long id, Dictionary<string, string> tags, OsmMember[] members);

    /// <summary>
    /// Whether the decoder asks <see cref="Wants"/> at all (and decodes node tags). False by default,
    /// so the building reader decodes exactly as before and pays nothing for the members below.
    /// </summary>
    bool WantsTags => false;

    /// <summary>
    /// Whether a node or way carrying the tag <paramref name="key"/>=<paramref name="value"/> (raw UTF-8)
    /// is wanted with all its tags: asked tag by tag on bytes, so unwanted elements cost no string.
    /// </summary>
    bool Wants(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value) => false;

    /// <summary>A node with a wanted tag, with all its tags; called after its <see cref="OnNode"/>.</summary>
    void OnTaggedNode(long id, Dictionary<string, string> tags)
    {
    }

    /// <summary>A way with a wanted tag, with all its tags; called after its <see cref="OnWay"/>.</summary>
    void OnTaggedWay(long id, ReadOnlySpan<long> nodeIds, Dictionary<string, string> tags)
    {
    }
}
