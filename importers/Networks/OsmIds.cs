using System.Globalization;

namespace TwinCity.Importers.Networks;

/// <summary>Stable ids of OpenStreetMap features (DESIGN §2): <c>osm:node/1</c>, <c>osm:way/2</c>.</summary>
internal static class OsmIds
{
    public static string Way(long id) => string.Create(CultureInfo.InvariantCulture, $"osm:way/{id}");

    public static string Node(long id) => string.Create(CultureInfo.InvariantCulture, $"osm:node/{id}");
}
