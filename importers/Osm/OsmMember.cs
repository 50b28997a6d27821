namespace TwinCity.Importers.Osm;

/// <summary>A relation member.</summary>
/// <param name="Type">0 node, 1 way, 2 relation (the PBF enum).</param>
/// <param name="Id">The member's id.</param>
/// <param name="Role">Its role, e.g. <c>outer</c> or <c>inner</c>.</param>
internal readonly record struct OsmMember(int Type, long Id, string Role)
{
    public const int Node = 0;
    public const int Way = 1;
    public const int Relation = 2;
}
