namespace TwinCity.Models.Entities;

/// <summary>The kinds of <see cref="NetworkEntityInfo"/>.</summary>
public static class NetworkEntityKinds
{
    /// <summary>A piece of street between two intersections.</summary>
    public const string StreetSegment = "street-segment";

    /// <summary>A junction or line end of a power line, cable or pipeline.</summary>
    public const string UtilityNode = "utility-node";

    /// <summary>A piece of power line, cable or pipeline between two utility nodes.</summary>
    public const string UtilityEdge = "utility-edge";

    /// <summary>A power substation.</summary>
    public const string Substation = "substation";
}
