namespace TwinCity.Models.Entities;

/// <summary>
/// The geodetic anchor of a city's local east-north-up frame (DESIGN §1): every coordinate
/// of the twin is in metres east, north and up of this point on the WGS 84 ellipsoid.
/// </summary>
/// <param name="Latitude">Degrees north.</param>
/// <param name="Longitude">Degrees east.</param>
/// <param name="Height">Metres above the WGS 84 ellipsoid.</param>
[GenerateSerializer, Immutable, Alias("TwinCity.GeoOrigin")]
public sealed record GeoOrigin(double Latitude, double Longitude, double Height);
