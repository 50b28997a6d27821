namespace TwinCity.Importers.Sources;

/// <summary>Where a glTF model stands in the world: glTF has no georeference, so the planner gives one.</summary>
/// <param name="Longitude">WGS 84 longitude of the model's origin, degrees.</param>
/// <param name="Latitude">WGS 84 latitude of the model's origin, degrees.</param>
/// <param name="Height">Height of the model's lowest point, metres (0: on the ground of the city frame).</param>
/// <param name="Heading">Rotation clockwise from north, degrees: where the model's −Z (glTF "forward") points.</param>
/// <param name="Scale">Metres per model unit (glTF units are metres, so usually 1).</param>
public sealed record LandmarkPlacement(double Longitude, double Latitude, double Height = 0, double Heading = 0, double Scale = 1)
{
    /// <summary>Parses "lon,lat" or "lon,lat,height" as the CLI and the upload form give it.</summary>
    public static LandmarkPlacement? Parse(string? at, string? heading, string? scale)
    {
        if (string.IsNullOrWhiteSpace(at))
        {
            return null;
        }

        var parts = at.Split(',').Select(p => double.Parse(p.Trim(), System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        if (parts.Length is < 2 or > 3)
        {
            throw new FormatException($"placement \"{at}\": expected lon,lat or lon,lat,height");
        }

        return new LandmarkPlacement(parts[0], parts[1], parts.Length == 3 ? parts[2] : 0,
            heading is null ? 0 : double.Parse(heading, System.Globalization.CultureInfo.InvariantCulture),
            scale is null ? 1 : double.Parse(scale, System.Globalization.CultureInfo.InvariantCulture));
    }
}
