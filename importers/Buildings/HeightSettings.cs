namespace TwinCity.Importers.Buildings;

/// <summary>How a building's height is found when the source does not model it in 3D.</summary>
public sealed class HeightSettings
{
    /// <summary>Default for <see cref="StoreyHeight"/>: 3 m, the usual floor-to-floor height of housing.</summary>
    public const double DefaultStoreyHeight = 3.0;

    /// <summary>Default for <see cref="DefaultLevels"/>: 3 storeys, a typical mid-rise European street.</summary>
    public const int DefaultDefaultLevels = 3;

    /// <summary>Default for <see cref="MaxHeight"/>: 1,000 m, above the tallest building on Earth.</summary>
    public const double DefaultMaxHeight = 1000.0;

    /// <summary>Metres per storey when only <c>building:levels</c> is known.</summary>
    public double StoreyHeight { get; init; } = DefaultStoreyHeight;

    /// <summary>Storeys assumed when a building has neither <c>height</c> nor <c>building:levels</c>; flagged as estimated.</summary>
    public int DefaultLevels { get; init; } = DefaultDefaultLevels;

    /// <summary>Heights above this are absurd: the value is ignored (with a warning) and the default used.</summary>
    public double MaxHeight { get; init; } = DefaultMaxHeight;
}
