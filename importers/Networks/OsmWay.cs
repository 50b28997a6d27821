namespace TwinCity.Importers.Networks;

/// <summary>A way kept for a network: its id, node ids in order, and all its tags.</summary>
internal sealed record OsmWay(long Id, long[] NodeIds, Dictionary<string, string> Tags);
