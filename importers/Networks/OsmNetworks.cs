namespace TwinCity.Importers.Networks;

/// <summary>What <see cref="OsmNetworkReader"/> found in an OpenStreetMap file.</summary>
/// <param name="Streets">The street graph.</param>
/// <param name="Utilities">Power and pipeline networks and substations.</param>
/// <param name="Skipped">Features left out, each "file id: reason" (e.g. a way whose nodes the extract cut off).</param>
public sealed record OsmNetworks(StreetGraph Streets, UtilityNetwork Utilities, IReadOnlyList<string> Skipped);
