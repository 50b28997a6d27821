namespace TwinCity.Importers.Networks;

/// <summary>Which way traffic may travel along a street segment, relative to its geometry.</summary>
public enum Oneway
{
    /// <summary>Both directions.</summary>
    No,

    /// <summary>Only from the segment's first vertex to its last (<c>oneway=yes</c>, roundabouts, motorways).</summary>
    Forward,

    /// <summary>Only from the segment's last vertex to its first (<c>oneway=-1</c>).</summary>
    Backward,
}
